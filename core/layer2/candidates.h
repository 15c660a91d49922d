// Which nodes may announce a Service: MetalLB's endpoint conditions, speaker liveness, node
// health and labels, advertisement node selectors and the traffic policy, per profile.
#ifndef METALLAB_CORE_LAYER2_CANDIDATES_H_
#define METALLAB_CORE_LAYER2_CANDIDATES_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer2/election_input.h"

namespace metallab::layer2 {

// Current: ready unset or true, or serving true (an endpoint terminating gracefully still
// serves). v0.9 read Endpoints, where only ready addresses exist: serving is ignored.
bool EndpointCanServe(const ElectionEndpoint& endpoint, ElectionProfile profile);

bool AnyEndpointCanServe(const std::vector<ElectionEndpoint>& endpoints, ElectionProfile profile);

// Nodes hosting at least one endpoint that can serve.
std::set<std::string> NodesWithServingEndpoint(const std::vector<ElectionEndpoint>& endpoints,
                                               ElectionProfile profile);

bool IsExcludedFromLoadBalancers(const ElectionNode& node);

// The nodes that take part in the election, unordered (sets, so duplicates in the input count
// once).
//
// Current: live members (every Kubernetes node when memberlist is disabled), minus nodes whose
// network is unavailable and, unless ignore_exclude_lb, nodes with the exclusion label, kept
// only when some advertisement selects them; under the Local policy only those hosting an
// endpoint that can serve.
//
// v0.9: nodes hosting a ready endpoint, whatever the policy, intersected with the live members
// when memberlist is enabled. v0.9.6 had neither the NetworkUnavailable check nor the exclusion
// label, and L2 announcements had no node selectors, so neither those fields nor the
// advertisements' node sets filter anything here.
std::set<std::string> ElectionCandidates(const ElectionInput& input);

// Why a node is not among ElectionCandidates, in the order the checks apply. A node is a
// candidate exactly when both halves say kEligible.
enum class Ineligibility {
  kEligible,
  kNotMember,           // memberlist does not count it alive or suspect
  kNetworkUnavailable,  // its NetworkUnavailable condition is True
  kExcludedByLabel,     // node.kubernetes.io/exclude-from-external-load-balancers
  kNotSelected,         // no advertisement of the Service selects it
  kNoServingEndpoint,   // it hosts no endpoint that can serve (Local policy; always in v0.9)
};

// "notMember", "networkUnavailable", ... for reports.
std::string_view IneligibilityName(Ineligibility reason);

// The half that does not depend on the Service (membership, node conditions and labels): a
// speaker judges it once per reconciliation. Reads the input's shared part only.
Ineligibility NodeIneligibility(const ElectionInput& input, std::string_view node);
// The half that does (advertisements' node selectors, endpoints).
Ineligibility ServiceIneligibility(const ElectionInput& input, std::string_view node);

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_CANDIDATES_H_
