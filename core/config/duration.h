// Go's time.Duration text, which both configuration formats use for BGP timers: the legacy
// ConfigMap's "hold-time: 90s" and the CRDs' metav1.Duration ("holdTime: 1m30s").
#ifndef METALLAB_CORE_CONFIG_DURATION_H_
#define METALLAB_CORE_CONFIG_DURATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace metallab::config {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

// time.ParseDuration: a sign, then one or more decimal numbers (fractions allowed) each with a
// unit among ns, us (µs, μs), ms, s, m, h; "0" alone needs no unit. Returns nanoseconds. On
// failure returns nullopt and sets *error to Go's text (`time: invalid duration "x"`,
// `time: missing unit in duration "x"`, `time: unknown unit "u" in duration "x"`); values beyond
// the int64 nanosecond range are invalid, as in Go.
std::optional<int64_t> ParseGoDuration(std::string_view text, std::string* error);

// Duration.String(): "1m30s", "1.5s", "500ms", "0s", "-2h0m0s".
std::string FormatGoDuration(int64_t nanoseconds);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_DURATION_H_
