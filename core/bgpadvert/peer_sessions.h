// Spec §4.1 "Sessions": which BGPPeers a speaker keeps a session with. Every peer whose node
// selectors match this node's labels gets one whether or not anything is advertised to it,
// so a node can peer with a router it sends no route to.
#ifndef METALLAB_CORE_BGPADVERT_PEER_SESSIONS_H_
#define METALLAB_CORE_BGPADVERT_PEER_SESSIONS_H_

#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/config/config.h"

namespace metallab::bgpadvert {

// No node selector selects every node; a speaker without a Node object matches with no labels
// (MetalLB's empty label set), so only selector-less peers, or selectors such as DoesNotExist,
// reach it. The same in both profiles: v0.9's empty node-selectors list meant "everything".
bool HasSession(const config::BgpPeer& peer, const SpeakerNode& node);

// The peers this node has sessions with, in configuration order. Points into `config`.
std::vector<const config::BgpPeer*> SessionPeers(const config::Config& config,
                                                 const SpeakerNode& node);

// The session is iBGP: LOCAL_PREF is sent (spec §4.3, native: always, 0 when unset), the
// AS_PATH is empty. The local AS is localASN when set (FRR's "local-as"), else myASN;
// dynamicASN "internal" is iBGP and "external" eBGP whatever the numbers.
bool IsInternal(const config::BgpPeer& peer);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_PEER_SESSIONS_H_
