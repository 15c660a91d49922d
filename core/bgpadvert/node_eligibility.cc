#include "core/bgpadvert/node_eligibility.h"

#include <algorithm>

#include "core/bgpadvert/aggregation.h"
#include "core/layer2/candidates.h"

namespace metallab::bgpadvert {
namespace {

using config::BehaviourProfile;
using config::BgpAdvertisement;

layer2::ElectionProfile EndpointRules(BehaviourProfile profile) {
  return profile == BehaviourProfile::kV0_9 ? layer2::ElectionProfile::kV0_9
                                            : layer2::ElectionProfile::kCurrent;
}

bool SharePeer(const BgpAdvertisement& a, const BgpAdvertisement& b) {
  if (a.peers.empty() || b.peers.empty()) return true;
  return std::any_of(a.peers.begin(), a.peers.end(), [&](const std::string& name) {
    return std::find(b.peers.begin(), b.peers.end(), name) != b.peers.end();
  });
}

// Two advertisements on this node that would hand one peer one prefix with two local
// preferences. The configuration check (core/config) only compares advertisements without
// serviceSelectors; those with selectors can only be compared once a Service matches them.
bool Conflict(const BgpAdvertisement& a, const BgpAdvertisement& b,
              const std::vector<net::IpAddress>& ips) {
  if (a.local_pref == b.local_pref || !SharePeer(a, b)) return false;
  return std::any_of(ips.begin(), ips.end(), [&](const net::IpAddress& ip) {
    return AggregatedPrefix(a, ip) == AggregatedPrefix(b, ip);
  });
}

bool AnyConflict(const std::vector<const BgpAdvertisement*>& ads,
                 const std::vector<net::IpAddress>& ips) {
  for (size_t i = 0; i < ads.size(); ++i) {
    for (size_t j = i + 1; j < ads.size(); ++j) {
      if (Conflict(*ads[i], *ads[j], ips)) return true;
    }
  }
  return false;
}

std::vector<const BgpAdvertisement*> PoolAdvertisements(const config::Config& config,
                                                        const config::Pool& pool) {
  std::vector<const BgpAdvertisement*> ads;
  for (const BgpAdvertisement& ad : config.bgp_advertisements) {
    if (std::find(ad.pools.begin(), ad.pools.end(), pool.name) != ad.pools.end()) {
      ads.push_back(&ad);
    }
  }
  return ads;
}

// Local: a can-serve endpoint on this node; then, for both policies, one anywhere. MetalLB
// tests both in this order, so a Local Service without endpoints reports noLocalEndpoints.
Verdict EndpointVerdict(const SpeakerNode& node, const layer2::LoadBalancerService& service,
                        BehaviourProfile profile) {
  const layer2::ElectionProfile rules = EndpointRules(profile);
  if (service.traffic_policy == layer2::ExternalTrafficPolicy::kLocal &&
      !layer2::NodesWithServingEndpoint(service.endpoints, rules).contains(node.name)) {
    return Verdict::kNoLocalEndpoints;
  }
  if (!layer2::AnyEndpointCanServe(service.endpoints, rules)) return Verdict::kNoEndpoints;
  return Verdict::kAnnounce;
}

// v0.9.6: no node selectors, serviceSelectors, node conditions or exclusion label; only ready
// endpoints count. Its native session refuses anything but IPv4 (internal/bgp/bgp.go Set):
// the error fails the Service's reconcile. (MetalLB then also keeps the rejected
// advertisement in its table, so every later update of this node fails as well until the
// Service goes away; metallab reports the Service and leaves the others alone.)
Eligibility V09Eligibility(const config::Config& config, const SpeakerNode& node,
                           const layer2::LoadBalancerService& service, Eligibility result) {
  result.advertisements = PoolAdvertisements(config, *result.pool);
  if (result.advertisements.empty()) {
    // A layer2 pool: the BGP handler is never asked.
    result.verdict = Verdict::kNotOwner;
    return result;
  }
  result.verdict = EndpointVerdict(node, service, BehaviourProfile::kV0_9);
  const bool v6 = std::any_of(service.ips.begin(), service.ips.end(),
                              [](const net::IpAddress& ip) { return ip.is_v6(); });
  if (result.Announces() && v6) result.verdict = Verdict::kNonV4Prefix;
  if (!result.Announces()) result.advertisements.clear();
  return result;
}

Verdict CurrentVerdict(const config::Config& config, const SpeakerNode& node,
                       const layer2::LoadBalancerService& service, bool ignore_exclude_lb,
                       Eligibility& result) {
  std::vector<const BgpAdvertisement*> on_node;
  for (const BgpAdvertisement* ad : PoolAdvertisements(config, *result.pool)) {
    if (SelectsNode(*ad, node, BehaviourProfile::kCurrent)) on_node.push_back(ad);
  }
  if (on_node.empty()) return Verdict::kNotOwner;
  for (const BgpAdvertisement* ad : on_node) {
    if (MatchesService(*ad, service, BehaviourProfile::kCurrent)) {
      result.advertisements.push_back(ad);
    }
  }
  if (result.advertisements.empty()) return Verdict::kNoMatchingAdvertisement;
  if (AnyConflict(result.advertisements, service.ips)) return Verdict::kConflictingAdvertisements;
  // A speaker without a Node object never gets here: no advertisement selected it.
  if (node.object && node.object->network_unavailable) return Verdict::kNodeNetworkUnavailable;
  if (node.object && !ignore_exclude_lb && layer2::IsExcludedFromLoadBalancers(*node.object)) {
    return Verdict::kNodeExcluded;
  }
  return EndpointVerdict(node, service, BehaviourProfile::kCurrent);
}

}  // namespace

std::string_view VerdictReason(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAnnounce:
      return "";
    case Verdict::kNoIpAllocated:
      return "noIPAllocated";
    case Verdict::kIpNotAllowed:
      return "ipNotAllowed";
    case Verdict::kNotOwner:
      return "notOwner";
    case Verdict::kNoMatchingAdvertisement:
      return "noMatchingAdvertisement";
    case Verdict::kConflictingAdvertisements:
      return "conflictingAdvertisements";
    case Verdict::kNodeNetworkUnavailable:
      return "nodeNetworkUnavailable";
    case Verdict::kNodeExcluded:
      return "nodeLabeledExcludeBalancers";
    case Verdict::kNoLocalEndpoints:
      return "noLocalEndpoints";
    case Verdict::kNoEndpoints:
      return "noEndpoints";
    case Verdict::kNonV4Prefix:
      return "cannot advertise non-v4 prefix";
  }
  return "";
}

