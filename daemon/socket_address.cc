#include "daemon/socket_address.h"

#include <array>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace metallab::daemon {

socklen_t SocketAddressOf(const runtime::UdpEndpoint& endpoint, sockaddr_storage& storage) {
  std::memset(&storage, 0, sizeof storage);
  const auto bytes = endpoint.address.Bytes();
  if (endpoint.address.is_v6()) {
    auto& v6 = reinterpret_cast<sockaddr_in6&>(storage);
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(endpoint.port);
    std::memcpy(&v6.sin6_addr, bytes.data(), 16);
    return sizeof v6;
  }
  auto& v4 = reinterpret_cast<sockaddr_in&>(storage);
  v4.sin_family = AF_INET;
  v4.sin_port = htons(endpoint.port);
  std::memcpy(&v4.sin_addr, bytes.data(), 4);
  return sizeof v4;
}

std::optional<runtime::UdpEndpoint> EndpointOf(const void* address, size_t length) {
  const auto* generic = static_cast<const sockaddr*>(address);
  if (generic->sa_family == AF_INET && length >= sizeof(sockaddr_in)) {
    const auto* v4 = static_cast<const sockaddr_in*>(address);
    return runtime::UdpEndpoint{net::IpAddress::V4(ntohl(v4->sin_addr.s_addr)),
                                ntohs(v4->sin_port)};
  }
  if (generic->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
    const auto* v6 = static_cast<const sockaddr_in6*>(address);
    std::array<uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &v6->sin6_addr, 16);
    return runtime::UdpEndpoint{net::IpAddress::FromBytes(bytes), ntohs(v6->sin6_port)};
  }
  return std::nullopt;
}

}  // namespace metallab::daemon
