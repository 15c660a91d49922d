// Hex text to bytes and back, for golden byte strings copied from memberlist's own output.
#ifndef METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_HEX_H_
#define METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::memberlist_wire::testing {

// Whitespace is skipped, so long literals can be split where the fields are.
inline std::vector<uint8_t> FromHex(std::string_view text) {
  std::vector<uint8_t> out;
  int high = -1;
  for (const char c : text) {
    int nibble = -1;
    if (c >= '0' && c <= '9') nibble = c - '0';
    if (c >= 'a' && c <= 'f') nibble = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') nibble = c - 'A' + 10;
    if (nibble < 0) continue;
    if (high < 0) {
      high = nibble;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | nibble));
      high = -1;
    }
  }
  return out;
}

inline std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const uint8_t byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xf]);
  }
  return out;
}

inline std::vector<uint8_t> Text(std::string_view text) { return {text.begin(), text.end()}; }

}  // namespace metallab::memberlist_wire::testing

#endif  // METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_HEX_H_
