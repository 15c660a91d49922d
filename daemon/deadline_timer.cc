#include "daemon/deadline_timer.h"

#include <cstdint>

#include <sys/timerfd.h>
#include <unistd.h>

#include "daemon/system_error.h"

namespace metallab::daemon {

DeadlineTimer::DeadlineTimer() : fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
  if (!fd_.valid()) ThrowErrno("timerfd_create");
}

void DeadlineTimer::ArmAt(runtime::Instant at) {
  if (at == armed_at_) return;
  armed_at_ = at;
  itimerspec spec{};
  if (at != runtime::kNoDeadline) {
    // An all-zero it_value disarms: an instant at or before the epoch fires after 1 ns instead.
    const runtime::Instant when = at > 0 ? at : 1;
    spec.it_value.tv_sec = when / 1'000'000'000;
    spec.it_value.tv_nsec = when % 1'000'000'000;
  }
  timerfd_settime(fd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr);
}

void DeadlineTimer::Acknowledge() {
  uint64_t expirations = 0;
  [[maybe_unused]] const ssize_t got = read(fd_.get(), &expirations, sizeof expirations);
  armed_at_ = runtime::kNoDeadline;
}

}  // namespace metallab::daemon
