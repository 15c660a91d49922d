#include "sim/scenario/duration_text.h"

#include <limits>
#include <utility>
#include <variant>

#include "core/config/duration.h"

namespace metallab::sim {
namespace {

// Scenario durations are added to times and to one another (a step's time plus a wait, the
// clock plus an interval); up to half the int64 range, any two of them add without overflow.
constexpr SimDuration kLongest = std::numeric_limits<SimDuration>::max() / 2;

// The scenario's words for why the parser refused `text`; they appear in users' diagnostics
// and in the CLI's golden output.
std::string Reason(std::string_view text, const config::DurationError& error) {
  switch (error.fault) {
    case config::DurationFault::kEmpty:
      return "empty";
    case config::DurationFault::kExpectedNumber:
      if (error.at == text.size()) return "expected a number at the end";
      return "expected a number at \"" + std::string(text.substr(error.at)) + "\"";
    case config::DurationFault::kNoDigits:
      return "bad number " + std::string(text.substr(error.at, error.length));
    case config::DurationFault::kMissingUnit:
    case config::DurationFault::kUnknownUnit:
      break;
    case config::DurationFault::kOverflow:
      return "too long";
  }
  return "missing or unknown unit (use ns, us, ms, s, m, h)";
}

}  // namespace

std::optional<SimDuration> ParseDuration(std::string_view text, std::string* error) {
  const auto fail = [&](const std::string& reason) -> std::optional<SimDuration> {
    if (error != nullptr) *error = "\"" + std::string(text) + "\" is not a duration: " + reason;
    return std::nullopt;
  };
  const auto parsed = config::ParseGoDuration(text);
  if (const auto* problem = std::get_if<config::DurationError>(&parsed)) {
    return fail(Reason(text, *problem));
  }
  const SimDuration duration = std::get<int64_t>(parsed);
  // Go accepts "-1s"; a scenario's times and intervals count forward.
  if (duration < 0) return fail("negative");
  if (duration > kLongest) return fail("too long");
  return duration;
}

std::string FormatDuration(SimDuration duration) {
  if (duration < 0) return "-" + FormatDuration(-duration);
  constexpr SimDuration kSecond = 1'000'000'000;
  if (duration == 0) return "0s";
  if (duration < kSecond && duration % 1'000'000 == 0)
    return std::to_string(duration / 1'000'000) + "ms";
  const SimDuration minutes = duration / (60 * kSecond);
  const SimDuration rest = duration % (60 * kSecond);
  std::string seconds = std::to_string(rest / kSecond);
  if (rest % kSecond != 0) {
    std::string fraction = std::to_string(rest % kSecond + kSecond).substr(1);
    while (fraction.back() == '0') fraction.pop_back();
    seconds += "." + fraction;
  }
  if (minutes == 0) return seconds + "s";
  return std::to_string(minutes) + "m" + (rest == 0 ? "" : seconds + "s");
}

std::string FormatDurationInUnit(SimDuration duration) {
  if (duration == 0) return "0s";
  static constexpr std::pair<SimDuration, const char*> kUnits[] = {
      {3'600'000'000'000, "h"}, {60'000'000'000, "m"}, {1'000'000'000, "s"},
      {1'000'000, "ms"},        {1'000, "us"},         {1, "ns"},
  };
  for (const auto& [size, unit] : kUnits) {
    if (duration % size == 0) return std::to_string(duration / size) + unit;
  }
  return std::to_string(duration) + "ns";
}

}  // namespace metallab::sim
