#include "core/config/community.h"

#include <vector>

#include "core/config/go_text.h"

namespace metallab::config {
namespace {

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
}

constexpr std::string_view kInvalidValue = "invalid community value: ";

}  // namespace

CommunityParse ParseCommunity(std::string_view text) {
  CommunityParse result;
  const std::vector<std::string_view> parts = SplitColons(text);
  const auto section_error = [&](std::string_view part, const std::string& why) {
    result.error = std::string(kInvalidValue) + "invalid section " + GoQuote(part) +
                   " of community " + GoQuote(text) + ", err: " + GoQuote(why);
    return result;
  };
  std::string why;
  if (parts.size() == 2) {
    CommunityValue value;
    const auto high = ParseGoUint(parts[0], 16, &why);
    if (!high) return section_error(parts[0], why);
    const auto low = ParseGoUint(parts[1], 16, &why);
    if (!low) return section_error(parts[1], why);
    value.high = static_cast<uint32_t>(*high);
    value.low = static_cast<uint32_t>(*low);
    result.value = value;
    return result;
  }
  if (parts.size() == 4) {
    if (parts[0] != "large") {
      result.error = std::string(kInvalidValue) +
                     "invalid marker for large community, expected community to be of format "
                     "large:<uint32>:<uint32>:<uint32> but got " +
                     GoQuote(text) + " instead";
      return result;
    }
    uint32_t fields[3] = {};
    for (size_t i = 1; i < 4; ++i) {
      const auto field = ParseGoUint(parts[i], 32, &why);
      if (!field) return section_error(parts[i], why);
      fields[i - 1] = static_cast<uint32_t>(*field);
    }
    result.value = CommunityValue{true, fields[0], fields[1], fields[2]};
    return result;
  }
  result.bad_format = true;
  result.error = "invalid community format: " + std::string(text);
  return result;
}

CommunityParse ParseLegacyCommunity(std::string_view text) {
  CommunityParse result;
  const std::vector<std::string_view> parts = SplitColons(text);
  if (parts.size() != 2) {
    result.bad_format = true;
    result.error = "invalid community string " + GoQuote(text);
    return result;
  }
  std::string why;
  const auto high = ParseGoUint(parts[0], 16, &why);
  if (!high) {
    result.error = "invalid first section of community " + GoQuote(parts[0]) + ": " + why;
    return result;
  }
  const auto low = ParseGoUint(parts[1], 16, &why);
  if (!low) {
    // v0.9 quotes the first section here too; kept, so the message matches MetalLB's.
    result.error = "invalid second section of community " + GoQuote(parts[0]) + ": " + why;
    return result;
  }
  CommunityValue value;
  value.high = static_cast<uint32_t>(*high);
  value.low = static_cast<uint32_t>(*low);
  result.value = value;
  return result;
}

}  // namespace metallab::config
