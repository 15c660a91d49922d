#include "core/bgpadvert/route_plan.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "core/bgpadvert/aggregation.h"
#include "core/bgpadvert/peer_sessions.h"

namespace metallab::bgpadvert {
namespace {

using config::CommunityValue;

std::vector<CommunityValue> Union(const std::vector<CommunityValue>& a,
                                  const std::vector<CommunityValue>& b) {
  std::vector<CommunityValue> both;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

void Absorb(PlannedRoute& route, const ServiceRoute& later, PrefixMerge merge) {
  if (merge == PrefixMerge::kLastWins) {
    route.local_pref = later.local_pref;
    route.communities = later.communities;
    return;
  }
  route.communities = Union(route.communities, later.communities);
  if (later.local_pref != route.local_pref) route.local_pref_conflict = true;
}

// Communities are kept together while merging and split for the wire: large ones travel in
// their own attribute (FRR's "set large-community").
void SplitLarge(PlannedRoute& route) {
  const auto large = std::stable_partition(route.communities.begin(), route.communities.end(),
                                           [](const CommunityValue& c) { return !c.large; });
  route.large_communities.assign(large, route.communities.end());
  route.communities.erase(large, route.communities.end());
}

}  // namespace

bool ServiceRoute::MatchesPeer(const std::string& peer_name) const {
  return peers.empty() || std::find(peers.begin(), peers.end(), peer_name) != peers.end();
}

std::optional<uint32_t> PlannedRoute::LocalPrefAttribute() const {
  if (!send_local_pref) return std::nullopt;
  return local_pref;
}

std::vector<ServiceRoute> ServiceRoutes(const layer2::LoadBalancerService& service,
                                        const Eligibility& eligibility) {
  std::vector<ServiceRoute> routes;
  if (!eligibility.Announces()) return routes;
  for (const net::IpAddress& ip : service.ips) {
    for (const config::BgpAdvertisement* ad : eligibility.advertisements) {
      routes.push_back(
          ServiceRoute{AggregatedPrefix(*ad, ip), ad->local_pref, ad->communities, ad->peers});
    }
  }
  return routes;
}

std::vector<PlannedRoute> PeerRoutes(const config::BgpPeer& peer,
                                     const std::vector<ServiceRoute>& routes, PrefixMerge merge) {
  std::map<net::IpPrefix, PlannedRoute> by_prefix;
  for (const ServiceRoute& route : routes) {
    if (!route.MatchesPeer(peer.name)) continue;
    const auto [it, first] = by_prefix.try_emplace(route.prefix);
    if (first) {
      it->second.prefix = route.prefix;
      it->second.local_pref = route.local_pref;
      it->second.communities = route.communities;
    } else {
      Absorb(it->second, route, merge);
    }
  }
  const bool internal = IsInternal(peer);
  std::vector<PlannedRoute> planned;
  planned.reserve(by_prefix.size());
  for (auto& [prefix, route] : by_prefix) {
    route.send_local_pref = internal;
    SplitLarge(route);
    planned.push_back(std::move(route));
  }
  return planned;
}

}  // namespace metallab::bgpadvert
