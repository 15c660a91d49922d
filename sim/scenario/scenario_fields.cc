#include "sim/scenario/scenario_fields.h"

#include <charconv>
#include <string>

#include "sim/scenario/duration_text.h"

namespace metallab::sim {

using manifest::FieldReader;
using manifest::Presence;

std::optional<SimDuration> ReadDuration(const FieldReader& reader, std::string_view key,
                                        Presence presence) {
  const auto text = reader.String(key, presence);
  if (!text) return std::nullopt;
  std::string error;
  const auto duration = ParseDuration(*text, &error);
  if (!duration) reader.ErrorAt(key, error);
  return duration;
}

std::optional<SimDuration> ReadDurationWithin(const FieldReader& reader, std::string_view key,
                                              const DurationRange& range) {
  const auto duration = ReadDuration(reader, key);
  if (!duration) return std::nullopt;
  if (*duration == 0 && range.zero_turns_off) return duration;
  if (*duration < range.min || *duration > range.max) {
    reader.ErrorAt(key, "between " + FormatDurationInUnit(range.min) + " and " +
                            FormatDurationInUnit(range.max) +
                            (range.zero_turns_off ? " (or 0, off)" : "") + ", got " +
                            FormatDurationInUnit(*duration));
    return std::nullopt;
  }
  return duration;
}

std::optional<SimTime> ReadTimeInRun(const FieldReader& reader, std::string_view key,
                                     SimDuration run_duration, Presence presence) {
  const auto time = ReadDuration(reader, key, presence);
  if (time && *time > run_duration) {
    reader.ErrorAt(key, FormatDurationInUnit(*time) + " is after the end of the run (duration " +
                            FormatDurationInUnit(run_duration) + ")");
    return std::nullopt;
  }
  return time;
}

bool ReadAddress(const FieldReader& reader, std::string_view key, net::IpAddress& address,
                 int& prefix_length, Presence presence) {
  const auto text = reader.String(key, presence);
  if (!text) return false;
  const size_t slash = text->find('/');
  const auto parsed = net::IpAddress::Parse(text->substr(0, slash));
  if (!parsed) {
    reader.ErrorAt(key, "\"" + *text + "\" is not an IP address");
    return false;
  }
  address = *parsed;
  prefix_length = parsed->is_v4() ? 24 : 64;
  if (slash != std::string::npos) {
    const std::string length = text->substr(slash + 1);
    int bits = 0;
    const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), bits);
    if (length.empty() || length[0] < '0' || length[0] > '9' || error != std::errc() ||
        end != length.data() + length.size() || bits < 0 || bits > parsed->bits()) {
      reader.ErrorAt(key, "\"" + length + "\" is not a prefix length for " + *text);
      return false;
    }
    prefix_length = bits;
  }
  return true;
}

}  // namespace metallab::sim
