// The `bgp:` block of a scenario's router: the simulated BIRD, FRR or GoBGP box MetalLB's
// speakers peer with (docs/scenarios.md, "BGP routers").
//
//   bgp:
//     asn: 64513
//     routerId: 192.168.1.1          # default: the router's first IPv4 address
//     implementation: bird           # bird | frr | frr-datacenter | gobgp: the timer defaults
//     maxPaths: 3                    # ECMP; 1 by default
//     neighbors:                     # explicit neighbours
//       - {address: 192.168.1.101, asn: 64512, holdTime: 9s}
//     nodes: {asn: 64512, bfd: {receiveInterval: 300ms, transmitInterval: 300ms,
//             detectMultiplier: 3}}  # or: one neighbour per Kubernetes node
#ifndef METALLAB_SIM_SCENARIO_ROUTER_BGP_READER_H_
#define METALLAB_SIM_SCENARIO_ROUTER_BGP_READER_H_

#include <optional>

#include "core/manifest/field_reader.h"
#include "sim/bgp/bgp_router_config.h"

namespace metallab::sim {

struct RouterBgpSpec {
  BgpRouterConfig config;  // the neighbours listed one by one
  // `nodes:`: a neighbour like this one for every Kubernetes node (its address filled in).
  std::optional<BgpNeighborConfig> every_node;
};

// Reports problems through `bgp`'s diagnostics; nullopt when the block is unusable.
std::optional<RouterBgpSpec> ReadRouterBgp(const manifest::FieldReader& bgp);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_ROUTER_BGP_READER_H_
