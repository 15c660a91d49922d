#include "daemon/udp_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

#include "daemon/system_error.h"

namespace metallab::daemon {
namespace {

// memberlist's UDP buffer is 1400 bytes and its receive buffer 65536: anything longer is not a
// memberlist datagram and is cut (and then rejected by the decoder).
constexpr size_t kMaxDatagram = 65536;

socklen_t Fill(const runtime::UdpEndpoint& endpoint, sockaddr_storage& storage) {
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

}  // namespace

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

std::optional<UdpSocket> UdpSocket::Bind(const runtime::UdpEndpoint& local, std::string& error) {
  const int family = local.address.is_v6() ? AF_INET6 : AF_INET;
  UniqueFd fd(socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    error = ErrnoText("UDP socket");
    return std::nullopt;
  }
  sockaddr_storage storage{};
  const socklen_t length = Fill(local, storage);
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
    error = ErrnoText("bind UDP " + local.ToString());
    return std::nullopt;
  }
  return UdpSocket(std::move(fd));
}

bool UdpSocket::Receive(std::vector<uint8_t>& payload, runtime::UdpEndpoint& from) {
  payload.resize(kMaxDatagram);
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  const ssize_t got = recvfrom(fd_.get(), payload.data(), payload.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&storage), &length);
  if (got < 0) {
    payload.clear();
    return false;
  }
  payload.resize(static_cast<size_t>(got));
  const auto endpoint = EndpointOf(&storage, length);
  if (!endpoint) return Receive(payload, from);  // not an IP sender: skip it
  from = *endpoint;
  return true;
}

bool UdpSocket::Send(const runtime::UdpEndpoint& to, std::span<const uint8_t> payload,
                     std::string& error) {
  sockaddr_storage storage{};
  const socklen_t length = Fill(to, storage);
  const ssize_t sent = sendto(fd_.get(), payload.data(), payload.size(), MSG_DONTWAIT,
                              reinterpret_cast<const sockaddr*>(&storage), length);
  if (sent == static_cast<ssize_t>(payload.size())) return true;
  error = ErrnoText("send UDP to " + to.ToString());
  return false;
}

}  // namespace metallab::daemon
