// Conversions between the core's endpoints (address and port) and the kernel's socket
// addresses, for the daemon's UDP and TCP sockets.
#ifndef METALLAB_DAEMON_SOCKET_ADDRESS_H_
#define METALLAB_DAEMON_SOCKET_ADDRESS_H_

#include <cstddef>
#include <optional>

#include <sys/socket.h>

#include "core/runtime/udp_endpoint.h"

namespace metallab::daemon {

// Fills `storage` with `endpoint` as a sockaddr_in or sockaddr_in6; returns its length.
socklen_t SocketAddressOf(const runtime::UdpEndpoint& endpoint, sockaddr_storage& storage);
// The endpoint of a sockaddr_in or sockaddr_in6; nullopt for other families.
std::optional<runtime::UdpEndpoint> EndpointOf(const void* address, size_t length);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_SOCKET_ADDRESS_H_
