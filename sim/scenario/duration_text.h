// Durations as scenarios write them: "12s", "500ms", "1m30s", "1.5s", "250us", "0". The syntax
// and arithmetic are Go's time.ParseDuration, parsed by core/config/duration.h like MetalLB's
// own timers; on top of it a scenario duration is never negative nor above half the int64 range.
#ifndef METALLAB_SIM_SCENARIO_DURATION_TEXT_H_
#define METALLAB_SIM_SCENARIO_DURATION_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

// nullopt (with `error` set) for text that is not a duration, is negative or exceeds
// INT64_MAX / 2 ns (about 146 years).
std::optional<SimDuration> ParseDuration(std::string_view text, std::string* error);

// A duration as a person reads it: "12s", "200ms", "1m30s", "6.000033824s".
std::string FormatDuration(SimDuration duration);

// A duration in the largest of h, m, s, ms, us and ns that divides it exactly: "24h", "90s",
// "1500ms", "1ns", as a scenario would write it (used for limits in messages).
std::string FormatDurationInUnit(SimDuration duration);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_DURATION_TEXT_H_
