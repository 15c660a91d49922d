#include "core/bgp/address_family.h"

namespace metallab::bgp {

std::optional<net::Family> PrefixFamilyOf(AfiSafi family) {
  if (family == kIpv4Unicast) return net::Family::kIPv4;
  if (family == kIpv6Unicast) return net::Family::kIPv6;
  return std::nullopt;
}

AfiSafi UnicastFamilyOf(net::Family family) {
  return family == net::Family::kIPv4 ? kIpv4Unicast : kIpv6Unicast;
}

std::string ToString(AfiSafi family) {
  if (family == kIpv4Unicast) return "IPv4 unicast";
  if (family == kIpv6Unicast) return "IPv6 unicast";
  return "AFI " + std::to_string(family.afi) + " SAFI " + std::to_string(family.safi);
}

}  // namespace metallab::bgp
