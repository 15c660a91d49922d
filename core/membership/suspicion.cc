#include "core/membership/suspicion.h"

#include <algorithm>
#include <cmath>

namespace metallab::membership {

runtime::Duration MinSuspicionTimeout(const MemberlistConfig& config, size_t members) {
  const double node_scale = std::max(1.0, std::log10(std::max(1.0, static_cast<double>(members))));
  // memberlist computes in float milliseconds and truncates to whole milliseconds.
  const double interval_ms = static_cast<double>(config.probe_interval) / 1e6;
  const auto ms = static_cast<int64_t>(config.suspicion_mult * node_scale * interval_ms);
  return runtime::Milliseconds(ms);
}

Suspicion::Suspicion(const MemberlistConfig& config, size_t members, const std::string& from,
                     runtime::Instant now)
    : start_(now),
      min_(MinSuspicionTimeout(config, members)),
      max_(config.suspicion_max_timeout_mult * min_),
      k_(config.suspicion_mult - 2) {
  // Not counting ourselves and the suspect, too few members are left to confirm k times.
  if (static_cast<int>(members) - 2 < k_) k_ = 0;
  confirmed_by_.insert(from);  // the originator is not a confirmation
  deadline_ = start_ + (k_ < 1 ? min_ : max_);
}

runtime::Duration Suspicion::TimeoutFor(int confirmations) const {
  const double fraction = std::log(confirmations + 1.0) / std::log(k_ + 1.0);
  const double raw_ms =
      static_cast<double>(max_ - fraction * static_cast<double>(max_ - min_)) / 1e6;
  const runtime::Duration timeout = runtime::Milliseconds(static_cast<int64_t>(std::floor(raw_ms)));
  return std::max(timeout, min_);
}

bool Suspicion::Confirm(const std::string& from, runtime::Instant now) {
  if (confirmations_ >= k_) return false;
  if (!confirmed_by_.insert(from).second) return false;
  ++confirmations_;
  deadline_ = std::max(now, start_ + TimeoutFor(confirmations_));
  return true;
}

}  // namespace metallab::membership
