// Time as the sans-I/O core sees it: an instant and a duration in nanoseconds on the driver's
// monotonic clock. The simulator passes virtual time, the daemon CLOCK_MONOTONIC; core code never
// reads a clock itself, it is handed `now` with every input.
#ifndef METALLAB_CORE_RUNTIME_TIME_H_
#define METALLAB_CORE_RUNTIME_TIME_H_

#include <cstdint>
#include <limits>

namespace metallab::runtime {

using Instant = int64_t;   // ns since the driver's epoch
using Duration = int64_t;  // ns

constexpr Instant kNoDeadline = std::numeric_limits<Instant>::max();

constexpr Duration Milliseconds(int64_t ms) { return ms * 1'000'000; }
constexpr Duration Seconds(int64_t s) { return s * 1'000'000'000; }

}  // namespace metallab::runtime

#endif  // METALLAB_CORE_RUNTIME_TIME_H_
