// Lifeguard's local health (memberlist awareness.go): a member's own estimate of how likely it is
// that a failed probe is its own fault (a busy CPU, a lossy receive path) rather than the
// target's. The score rises when the member's probes fail without the nacks its helpers should
// have sent, and when it has to refute a suspicion of itself; it falls with every successful
// probe. While it is raised the member waits longer for each probe (the interval times
// score + 1), so an unhealthy member accuses others more slowly instead of flapping the cluster.
//
// Score range [0, max_multiplier − 1]; memberlist's AwarenessMaxMultiplier is 8.
#ifndef METALLAB_CORE_MEMBERSHIP_LOCAL_HEALTH_H_
#define METALLAB_CORE_MEMBERSHIP_LOCAL_HEALTH_H_

#include "core/runtime/time.h"

namespace metallab::membership {

class LocalHealth {
 public:
  explicit LocalHealth(int max_multiplier) : max_multiplier_(max_multiplier) {}

  // Moves the score by `delta`, clamped to the range. True when the score changed.
  bool ApplyDelta(int delta);
  int score() const { return score_; }
  // `timeout` × (score + 1).
  runtime::Duration Scale(runtime::Duration timeout) const;

 private:
  int max_multiplier_;
  int score_ = 0;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_LOCAL_HEALTH_H_
