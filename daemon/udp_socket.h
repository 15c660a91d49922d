// A non-blocking UDP socket bound to one address and port: the memberlist's transport.
#ifndef METALLAB_DAEMON_UDP_SOCKET_H_
#define METALLAB_DAEMON_UDP_SOCKET_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/runtime/udp_endpoint.h"
#include "daemon/unique_fd.h"

namespace metallab::daemon {

class UdpSocket {
 public:
  // nullopt with `error` set when the address cannot be bound (in use, not on this host).
  static std::optional<UdpSocket> Bind(const runtime::UdpEndpoint& local, std::string& error);

  int fd() const { return fd_.get(); }
  // The next waiting datagram; false when none is waiting.
  bool Receive(std::vector<uint8_t>& payload, runtime::UdpEndpoint& from);
  bool Send(const runtime::UdpEndpoint& to, std::span<const uint8_t> payload, std::string& error);

 private:
  explicit UdpSocket(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_UDP_SOCKET_H_
