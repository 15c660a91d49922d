#include "core/layer2/owner_election.h"

#include <algorithm>

#include "core/layer2/candidates.h"
#include "core/layer2/ranking.h"

namespace metallab::layer2 {
namespace {

bool AnyAdvertisementSelectsServices(const std::vector<ElectionAdvertisement>& ads) {
  return std::any_of(ads.begin(), ads.end(),
                     [](const ElectionAdvertisement& ad) { return ad.has_service_selectors; });
}

// The checks that silence every speaker before any node is considered, in MetalLB's order.
std::optional<ElectionOutcome> Precondition(const ElectionInput& input) {
  if (input.service.first_ip.empty()) return ElectionOutcome::kNoIngressIp;
  if (!AnyEndpointCanServe(input.endpoints, input.profile))
    return ElectionOutcome::kNoServingEndpoints;
  // Services sharing an IP may match different advertisements, and so could elect different
  // owners for one address; rather than risk two nodes answering for it, nobody announces.
  if (input.service.allow_shared_ip && AnyAdvertisementSelectsServices(input.advertisements))
    return ElectionOutcome::kSharedIpWithServiceSelector;
  if (input.advertisements.empty()) return ElectionOutcome::kNoMatchingAdvertisement;
  return std::nullopt;
}

}  // namespace

std::string_view ElectionOutcomeName(ElectionOutcome outcome) {
  switch (outcome) {
    case ElectionOutcome::kElected:
      return "elected";
    case ElectionOutcome::kNoIngressIp:
      return "noIngressIp";
    case ElectionOutcome::kNoServingEndpoints:
      return "noServingEndpoints";
    case ElectionOutcome::kSharedIpWithServiceSelector:
      return "sharedIpWithServiceSelector";
    case ElectionOutcome::kNoMatchingAdvertisement:
      return "noMatchingAdvertisement";
    case ElectionOutcome::kNoCandidates:
      return "noCandidates";
  }
  return "unknown";
}

ElectionResult ElectOwner(const ElectionInput& input) {
  ElectionResult result;
  if (const auto refused = Precondition(input)) {
    result.outcome = *refused;
    return result;
  }
  result.ranking = Rank(ElectionCandidates(input), input);
  if (result.ranking.empty()) {
    result.outcome = ElectionOutcome::kNoCandidates;
    return result;
  }
  result.outcome = ElectionOutcome::kElected;
  result.owner = result.ranking.front();
  return result;
}

}  // namespace metallab::layer2
