#include "core/speaker/not_announced_reason.h"

namespace metallab::speaker {

std::string_view NotAnnouncedReasonName(NotAnnouncedReason reason) {
  switch (reason) {
    case NotAnnouncedReason::kNoIpAllocated:
      return "noIPAllocated";
    case NotAnnouncedReason::kNoServingEndpoints:
      return "noServingEndpoints";
    case NotAnnouncedReason::kSharedIpWithServiceSelector:
      return "sharedIPWithServiceSelector";
    case NotAnnouncedReason::kNoMatchingAdvertisement:
      return "noMatchingAdvertisement";
    case NotAnnouncedReason::kNotMember:
      return "notMember";
    case NotAnnouncedReason::kNetworkUnavailable:
      return "networkUnavailable";
    case NotAnnouncedReason::kExcludedByLabel:
      return "excludedByLabel";
    case NotAnnouncedReason::kNotSelected:
      return "notSelectedByAdvertisement";
    case NotAnnouncedReason::kNoLocalEndpoints:
      return "noLocalEndpoints";
    case NotAnnouncedReason::kNotOwner:
      return "notOwner";
  }
  return "unknown";
}

NotAnnouncedReason ReasonNotAnnounced(const layer2::ElectionVerdict& verdict,
                                      layer2::Ineligibility standing) {
  using layer2::ElectionOutcome;
  using layer2::Ineligibility;
  switch (verdict.outcome) {
    case ElectionOutcome::kNoIngressIp:
      return NotAnnouncedReason::kNoIpAllocated;
    case ElectionOutcome::kNoServingEndpoints:
      return NotAnnouncedReason::kNoServingEndpoints;
    case ElectionOutcome::kSharedIpWithServiceSelector:
      return NotAnnouncedReason::kSharedIpWithServiceSelector;
    case ElectionOutcome::kNoMatchingAdvertisement:
      return NotAnnouncedReason::kNoMatchingAdvertisement;
    case ElectionOutcome::kElected:
    case ElectionOutcome::kNoCandidates:
      break;
  }
  switch (standing) {
    case Ineligibility::kNotMember:
      return NotAnnouncedReason::kNotMember;
    case Ineligibility::kNetworkUnavailable:
      return NotAnnouncedReason::kNetworkUnavailable;
    case Ineligibility::kExcludedByLabel:
      return NotAnnouncedReason::kExcludedByLabel;
    case Ineligibility::kNotSelected:
      return NotAnnouncedReason::kNotSelected;
    case Ineligibility::kNoServingEndpoint:
      return NotAnnouncedReason::kNoLocalEndpoints;
    case Ineligibility::kEligible:
      break;
  }
  return NotAnnouncedReason::kNotOwner;
}

}  // namespace metallab::speaker
