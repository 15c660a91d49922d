// The daemon's `now`: CLOCK_MONOTONIC in nanoseconds, which never jumps with the wall clock, so
// membership and announcer timers keep their length across an NTP step.
#ifndef METALLAB_DAEMON_MONOTONIC_CLOCK_H_
#define METALLAB_DAEMON_MONOTONIC_CLOCK_H_

#include <time.h>

#include "core/runtime/time.h"

namespace metallab::daemon {

inline runtime::Instant MonotonicNow() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<runtime::Instant>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_MONOTONIC_CLOCK_H_
