// A timerfd on CLOCK_MONOTONIC armed at an absolute instant: the speaker's NextTimeout() goes in
// as it is, so no drift accumulates from computing relative delays.
#ifndef METALLAB_DAEMON_DEADLINE_TIMER_H_
#define METALLAB_DAEMON_DEADLINE_TIMER_H_

#include "core/runtime/time.h"
#include "daemon/unique_fd.h"

namespace metallab::daemon {

class DeadlineTimer {
 public:
  DeadlineTimer();  // throws when the timerfd cannot be created

  int fd() const { return fd_.get(); }
  // Fires (the fd turns readable) at `at`, at once when `at` is past; kNoDeadline disarms.
  void ArmAt(runtime::Instant at);
  // Clears the readable state after it fired.
  void Acknowledge();
  runtime::Instant armed_at() const { return armed_at_; }

 private:
  UniqueFd fd_;
  runtime::Instant armed_at_ = runtime::kNoDeadline;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_DEADLINE_TIMER_H_
