// What one MetalLB speaker reads when it decides what to announce over BGP
// (speaker/bgp_controller.go, spec §4.1–§4.2): its own Node, the LoadBalancer Services
// (layer2::LoadBalancerService, the shape both modes read), and the configuration.
// Plain values, so that the simulator and the daemon fill them from their own cluster models.
// Endpoints and Nodes are Layer 2's types: the endpoint rules are the same in both modes.
#ifndef METALLAB_CORE_BGPADVERT_ADVERTISEMENT_INPUT_H_
#define METALLAB_CORE_BGPADVERT_ADVERTISEMENT_INPUT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/layer2/election_input.h"
#include "core/layer2/load_balancer_service.h"

namespace metallab::bgpadvert {

// The node a speaker runs on.
struct SpeakerNode {
  std::string name;
  // The Node object; nullopt when the API has none for this speaker. MetalLB's health checks
  // then pass (they test a nil Node), but no BGPAdvertisement selects the node (current
  // profile): advertisement node sets are resolved against Node objects.
  std::optional<layer2::ElectionNode> object;
};

// How a session combines several advertisements of one prefix (several advertisements of a
// pool, or several Services aggregated into one prefix).
enum class PrefixMerge {
  // Spec §4.2: one route whose communities are the union, LOCAL_PREF of the first. FRR mode
  // does the same for communities (internal/bgp/frr/frr.go mergeAdvertisements), but refuses a
  // local preference conflict outright; PlannedRoute::local_pref_conflict marks that case.
  kUnion,
  // The native session's Set as studied (internal/bgp/native/native.go, and v0.9.6's
  // internal/bgp/bgp.go): advertisements keyed by prefix, the last one replacing the others
  // whole, communities included.
  kLastWins,
};

struct PlanOptions {
  config::BehaviourProfile profile = config::BehaviourProfile::kCurrent;
  bool ignore_exclude_lb = false;  // the speaker's --ignore-exclude-lb flag (current profile)
  PrefixMerge merge = PrefixMerge::kUnion;
};

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_ADVERTISEMENT_INPUT_H_
