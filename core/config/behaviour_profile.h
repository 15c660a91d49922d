// MetalLB changed behaviour between releases; metallab reproduces two of them, chosen per run.
#ifndef METALLAB_CORE_CONFIG_BEHAVIOUR_PROFILE_H_
#define METALLAB_CORE_CONFIG_BEHAVIOUR_PROFILE_H_

#include <optional>
#include <string_view>

namespace metallab::config {

enum class BehaviourProfile {
  // v0.9.x, the walkthrough's release: ConfigMap only, "metallb.universe.tf/" annotations only,
  // a new config that would orphan an assigned IP is refused, event text `Assigned IP "ip"`.
  kV0_9,
  // v0.13 and later: CRDs (the ConfigMap still loads), both annotation prefixes, revocation of
  // orphaned IPs, event text `Assigned IP ["ip"]`.
  kCurrent,
};

std::optional<BehaviourProfile> ParseBehaviourProfile(std::string_view text);
std::string_view BehaviourProfileName(BehaviourProfile profile);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_BEHAVIOUR_PROFILE_H_
