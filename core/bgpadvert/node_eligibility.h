// Spec §4.1: whether a speaker announces a Service over BGP at all (MetalLB's ShouldAnnounce
// for the BGP protocol, plus the pool lookup of the speaker's SetBalancer), and which
// BGPAdvertisements then apply on this node. Every speaker decides for itself; unlike Layer 2
// there is no election, so every eligible node announces (ECMP at the router).
//
// Current profile, in MetalLB's order: a BGPAdvertisement of the pool selects this node
// (resolved against Node objects), one of those matches the Service, no two of the matching
// ones would give a peer one prefix with two local preferences, the node's network is
// available, it lacks the exclusion label (unless --ignore-exclude-lb), and an endpoint that
// can serve exists on this node (Local) and anywhere (both policies). v0.9.6 checked only the
// endpoints, ready ones alone counting.
//
// Surprises reproduced: unlike Layer 2 (spec §7.4), v0.9 already announced a Cluster Service
// from every node, endpoints anywhere sufficing; a pool without BGPAdvertisement gets IPs but
// no route (§7.3).
//
// Simplification: MetalLB treats an endpoint address that is unready in any EndpointSlice as
// unready everywhere; endpoints here carry no address, so each one counts on its own.
#ifndef METALLAB_CORE_BGPADVERT_NODE_ELIGIBILITY_H_
#define METALLAB_CORE_BGPADVERT_NODE_ELIGIBILITY_H_

#include <string_view>
#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/config/config.h"

namespace metallab::bgpadvert {

enum class Verdict {
  kAnnounce,
  kNoIpAllocated,              // no ingress IP yet
  kIpNotAllowed,               // no pool holds every ingress IP
  kNotOwner,                   // no BGPAdvertisement of the pool selects this node
  kNoMatchingAdvertisement,    // those that do all have serviceSelectors missing the Service
  kConflictingAdvertisements,  // two of them would send one prefix with different localPref
  kNodeNetworkUnavailable,     // NetworkUnavailable=True
  kNodeExcluded,               // exclude-from-external-load-balancers label
  kNoLocalEndpoints,           // Local policy, no endpoint that can serve on this node
  kNoEndpoints,                // no endpoint that can serve anywhere
  kNonV4Prefix,                // v0.9: its native session refuses IPv6 prefixes
};

// MetalLB's reason string as its speaker logs it ("noLocalEndpoints", ...); empty for
// kAnnounce.
std::string_view VerdictReason(Verdict verdict);

// The verdict and, when announcing, what applies. Points into the Config it was computed from.
struct Eligibility {
  Verdict verdict = Verdict::kNoIpAllocated;
  const config::Pool* pool = nullptr;  // set from kNotOwner on
  // The BGPAdvertisements this node sends for the Service, in configuration order: those of
  // the pool that select this node and match the Service (v0.9: every one of the pool's).
  std::vector<const config::BgpAdvertisement*> advertisements;

  bool Announces() const { return verdict == Verdict::kAnnounce; }
};

Eligibility CheckEligibility(const config::Config& config, const SpeakerNode& node,
                             const layer2::LoadBalancerService& service,
                             const PlanOptions& options);

// Current profile: the advertisement's node set, resolved against Node objects, holds this
// node. v0.9 ConfigMap advertisements had no node selectors: always true.
bool SelectsNode(const config::BgpAdvertisement& advertisement, const SpeakerNode& node,
                 config::BehaviourProfile profile);

// Its serviceSelectors are empty or one matches the Service's labels (v0.9: always true).
bool MatchesService(const config::BgpAdvertisement& advertisement,
                    const layer2::LoadBalancerService& service, config::BehaviourProfile profile);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_NODE_ELIGIBILITY_H_
