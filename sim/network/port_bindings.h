// Which socket a UDP datagram or TCP SYN belongs to: sockets bind a port on one local address or
// on all of them (INADDR_ANY), and as in Linux a socket bound to the packet's destination address
// wins over a wildcard one on the same port. Pods' servers all bind port 80 on their own
// addresses of one node, which is why the address matters.
#ifndef METALLAB_SIM_NETWORK_PORT_BINDINGS_H_
#define METALLAB_SIM_NETWORK_PORT_BINDINGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "core/net/ip_address.h"

namespace metallab::sim {

template <typename Handler>
class PortBindings {
 public:
  // nullopt binds every local address. False when that exact binding is taken.
  bool Bind(std::optional<net::IpAddress> address, uint16_t port, Handler handler) {
    return bindings_.emplace(Key{port, std::move(address)}, std::move(handler)).second;
  }
  void Unbind(const std::optional<net::IpAddress>& address, uint16_t port) {
    bindings_.erase(Key{port, address});
  }
  // The handler for a packet to `address`:`port`, or nullptr.
  const Handler* Find(const net::IpAddress& address, uint16_t port) const {
    if (const auto exact = bindings_.find(Key{port, address}); exact != bindings_.end()) {
      return &exact->second;
    }
    const auto any = bindings_.find(Key{port, std::nullopt});
    return any == bindings_.end() ? nullptr : &any->second;
  }
  void Clear() { bindings_.clear(); }

 private:
  using Key = std::pair<uint16_t, std::optional<net::IpAddress>>;
  std::map<Key, Handler> bindings_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PORT_BINDINGS_H_
