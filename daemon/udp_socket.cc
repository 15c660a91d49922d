#include "daemon/udp_socket.h"

#include <array>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "daemon/socket_address.h"
#include "daemon/system_error.h"

namespace metallab::daemon {
namespace {

// memberlist's UDP buffer is 1400 bytes and its receive buffer 65536: anything longer is not a
// memberlist datagram and is cut (and then rejected by the decoder).
constexpr size_t kMaxDatagram = 65536;

}  // namespace

std::optional<UdpSocket> UdpSocket::Bind(const runtime::UdpEndpoint& local, std::string& error) {
  const int family = local.address.is_v6() ? AF_INET6 : AF_INET;
  UniqueFd fd(socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    error = ErrnoText("UDP socket");
    return std::nullopt;
  }
  sockaddr_storage storage{};
  const socklen_t length = SocketAddressOf(local, storage);
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
  const socklen_t length = SocketAddressOf(to, storage);
  const ssize_t sent = sendto(fd_.get(), payload.data(), payload.size(), MSG_DONTWAIT,
                              reinterpret_cast<const sockaddr*>(&storage), length);
  if (sent == static_cast<ssize_t>(payload.size())) return true;
  error = ErrnoText("send UDP to " + to.ToString());
  return false;
}

}  // namespace metallab::daemon
