#include "sim/scenario/scenario_fields.h"

#include <algorithm>
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
    const bool digits = !length.empty() && length.size() <= 3 &&
                        std::all_of(length.begin(), length.end(), ::isdigit);
    if (!digits || std::stoi(length) > parsed->bits()) {
      reader.ErrorAt(key, "\"" + length + "\" is not a prefix length for " + *text);
      return false;
    }
    prefix_length = std::stoi(length);
  }
  return true;
}

}  // namespace metallab::sim
