#include "core/speaker/speaker_options.h"

namespace metallab::speaker {

SpeakerOptions ForRelease(config::BehaviourProfile profile, config::BgpMode mode) {
  SpeakerOptions options;
  const bool v0_9 = profile == config::BehaviourProfile::kV0_9;
  options.profile = v0_9 ? layer2::ElectionProfile::kV0_9 : layer2::ElectionProfile::kCurrent;
  options.bgp.plan.profile = profile;
  // MetalLB v0.9's native session never expires a silent peer (docs/bgp.md).
  options.bgp.enforce_hold_timer = !v0_9;
  options.bgp.frr = mode != config::BgpMode::kNative;
  // announcer.go spamLoop: v0.9's ticker runs from the start; v0.11 on, it restarts per burst.
  options.gratuitous.ticker_restarts_when_idle = !v0_9;
  return options;
}

}  // namespace metallab::speaker
