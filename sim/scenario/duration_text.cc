#include "sim/scenario/duration_text.h"

#include <cmath>
#include <limits>

namespace metallab::sim {
namespace {

std::optional<int64_t> UnitNanoseconds(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "µs") return 1'000;
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return std::nullopt;
}

bool IsUnitChar(char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

std::optional<SimDuration> ParseDuration(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<SimDuration> {
    *error = "\"" + std::string(text) + "\" is not a duration: " + std::move(message);
    return std::nullopt;
  };
  if (text == "0") return 0;
  if (text.empty()) return fail("empty");
  double total = 0;
  size_t at = 0;
  while (at < text.size()) {
    const size_t number_start = at;
    while (at < text.size() && ((text[at] >= '0' && text[at] <= '9') || text[at] == '.')) ++at;
    if (at == number_start)
      return fail("expected a number at \"" + std::string(text.substr(at)) + "\"");
    const std::string number(text.substr(number_start, at - number_start));
    if (number.find('.') != number.rfind('.') || number == ".") return fail("bad number " + number);
    const size_t unit_start = at;
    while (at < text.size() && IsUnitChar(text[at])) ++at;
    const auto unit = UnitNanoseconds(text.substr(unit_start, at - unit_start));
    if (!unit) return fail("missing or unknown unit (use ns, us, ms, s, m, h)");
    total += std::stod(number) * static_cast<double>(*unit);
    if (total > static_cast<double>(std::numeric_limits<int64_t>::max() / 2))
      return fail("too long");
  }
  return static_cast<SimDuration>(std::llround(total));
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

}  // namespace metallab::sim
