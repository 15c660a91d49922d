// At most `burst` log lines per window for one kind of event (rejected datagrams, from anyone on
// the network): the rest are counted and reported as one line when the window ends.
#ifndef METALLAB_DAEMON_LOG_RATE_LIMIT_H_
#define METALLAB_DAEMON_LOG_RATE_LIMIT_H_

#include <cstdint>

#include "core/runtime/time.h"

namespace metallab::daemon {

class LogRateLimit {
 public:
  explicit LogRateLimit(int burst = 10, runtime::Duration window = runtime::Seconds(10))
      : burst_(burst), window_(window) {}

  // Whether an event at `now` may be logged; counts it as suppressed otherwise.
  bool Admit(runtime::Instant now) {
    Roll(now);
    if (admitted_ < burst_) {
      ++admitted_;
      return true;
    }
    ++suppressed_;
    return false;
  }
  // The events suppressed in windows that have ended by `now` (and forgets them).
  uint64_t TakeSuppressed(runtime::Instant now) {
    Roll(now);
    const uint64_t ended = ended_suppressed_;
    ended_suppressed_ = 0;
    return ended;
  }

 private:
  void Roll(runtime::Instant now) {
    if (now - window_start_ < window_) return;
    window_start_ = now;
    admitted_ = 0;
    ended_suppressed_ += suppressed_;
    suppressed_ = 0;
  }

  int burst_;
  runtime::Duration window_;
  runtime::Instant window_start_ = 0;
  int admitted_ = 0;
  uint64_t suppressed_ = 0;
  uint64_t ended_suppressed_ = 0;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_LOG_RATE_LIMIT_H_
