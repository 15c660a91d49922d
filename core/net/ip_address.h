// An IPv4 or IPv6 address held as a 128-bit integer, so that arithmetic, ordering and interval
// logic are one code path for both families.
#ifndef METALLAB_CORE_NET_IP_ADDRESS_H_
#define METALLAB_CORE_NET_IP_ADDRESS_H_

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace metallab::net {

using Uint128 = unsigned __int128;

enum class Family : uint8_t { kIPv4, kIPv6 };

// Number of address bits of a family: 32 or 128.
constexpr int BitsOf(Family family) { return family == Family::kIPv4 ? 32 : 128; }

// "IPv4" or "IPv6", as Kubernetes spells ipFamilies.
std::string_view FamilyName(Family family);

class IpAddress {
 public:
  // The IPv4 address 0.0.0.0.
  constexpr IpAddress() = default;

  static constexpr IpAddress V4(uint32_t value) { return IpAddress(Family::kIPv4, value); }
  static constexpr IpAddress V6(Uint128 value) { return IpAddress(Family::kIPv6, value); }
  // The address of `family` with `value` (an IPv4 value keeps its low 32 bits).
  static constexpr IpAddress Of(Family family, Uint128 value) {
    return family == Family::kIPv4 ? V4(static_cast<uint32_t>(value)) : V6(value);
  }
  static IpAddress FromBytes(const std::array<uint8_t, 16>& bytes);

  // Dotted-quad IPv4 (no leading zeros, as Go's net.ParseIP) or RFC 4291 IPv6 text, including an
  // embedded IPv4 tail. Zones ("%eth0") are rejected. Returns nullopt on anything else.
  static std::optional<IpAddress> Parse(std::string_view text);

  constexpr Family family() const { return family_; }
  constexpr bool is_v4() const { return family_ == Family::kIPv4; }
  constexpr bool is_v6() const { return family_ == Family::kIPv6; }
  constexpr int bits() const { return BitsOf(family_); }
  constexpr Uint128 value() const { return value_; }

  // Network byte order: 4 bytes for IPv4, 16 for IPv6 (the rest zero).
  std::array<uint8_t, 16> Bytes() const;

  // Dotted quad for IPv4; RFC 5952 canonical form for IPv6 (lower case, longest run of two or
  // more zero groups compressed, first run on ties).
  std::string ToString() const;

  // The last octet of an IPv4 address is 0 or 255 (MetalLB's "buggy" addresses).
  bool IsBuggyV4() const;

  // Families order first (IPv4 before IPv6), then values.
  friend constexpr auto operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  constexpr IpAddress(Family family, Uint128 value) : family_(family), value_(value) {}

  Family family_ = Family::kIPv4;
  Uint128 value_ = 0;
};

// Mask with the top `length` bits of a `bits`-wide address set.
constexpr Uint128 PrefixMask(int bits, int length) {
  if (length <= 0) return 0;
  const Uint128 all = bits == 128 ? ~Uint128{0} : ((Uint128{1} << bits) - 1);
  return all & ~((length >= bits) ? Uint128{0} : (all >> length));
}

// Decimal text of a 128-bit unsigned value (capacity counters can exceed 64 bits).
std::string Uint128ToString(Uint128 value);

}  // namespace metallab::net

// For hash tables keyed by address (neighbour caches). A multiply-xorshift mix, because the
// low bits of neighbouring addresses differ by little.
template <>
struct std::hash<metallab::net::IpAddress> {
  size_t operator()(const metallab::net::IpAddress& address) const noexcept {
    const auto value = address.value();
    uint64_t h = static_cast<uint64_t>(value) ^
                 (static_cast<uint64_t>(value >> 64) * 0x9e3779b97f4a7c15ULL) ^
                 static_cast<uint64_t>(address.family());
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<size_t>(h);
  }
};

#endif  // METALLAB_CORE_NET_IP_ADDRESS_H_
