// A forwarding table: longest-prefix match over IPv4 and IPv6 routes, each with one or more next
// hops. With several next hops (ECMP) the one for a packet is chosen by a seeded hash of its
// 5-tuple, so a flow sticks to one path and different seeds spread flows differently, as the
// per-device hash seeds of real routers do.
#ifndef METALLAB_SIM_NETWORK_FIB_H_
#define METALLAB_SIM_NETWORK_FIB_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::sim {

class Interface;

struct NextHop {
  std::optional<net::IpAddress> gateway;  // empty: the destination is on the link
  Interface* interface = nullptr;

  friend bool operator==(const NextHop&, const NextHop&) = default;
};

enum class RouteOrigin { kConnected, kStatic, kBgp };

struct Route {
  net::IpPrefix prefix;
  std::vector<NextHop> next_hops;
  RouteOrigin origin = RouteOrigin::kStatic;
};

// What identifies a flow for ECMP.
struct FlowKey {
  net::IpAddress source;
  net::IpAddress destination;
  uint8_t protocol = 0;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
};

class Fib {
 public:
  explicit Fib(uint64_t hash_seed = 0) : hash_seed_(hash_seed) {}

  // Adds or replaces the route for `route.prefix` of the same origin. A prefix may have one
  // route per origin; lookups prefer connected, then static, then BGP (administrative distance).
  void Install(Route route);
  bool Remove(const net::IpPrefix& prefix, RouteOrigin origin);
  // Drops every route through `interface`'s next hops (the interface went away).
  void RemoveVia(const Interface* interface);

  const Route* Lookup(const net::IpAddress& destination) const;
  // The next hop for a flow: the route's only next hop, or the ECMP choice.
  std::optional<NextHop> Resolve(const FlowKey& flow) const;

  std::vector<Route> Routes() const;
  size_t size() const;

  // Index in [0, n) for `flow`, the ECMP hash.
  size_t EcmpIndex(const FlowKey& flow, size_t n) const;

 private:
  uint64_t hash_seed_;
  // By family and prefix length, longest first; each prefix maps to its routes by origin.
  std::map<std::pair<net::Family, int>, std::map<net::IpAddress, std::map<RouteOrigin, Route>>,
           std::greater<>>
      tables_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_FIB_H_
