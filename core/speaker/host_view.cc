#include "core/speaker/host_view.h"

#include "core/net/ip_prefix.h"

namespace metallab::speaker {

net::IpAddress OwnAddress(const std::vector<layer2::LinkInfo>& links) {
  for (const layer2::LinkInfo& link : links) {
    for (const net::IpAddress& address : link.addresses) {
      if (address.is_v4()) return address;
    }
  }
  return net::IpAddress::V4(0);
}

std::optional<net::IpAddress> GlobalIpv6(const std::vector<layer2::LinkInfo>& links) {
  // fe80::/10 is link-local: a next hop for IPv6 routes must be a global address.
  const net::IpPrefix link_local(*net::IpAddress::Parse("fe80::"), 10);
  for (const layer2::LinkInfo& link : links) {
    for (const net::IpAddress& address : link.addresses) {
      if (address.is_v6() && !link_local.Contains(address)) return address;
    }
  }
  return std::nullopt;
}

}  // namespace metallab::speaker
