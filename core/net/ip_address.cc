#include "core/net/ip_address.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace metallab::net {
namespace {

std::optional<uint32_t> ParseV4(std::string_view text) {
  uint32_t result = 0;
  int octets = 0;
  size_t i = 0;
  while (octets < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    const size_t start = i;
    uint32_t octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      octet = octet * 10 + static_cast<uint32_t>(text[i] - '0');
      if (octet > 255 || i - start >= 3) return std::nullopt;
      ++i;
    }
    if (i - start > 1 && text[start] == '0') return std::nullopt;  // Go rejects leading zeros.
    result = (result << 8) | octet;
    ++octets;
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return result;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses colon-separated hex groups (and an optional IPv4 tail when `allow_v4_tail`) into
// `groups`. Returns false on malformed text.
bool ParseGroups(std::string_view text, bool allow_v4_tail, std::vector<uint16_t>& groups) {
  if (text.empty()) return true;
  size_t i = 0;
  while (true) {
    const size_t next_colon = text.find(':', i);
    const std::string_view field =
        text.substr(i, next_colon == std::string_view::npos ? std::string_view::npos : next_colon - i);
    if (next_colon == std::string_view::npos && allow_v4_tail &&
        field.find('.') != std::string_view::npos) {
      const auto v4 = ParseV4(field);
      if (!v4) return false;
      groups.push_back(static_cast<uint16_t>(*v4 >> 16));
      groups.push_back(static_cast<uint16_t>(*v4 & 0xffff));
      return true;
    }
    if (field.empty() || field.size() > 4) return false;
    uint32_t group = 0;
    for (const char c : field) {
      const int digit = HexDigit(c);
      if (digit < 0) return false;
      group = group * 16 + static_cast<uint32_t>(digit);
    }
    groups.push_back(static_cast<uint16_t>(group));
    if (groups.size() > 8) return false;
    if (next_colon == std::string_view::npos) return true;
    i = next_colon + 1;
  }
}

std::optional<Uint128> ParseV6(std::string_view text) {
  if (text.size() > 45) return std::nullopt;
  const size_t gap = text.find("::");
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  if (gap == std::string_view::npos) {
    if (!ParseGroups(text, true, head) || head.size() != 8) return std::nullopt;
  } else {
    if (text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!ParseGroups(text.substr(0, gap), false, head)) return std::nullopt;
    if (!ParseGroups(text.substr(gap + 2), true, tail)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  }
  Uint128 value = 0;
  for (const uint16_t g : head) value = (value << 16) | g;
  for (size_t k = head.size() + tail.size(); k < 8; ++k) value <<= 16;
  for (const uint16_t g : tail) value = (value << 16) | g;
  return value;
}

}  // namespace

std::string_view FamilyName(Family family) {
  return family == Family::kIPv4 ? "IPv4" : "IPv6";
}

IpAddress IpAddress::FromBytes(const std::array<uint8_t, 16>& bytes) {
  Uint128 value = 0;
  for (const uint8_t b : bytes) value = (value << 8) | b;
  return V6(value);
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    if (const auto v6 = ParseV6(text)) return V6(*v6);
    return std::nullopt;
  }
  if (const auto v4 = ParseV4(text)) return V4(*v4);
  return std::nullopt;
}

std::array<uint8_t, 16> IpAddress::Bytes() const {
  std::array<uint8_t, 16> out{};
  const int n = bits() / 8;
  for (int k = 0; k < n; ++k) {
    out[static_cast<size_t>(k)] = static_cast<uint8_t>(value_ >> (8 * (n - 1 - k)));
  }
  return out;
}

std::string IpAddress::ToString() const {
  char buffer[64];
  if (is_v4()) {
    const auto v = static_cast<uint32_t>(value_);
    std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff,
                  (v >> 8) & 0xff, v & 0xff);
    return buffer;
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad for their last 32 bits.
  if ((value_ >> 32) == 0xffff) {
    return "::ffff:" + V4(static_cast<uint32_t>(value_)).ToString();
  }
  std::array<uint16_t, 8> groups{};
  for (int k = 0; k < 8; ++k) {
    groups[static_cast<size_t>(k)] = static_cast<uint16_t>(value_ >> (16 * (7 - k)));
  }
  // RFC 5952 §4.2: compress the longest run (of at least two) of zero groups, the first on ties.
  int best_start = -1;
  int best_len = 1;
  for (int k = 0; k < 8;) {
    if (groups[static_cast<size_t>(k)] != 0) {
      ++k;
      continue;
    }
    int end = k;
    while (end < 8 && groups[static_cast<size_t>(end)] == 0) ++end;
    if (end - k > best_len) {
      best_start = k;
      best_len = end - k;
    }
    k = end;
  }
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best_start) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buffer, sizeof buffer, "%x", groups[static_cast<size_t>(k)]);
    out += buffer;
  }
  return out;
}

bool IpAddress::IsBuggyV4() const {
  if (!is_v4()) return false;
  const auto last = static_cast<uint8_t>(value_ & 0xff);
  return last == 0 || last == 255;
}

std::string Uint128ToString(Uint128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace metallab::net
