// What a simulated BGP router is configured with, and what it tells observers: the
// vocabulary the scenario runner uses to build routers (BIRD, FRR or GoBGP by their timer
// defaults) and to write their route changes into a transcript. Kept apart from the router
// itself so a scenario loader can parse configuration without pulling in the router.
#ifndef METALLAB_SIM_BGP_BGP_ROUTER_CONFIG_H_
#define METALLAB_SIM_BGP_BGP_ROUTER_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bfd/bfd_session.h"
#include "core/bgp/path_attribute.h"
#include "core/bgp/session_config.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

// Which implementation's timers the router runs (docs/bgp.md, "Timers").
enum class RouterTimerProfile : uint8_t { kBird, kFrrTraditional, kFrrDatacenter, kGoBgp };

const bgp::BgpTimerDefaults& TimerDefaultsOf(RouterTimerProfile profile);
// "bird", "frr", "frr-datacenter", "gobgp".
const char* RouterTimerProfileName(RouterTimerProfile profile);
std::optional<RouterTimerProfile> ParseRouterTimerProfile(std::string_view name);

struct BgpNeighborConfig {
  net::IpAddress address = {};  // where the peer connects from, on a connected subnet
  uint32_t peer_as = 0;         // equal to the router's local AS for iBGP
  // Run BFD with the peer with these values (a BFDProfile's); none when unset.
  std::optional<bfd::BfdSessionConfig> bfd = std::nullopt;
  // TCP MD5 password: recorded by the session driver, not checked (the simulated TCP has no
  // MD5 option).
  std::string password = {};
  // The hold time the router proposes to this peer, instead of its profile's.
  std::optional<uint16_t> hold_time_s = std::nullopt;
};

struct BgpRouterConfig {
  uint32_t local_as = 0;
  net::IpAddress router_id = {};  // an IPv4 address: the BGP identifier
  RouterTimerProfile timers = RouterTimerProfile::kBird;
  // Distinct next hops per route (FRR's maximum-paths, BIRD's merge paths limit); 1: no ECMP.
  size_t max_paths = 1;
  bool always_compare_med = false;
  std::vector<BgpNeighborConfig> neighbors = {};
};

// A route as the router holds it: the multipath next hops and the best path's attributes.
struct RibRoute {
  net::IpPrefix prefix;
  std::vector<net::IpAddress> next_hops;  // ascending by address
  bgp::PathAttributes attributes;         // communities, LOCAL_PREF, MED, AS_PATH, ...
  net::IpAddress best_peer;               // the neighbour the best path came from
  size_t candidates = 0;                  // paths known for the prefix
};

// The router's forwarding table gained, changed or lost a BGP route.
struct RouteChange {
  SimTime at = 0;
  std::string router;
  net::IpPrefix prefix;
  std::vector<net::IpAddress> next_hops;  // ascending; empty when the route was removed

  bool removed() const { return next_hops.empty(); }
};

// "r1 installs 203.0.113.11/32 via 192.0.2.11, 192.0.2.12", "r1 removes 203.0.113.11/32".
std::string Describe(const RouteChange& change);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_ROUTER_CONFIG_H_
