// Go's time.Duration text, which both configuration formats use for BGP timers: the legacy
// ConfigMap's "hold-time: 90s" and the CRDs' metav1.Duration ("holdTime: 1m30s").
#ifndef METALLAB_CORE_CONFIG_DURATION_H_
#define METALLAB_CORE_CONFIG_DURATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace metallab::config {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

// Why a text is not a Go duration, and where: enough for each caller to word the error its
// own way (the config parsers repeat Go's messages, scenarios have their own) while the syntax
// and arithmetic stay in one parser.
enum class DurationFault : uint8_t {
  kEmpty,           // no text at all
  kExpectedNumber,  // a number (a digit or '.') must start here and none does
  kNoDigits,        // a number that is only "."
  kMissingUnit,     // a number with no unit after it
  kUnknownUnit,     // a unit that is none of Go's
  kOverflow,        // beyond the int64 nanosecond range
};

struct DurationError {
  DurationFault fault = DurationFault::kEmpty;
  // The number or unit at fault, as an offset and length into the text; for kExpectedNumber
  // and kMissingUnit where one should start (length 0), for kOverflow the whole text.
  size_t at = 0;
  size_t length = 0;
  friend bool operator==(const DurationError&, const DurationError&) = default;
};

// time.ParseDuration: a sign, then one or more decimal numbers (fractions allowed) each with a
// unit among ns, us (µs, μs), ms, s, m, h; "0" alone needs no unit. Returns nanoseconds, with
// Go's arithmetic: exact integers, fractions below a nanosecond truncated per number, and
// anything beyond the int64 nanosecond range invalid.
std::variant<int64_t, DurationError> ParseGoDuration(std::string_view text);

// Go's message for `error` from ParseGoDuration(text): `time: invalid duration "x"`,
// `time: missing unit in duration "x"` or `time: unknown unit "u" in duration "x"`.
std::string GoDurationErrorText(std::string_view text, const DurationError& error);

// The two together: nullopt with *error (when not null) set to Go's message.
std::optional<int64_t> ParseGoDuration(std::string_view text, std::string* error);

// Duration.String(): "1m30s", "1.5s", "500ms", "0s", "-2h0m0s".
std::string FormatGoDuration(int64_t nanoseconds);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_DURATION_H_
