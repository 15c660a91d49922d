// Ethernet addresses and the header facts every frame builder and parser needs. A value type of
// core's own, so that the 60-odd files which only carry a MAC do not compile libtins: libtins
// stays inside the codec (packet_codec.cc).
#ifndef METALLAB_CORE_PACKET_MAC_ADDRESS_H_
#define METALLAB_CORE_PACKET_MAC_ADDRESS_H_

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace metallab::packet {

class MacAddress {
 public:
  static constexpr size_t kLength = 6;
  using Bytes = std::array<uint8_t, kLength>;

  constexpr MacAddress() = default;  // 00:00:00:00:00:00
  constexpr explicit MacAddress(const Bytes& bytes) : bytes_(bytes) {}
  // The 6 bytes at `bytes`, as in a frame header.
  explicit MacAddress(const uint8_t* bytes);
  // A literal in code, checked while compiling: MacAddress("02:00:00:00:00:01"). Text read at
  // run time goes through Parse. (A malformed literal makes value() throw, which a consteval
  // call cannot, so the build stops at the literal.)
  consteval explicit MacAddress(const char (&text)[18]) : bytes_(Parse(text).value().bytes_) {}

  // Six colon-separated pairs of hex digits, either case; nullopt for anything else.
  static constexpr std::optional<MacAddress> Parse(std::string_view text);

  const Bytes& bytes() const { return bytes_; }
  const uint8_t* begin() const { return bytes_.data(); }
  const uint8_t* end() const { return bytes_.data() + kLength; }
  uint8_t operator[](size_t index) const { return bytes_[index]; }

  constexpr bool IsBroadcast() const {
    for (const uint8_t byte : bytes_) {
      if (byte != 0xff) return false;
    }
    return true;
  }
  // The group bit: broadcast, IPv4 and IPv6 multicast.
  constexpr bool IsMulticast() const { return (bytes_[0] & 0x01) != 0; }

  // "02:00:00:00:00:01", lower case, as Linux and tshark print it.
  std::string ToString() const;

  friend constexpr auto operator<=>(const MacAddress&, const MacAddress&) = default;

 private:
  static constexpr int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  Bytes bytes_{};
};

constexpr std::optional<MacAddress> MacAddress::Parse(std::string_view text) {
  if (text.size() != 3 * kLength - 1) return std::nullopt;
  Bytes bytes{};
  for (size_t i = 0; i < kLength; ++i) {
    const int high = HexValue(text[3 * i]);
    const int low = HexValue(text[3 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    if (i + 1 < kLength && text[3 * i + 2] != ':') return std::nullopt;
    bytes[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return MacAddress(bytes);
}

std::ostream& operator<<(std::ostream& out, const MacAddress& mac);

inline constexpr MacAddress kBroadcastMac("ff:ff:ff:ff:ff:ff");
constexpr size_t kEthernetHeaderBytes = 14;
constexpr size_t kMinimumFrameBytes = 60;  // without FCS; shorter frames are padded

}  // namespace metallab::packet

#endif  // METALLAB_CORE_PACKET_MAC_ADDRESS_H_