bool SelectsNode(const BgpAdvertisement& advertisement, const SpeakerNode& node,
                 BehaviourProfile profile) {
  if (profile == BehaviourProfile::kV0_9) return true;
  if (!node.object) return false;
  return advertisement.node_selectors.empty() ||
         k8s::AnyMatches(advertisement.node_selectors, node.object->labels);
}

bool MatchesService(const BgpAdvertisement& advertisement,
                    const layer2::LoadBalancerService& service, BehaviourProfile profile) {
  if (profile == BehaviourProfile::kV0_9) return true;
  return advertisement.service_selectors.empty() ||
         k8s::AnyMatches(advertisement.service_selectors, service.labels);
}

Eligibility CheckEligibility(const config::Config& config, const SpeakerNode& node,
                             const layer2::LoadBalancerService& service,
                             const PlanOptions& options) {
  Eligibility result;
  if (service.ips.empty()) return result;
  result.pool = config.PoolHolding(service.ips);
  if (result.pool == nullptr) {
    result.verdict = Verdict::kIpNotAllowed;
    return result;
  }
  if (options.profile == BehaviourProfile::kV0_9)
    return V09Eligibility(config, node, service, result);
  result.verdict = CurrentVerdict(config, node, service, options.ignore_exclude_lb, result);
  if (!result.Announces()) result.advertisements.clear();
  return result;
}

}  // namespace metallab::bgpadvert
