#include "core/bgpadvert/peer_sessions.h"

namespace metallab::bgpadvert {

bool HasSession(const config::BgpPeer& peer, const SpeakerNode& node) {
  if (peer.node_selectors.empty()) return true;
  return k8s::AnyMatches(peer.node_selectors, node.object ? node.object->labels : k8s::Labels{});
}

std::vector<const config::BgpPeer*> SessionPeers(const config::Config& config,
                                                 const SpeakerNode& node) {
  std::vector<const config::BgpPeer*> peers;
  for (const config::BgpPeer& peer : config.peers) {
    if (HasSession(peer, node)) peers.push_back(&peer);
  }
  return peers;
}

bool IsInternal(const config::BgpPeer& peer) {
  if (peer.dynamic_asn == "internal") return true;
  if (peer.dynamic_asn == "external") return false;
  const uint32_t local = peer.local_asn != 0 ? peer.local_asn : peer.my_asn;
  return local == peer.peer_asn;
}

}  // namespace metallab::bgpadvert
