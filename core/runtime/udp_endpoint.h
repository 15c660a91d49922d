// Where a datagram comes from or goes to: an address and a UDP port.
#ifndef METALLAB_CORE_RUNTIME_UDP_ENDPOINT_H_
#define METALLAB_CORE_RUNTIME_UDP_ENDPOINT_H_

#include <compare>
#include <cstdint>
#include <string>

#include "core/net/ip_address.h"

namespace metallab::runtime {

struct UdpEndpoint {
  net::IpAddress address;
  uint16_t port = 0;

  // "192.0.2.1:7946", "[2001:db8::1]:7946".
  std::string ToString() const {
    const std::string host = address.ToString();
    return (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  friend auto operator<=>(const UdpEndpoint&, const UdpEndpoint&) = default;
};

}  // namespace metallab::runtime

#endif  // METALLAB_CORE_RUNTIME_UDP_ENDPOINT_H_
