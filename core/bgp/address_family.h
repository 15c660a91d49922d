// The (AFI, SAFI) pairs that name what a multiprotocol capability, MP_REACH_NLRI or
// ROUTE-REFRESH is about (RFC 4760). Values stay raw: a peer may name families metallab does
// not speak, and they must survive a decode and re-encode unchanged.
#ifndef METALLAB_CORE_BGP_ADDRESS_FAMILY_H_
#define METALLAB_CORE_BGP_ADDRESS_FAMILY_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "core/net/ip_address.h"

namespace metallab::bgp {

constexpr uint16_t kAfiIpv4 = 1;
constexpr uint16_t kAfiIpv6 = 2;
constexpr uint8_t kSafiUnicast = 1;

struct AfiSafi {
  uint16_t afi = kAfiIpv4;
  uint8_t safi = kSafiUnicast;
  friend auto operator<=>(const AfiSafi&, const AfiSafi&) = default;
};

constexpr AfiSafi kIpv4Unicast{kAfiIpv4, kSafiUnicast};
constexpr AfiSafi kIpv6Unicast{kAfiIpv6, kSafiUnicast};

// The address family whose prefixes `family` carries, for the two metallab decodes.
std::optional<net::Family> PrefixFamilyOf(AfiSafi family);
AfiSafi UnicastFamilyOf(net::Family family);

// "IPv4 unicast", "IPv6 unicast", else "AFI 25 SAFI 65".
std::string ToString(AfiSafi family);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_ADDRESS_FAMILY_H_
