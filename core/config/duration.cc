#include "core/config/duration.h"

#include <array>
#include <climits>

namespace metallab::config {
namespace {

constexpr uint64_t kLimit = uint64_t{1} << 63;  // |min int64|: the largest magnitude Go allows

std::optional<uint64_t> UnitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") return 1'000;  // u, µ, μ
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60ULL * 1'000'000'000;
  if (unit == "h") return 3600ULL * 1'000'000'000;
  return std::nullopt;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's time.quote: like %q but every non-ASCII byte is escaped too.
std::string TimeQuote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || byte < 0x20) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

// Writes the fraction of v / 10^precision into the tail of buf (omitting trailing zeros and
// the point when nothing remains); returns the new start and v / 10^precision.
template <size_t N>
size_t FormatFraction(std::array<char, N>& buf, size_t w, uint64_t& v, int precision) {
  bool print = false;
  for (int i = 0; i < precision; ++i) {
    const auto digit = static_cast<char>(v % 10);
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  return w;
}

template <size_t N>
size_t FormatInteger(std::array<char, N>& buf, size_t w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
    return w;
  }
  while (v > 0) {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return w;
}

}  // namespace

std::variant<int64_t, DurationError> ParseGoDuration(std::string_view text) {
  const size_t size = text.size();
  // Offsets are into the whole text; `rest` is what is left of it.
  std::string_view rest = text;
  const auto at = [&] { return size - rest.size(); };
  const auto overflow = [&] { return DurationError{DurationFault::kOverflow, 0, size}; };
  if (text.empty()) return DurationError{DurationFault::kEmpty, 0, 0};
  bool negative = false;
  if (rest[0] == '-' || rest[0] == '+') {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }
  if (rest == "0") return int64_t{0};

  uint64_t total = 0;
  do {
    const size_t number_at = at();
    if (rest.empty() || !(rest[0] == '.' || IsDigit(rest[0]))) {
      return DurationError{DurationFault::kExpectedNumber, number_at, 0};
    }
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < rest.size() && IsDigit(rest[i]); ++i) {
      if (whole > kLimit / 10) return overflow();
      whole = whole * 10 + static_cast<uint64_t>(rest[i] - '0');
      if (whole > kLimit) return overflow();
    }
    const bool has_whole = i > 0;
    rest.remove_prefix(i);

    uint64_t fraction = 0;
    double scale = 1;
    bool has_fraction = false;
    if (!rest.empty() && rest[0] == '.') {
      rest.remove_prefix(1);
      bool dropping = false;
      for (i = 0; i < rest.size() && IsDigit(rest[i]); ++i) {
        // Digits past what fits are dropped, not an error: they are below a nanosecond anyway.
        if (dropping) continue;
        if (fraction > (kLimit - 1) / 10) {
          dropping = true;
          continue;
        }
        const uint64_t next = fraction * 10 + static_cast<uint64_t>(rest[i] - '0');
        if (next > kLimit) {
          dropping = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      has_fraction = i > 0;
      rest.remove_prefix(i);
    }
    if (!has_whole && !has_fraction) {
      return DurationError{DurationFault::kNoDigits, number_at, at() - number_at};
    }

    // The unit is everything up to the next number, as in Go.
    const size_t unit_at = at();
    i = 0;
    while (i < rest.size() && rest[i] != '.' && !IsDigit(rest[i])) ++i;
    if (i == 0) return DurationError{DurationFault::kMissingUnit, unit_at, 0};
    const auto unit = UnitNanos(rest.substr(0, i));
    if (!unit) return DurationError{DurationFault::kUnknownUnit, unit_at, i};
    rest.remove_prefix(i);
    if (whole > kLimit / *unit) return overflow();
    whole *= *unit;
    if (fraction > 0) {
      // Go's own float arithmetic, truncation included: the value MetalLB reads the text as.
      whole += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(*unit) / scale));
      if (whole > kLimit) return overflow();
    }
    total += whole;
    if (total > kLimit) return overflow();
  } while (!rest.empty());
  if (negative) {
    return total == kLimit ? INT64_MIN : -static_cast<int64_t>(total);
  }
  if (total > kLimit - 1) return overflow();
  return static_cast<int64_t>(total);
}

std::string GoDurationErrorText(std::string_view text, const DurationError& error) {
  switch (error.fault) {
    case DurationFault::kMissingUnit:
      return "time: missing unit in duration " + TimeQuote(text);
    case DurationFault::kUnknownUnit:
      return "time: unknown unit " + TimeQuote(text.substr(error.at, error.length)) +
             " in duration " + TimeQuote(text);
    case DurationFault::kEmpty:
    case DurationFault::kExpectedNumber:
    case DurationFault::kNoDigits:
    case DurationFault::kOverflow:
      break;
  }
  return "time: invalid duration " + TimeQuote(text);
}

std::optional<int64_t> ParseGoDuration(std::string_view text, std::string* error) {
  auto parsed = ParseGoDuration(text);
  if (const auto* problem = std::get_if<DurationError>(&parsed)) {
    if (error != nullptr) *error = GoDurationErrorText(text, *problem);
    return std::nullopt;
  }
  return std::get<int64_t>(parsed);
}

std::string FormatGoDuration(int64_t nanoseconds) {
  std::array<char, 32> buf{};
  size_t w = buf.size();
  const bool negative = nanoseconds < 0;
  uint64_t u = static_cast<uint64_t>(nanoseconds);
  if (negative) u = ~u + 1;
  if (u < static_cast<uint64_t>(kNanosPerSecond)) {
    int precision = 0;
    buf[--w] = 's';
    --w;
    if (u == 0) {
      buf[w] = '0';
      return std::string(buf.data() + w, buf.size() - w);
    }
    if (u < 1'000) {
      buf[w] = 'n';
    } else if (u < 1'000'000) {
      precision = 3;
      // "µ" is two bytes in UTF-8.
      buf[w] = '\xb5';
      buf[--w] = '\xc2';
    } else {
      precision = 6;
      buf[w] = 'm';
    }
    w = FormatFraction(buf, w, u, precision);
    w = FormatInteger(buf, w, u);
  } else {
    buf[--w] = 's';
    w = FormatFraction(buf, w, u, 9);
    w = FormatInteger(buf, w, u % 60);
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      w = FormatInteger(buf, w, u % 60);
      u /= 60;
      if (u > 0) {
        buf[--w] = 'h';
        w = FormatInteger(buf, w, u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return std::string(buf.data() + w, buf.size() - w);
}

}  // namespace metallab::config
