#include "core/config/behaviour_profile.h"

namespace metallab::config {

std::optional<BehaviourProfile> ParseBehaviourProfile(std::string_view text) {
  if (text == "v0.9") return BehaviourProfile::kV0_9;
  if (text == "current") return BehaviourProfile::kCurrent;
  return std::nullopt;
}

std::string_view BehaviourProfileName(BehaviourProfile profile) {
  return profile == BehaviourProfile::kV0_9 ? "v0.9" : "current";
}

}  // namespace metallab::config
