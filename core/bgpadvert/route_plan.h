// Spec §4.2: the routes a speaker sends. A Service announced on this node gives one
// advertisement per ingress IP and applying BGPAdvertisement (MetalLB's bgp.Advertisement);
// every Service's advertisements are pooled, each session takes those meant for its peer and
// keeps one route per prefix.
//
// Surprises reproduced:
// - Dual stack: each ingress IP gets its own route, the IPv4 one masked to aggregationLength,
//   the IPv6 one to aggregationLengthV6 (aggregation.h for the block-sized prefixes).
// - LOCAL_PREF goes to iBGP peers only, but always: 0 when the advertisement sets none
//   (spec §4.3, §7.6). An eBGP peer never sees the configured value.
// - One prefix from several advertisements (two of a pool's, or Services aggregated into one
//   block) is one route: communities unioned, LOCAL_PREF of the first (spec §4.2), under
//   PrefixMerge::kUnion. "First" follows Services by key, then ingress IP order, then
//   advertisement order: MetalLB's order is a Go map's (random) across Services.
// - v0.9 ConfigMaps: every bgp-advertisement of the pool goes to every peer (there were no
//   peers, node or service selectors); the ConfigMap's defaults (aggregation 32, localpref 0, no
//   communities) arrive through core/config.
#ifndef METALLAB_CORE_BGPADVERT_ROUTE_PLAN_H_
#define METALLAB_CORE_BGPADVERT_ROUTE_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/bgpadvert/node_eligibility.h"
#include "core/config/config.h"
#include "core/net/ip_prefix.h"

namespace metallab::bgpadvert {

// One advertisement of one Service before the sessions merge them.
struct ServiceRoute {
  net::IpPrefix prefix{net::IpAddress(), 0};
  uint32_t local_pref = 0;
  std::vector<config::CommunityValue> communities;  // sorted, no duplicates
  std::vector<std::string> peers;                   // BGPPeer names; empty = every peer

  bool MatchesPeer(const std::string& peer_name) const;
  friend bool operator==(const ServiceRoute&, const ServiceRoute&) = default;
};

// Ingress IP order, then the order of eligibility.advertisements. Empty unless announcing.
std::vector<ServiceRoute> ServiceRoutes(const layer2::LoadBalancerService& service,
                                        const Eligibility& eligibility);

// A route as one session sends it.
struct PlannedRoute {
  net::IpPrefix prefix{net::IpAddress(), 0};
  std::vector<config::CommunityValue> communities;        // 16:16 bits, sorted
  std::vector<config::CommunityValue> large_communities;  // 32:32:32 bits, sorted
  uint32_t local_pref = 0;                                // the value chosen for the prefix
  bool send_local_pref = false;                           // iBGP session: LOCAL_PREF is on the wire
  // Advertisements merged into this route disagreed on local_pref (kUnion kept the first).
  // FRR mode refuses the whole update for the peer in that case.
  bool local_pref_conflict = false;

  // The LOCAL_PREF attribute to send, nullopt for eBGP.
  std::optional<uint32_t> LocalPrefAttribute() const;
  friend bool operator==(const PlannedRoute&, const PlannedRoute&) = default;
};

// What the session to `peer` sends, given every announced Service's routes in plan order:
// those meant for the peer, one per prefix, sorted by prefix (IPv4 first).
std::vector<PlannedRoute> PeerRoutes(const config::BgpPeer& peer,
                                     const std::vector<ServiceRoute>& routes, PrefixMerge merge);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_ROUTE_PLAN_H_
