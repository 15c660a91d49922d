// Why a speaker does not announce a Layer 2 Service from its node, finer than MetalLB's logs:
// MetalLB says "notOwner" for everything from kNoServingEndpoints to kNotOwner, and names the
// others as here. `metallab explain` and the analytics show these.
#ifndef METALLAB_CORE_SPEAKER_NOT_ANNOUNCED_REASON_H_
#define METALLAB_CORE_SPEAKER_NOT_ANNOUNCED_REASON_H_

#include <string_view>

#include "core/layer2/candidates.h"
#include "core/layer2/election_memo.h"

namespace metallab::speaker {

enum class NotAnnouncedReason {
  kNoIpAllocated,                // the Service has no ingress IP yet
  kNoServingEndpoints,           // no endpoint anywhere can serve
  kSharedIpWithServiceSelector,  // allow-shared-ip with a serviceSelectors advertisement
  kNoMatchingAdvertisement,      // no L2Advertisement selects the Service's pool
  kNotMember,                    // memberlist does not count this node alive
  kNetworkUnavailable,
  kExcludedByLabel,
  kNotSelected,       // no advertisement's nodeSelectors select this node
  kNoLocalEndpoints,  // Local policy (v0.9: any policy) and no serving endpoint here
  kNotOwner,          // a candidate, but another node ranks first
};

// "noIPAllocated", "notOwner", ...
std::string_view NotAnnouncedReasonName(NotAnnouncedReason reason);

// The reason, from the election's verdict and this node's own standing; nullopt-free: call only
// when the verdict's owner is not this node.
NotAnnouncedReason ReasonNotAnnounced(const layer2::ElectionVerdict& verdict,
                                      layer2::Ineligibility standing);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_NOT_ANNOUNCED_REASON_H_
