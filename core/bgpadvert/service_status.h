// Spec §5: the peers a ServiceBGPStatus lists for a Service on a node (current profile; v0.9
// had no such resource). MetalLB derives them from what the sessions were handed
// (bgp_controller.go notifyAdsChanged), by prefix: a peer is listed for every Service producing
// a prefix the peer receives.
//
// Surprise reproduced: when Services share a prefix (aggregation), each lists the peers of the
// others' advertisements too, even a peer none of its own advertisements names.
#ifndef METALLAB_CORE_BGPADVERT_SERVICE_STATUS_H_
#define METALLAB_CORE_BGPADVERT_SERVICE_STATUS_H_

#include <map>
#include <string>
#include <vector>

#include "core/bgpadvert/route_plan.h"
#include "core/config/config.h"

namespace metallab::bgpadvert {

// `routes` maps each announced Service's key to its ServiceRoutes; `sessions` are the peers
// this node has sessions with. Returns, per Service key with at least one peer, the peer
// names, sorted.
std::map<std::string, std::vector<std::string>> StatusPeers(
    const std::map<std::string, std::vector<ServiceRoute>>& routes,
    const std::vector<const config::BgpPeer*>& sessions);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_SERVICE_STATUS_H_
