// Virtual time: signed 64-bit nanoseconds since the start of a run (±292 years).
#ifndef METALLAB_SIM_ENGINE_SIM_TIME_H_
#define METALLAB_SIM_ENGINE_SIM_TIME_H_

#include <cstdint>
#include <string>

namespace metallab::sim {

using SimTime = int64_t;      // an instant, ns since the run started
using SimDuration = int64_t;  // a span, ns

constexpr SimDuration kNanosecond = 1;
constexpr SimDuration kMicrosecond = 1000;
constexpr SimDuration kMillisecond = 1000 * kMicrosecond;
constexpr SimDuration kSecond = 1000 * kMillisecond;
constexpr SimTime kNever = INT64_MAX;

constexpr SimDuration Microseconds(int64_t n) { return n * kMicrosecond; }
constexpr SimDuration Milliseconds(int64_t n) { return n * kMillisecond; }
constexpr SimDuration Seconds(int64_t n) { return n * kSecond; }

// "12.345678901s": exact, fixed nine decimals, for traces and reports.
std::string FormatTime(SimTime time);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_SIM_TIME_H_
