// Reading the values scenario files share (durations, addresses), with errors at the field's
// file:line:column. Used by the scenario loader and the readers of its sections.
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_FIELDS_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_FIELDS_H_

#include <optional>
#include <string_view>

#include "core/manifest/field_reader.h"
#include "core/net/ip_address.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

// How diagnostics name the object a scenario file describes.
inline constexpr const char* kScenarioObject = "Scenario";

// "12s", "500ms" ... (duration_text.h); nullopt when absent or wrong (reported).
std::optional<SimDuration> ReadDuration(
    const manifest::FieldReader& reader, std::string_view key,
    manifest::Presence presence = manifest::Presence::kOptional);

// The range a scenario duration may take, documented with the field in docs/scenarios.md. Short
// repeating timers make a run slow and large; an unbounded one never ends.
struct DurationRange {
  SimDuration min = 0;
  SimDuration max = 0;
  bool zero_turns_off = false;  // 0 is also allowed, meaning "off"
};

// ReadDuration, then an error naming the range when the value is outside it (nullopt then).
std::optional<SimDuration> ReadDurationWithin(const manifest::FieldReader& reader,
                                              std::string_view key, const DurationRange& range);

// A point on the run's timeline (a step's or an expectation's `at`, a probe's `start`): a
// duration from 0 to `run_duration`, the end of the run included. Later is an error (nothing
// would happen, or be checked, there); nullopt when absent or wrong (reported).
std::optional<SimTime> ReadTimeInRun(const manifest::FieldReader& reader, std::string_view key,
                                     SimDuration run_duration,
                                     manifest::Presence presence = manifest::Presence::kOptional);

// "192.168.1.10/24" or "192.168.1.10" (then /24, or /64 for IPv6); false when absent or wrong.
bool ReadAddress(const manifest::FieldReader& reader, std::string_view key, net::IpAddress& address,
                 int& prefix_length, manifest::Presence presence = manifest::Presence::kRequired);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_FIELDS_H_
