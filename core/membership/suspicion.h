// Lifeguard's suspicion timeout (memberlist suspicion.go, util.go): a suspected member is
// declared dead when the timer runs out. The timer starts long (max) and shrinks towards min as
// other members independently confirm the suspicion, so a member that is merely slow to answer
// one prober gets time to refute, while a dead one, confirmed by several, goes quickly.
//
//   min = suspicion_mult × max(1, log10(max(1, N))) × probe_interval
//   max = suspicion_max_timeout_mult × min
//   timeout(c) = max − (ln(c + 1) / ln(k + 1)) × (max − min), floored at min, whole milliseconds
//
// with c confirmations so far and k = suspicion_mult − 2 expected ones (0 when the cluster has
// fewer than k members besides the suspect and us, and then the timeout is min from the start).
#ifndef METALLAB_CORE_MEMBERSHIP_SUSPICION_H_
#define METALLAB_CORE_MEMBERSHIP_SUSPICION_H_

#include <set>
#include <string>

#include "core/membership/memberlist_config.h"
#include "core/runtime/time.h"

namespace metallab::membership {

// The minimum suspicion timeout for a cluster of `members` (memberlist's suspicionTimeout).
runtime::Duration MinSuspicionTimeout(const MemberlistConfig& config, size_t members);

class Suspicion {
 public:
  // Started at `now` on the word of `from`, in a cluster of `members` (us included).
  Suspicion(const MemberlistConfig& config, size_t members, const std::string& from,
            runtime::Instant now);

  // A further member suspects the same incarnation, at `now`. True when this is a new, counted
  // confirmation (the deadline may have moved closer, but never before `now`: a timer whose
  // remaining time ran out fires at once).
  bool Confirm(const std::string& from, runtime::Instant now);

  runtime::Instant deadline() const { return deadline_; }
  runtime::Duration min() const { return min_; }
  runtime::Duration max() const { return max_; }
  int confirmations() const { return confirmations_; }
  int expected_confirmations() const { return k_; }

 private:
  runtime::Duration TimeoutFor(int confirmations) const;

  runtime::Instant start_;
  runtime::Duration min_;
  runtime::Duration max_;
  int k_;
  int confirmations_ = 0;
  std::set<std::string> confirmed_by_;
  runtime::Instant deadline_;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_SUSPICION_H_
