// MetalLB's Layer 2 owner election for one Service (speaker/layer2_controller.go ShouldAnnounce),
// seen from outside: instead of each speaker asking "is it me?", metallab computes the whole
// ranking once, so a simulation or a report can show who announces and who would take over.
#ifndef METALLAB_CORE_LAYER2_OWNER_ELECTION_H_
#define METALLAB_CORE_LAYER2_OWNER_ELECTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer2/election_input.h"

namespace metallab::layer2 {

// Why a Service is, or is not, announced. Every outcome but kElected is MetalLB's "notOwner" on
// every speaker.
enum class ElectionOutcome {
  kElected,
  kNoIngressIp,                  // no IP assigned yet: speakers withdraw ("noIPAllocated")
  kNoServingEndpoints,           // no endpoint anywhere can serve
  kSharedIpWithServiceSelector,  // allow-shared-ip and an advertisement with serviceSelectors
  kNoMatchingAdvertisement,
  kNoCandidates,  // every node was filtered out
};

// "elected", "noIngressIp", ... for reports.
std::string_view ElectionOutcomeName(ElectionOutcome outcome);

struct ElectionResult {
  ElectionOutcome outcome = ElectionOutcome::kNoCandidates;
  std::vector<std::string> ranking;  // candidates, best first; empty unless kElected
  std::optional<std::string> owner;  // ranking.front(): announces all of the Service's IPs

  bool AnnouncesFrom(std::string_view node) const { return owner && *owner == node; }
};

ElectionResult ElectOwner(const ElectionInput& input);

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_OWNER_ELECTION_H_
