#include "core/membership/local_health.h"

#include <algorithm>

namespace metallab::membership {

bool LocalHealth::ApplyDelta(int delta) {
  const int before = score_;
  score_ = std::clamp(score_ + delta, 0, std::max(0, max_multiplier_ - 1));
  return score_ != before;
}

runtime::Duration LocalHealth::Scale(runtime::Duration timeout) const {
  return timeout * (score_ + 1);
}

}  // namespace metallab::membership
