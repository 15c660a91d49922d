// The entry point: everything one speaker announces over BGP, computed from the whole
// cluster's Services in one call (MetalLB's speaker reconciling every Service, then handing
// each session the pooled advertisements). Recomputing after any change and diffing against
// the previous plan gives the UPDATEs: a prefix is withdrawn only once no Service on this node
// produces it any more (spec §4.2).
#ifndef METALLAB_CORE_BGPADVERT_NODE_PLAN_H_
#define METALLAB_CORE_BGPADVERT_NODE_PLAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/bgpadvert/node_eligibility.h"
#include "core/bgpadvert/route_plan.h"
#include "core/config/config.h"

namespace metallab::bgpadvert {

// One session of this node and what it sends.
struct PeerPlan {
  std::string peer;                  // BGPPeer name
  bool internal = false;             // iBGP
  std::vector<PlannedRoute> routes;  // sorted by prefix, one per prefix

  friend bool operator==(const PeerPlan&, const PeerPlan&) = default;
};

// One Service's outcome on this node.
struct ServicePlan {
  std::string service;  // namespace/name
  Verdict verdict = Verdict::kNoIpAllocated;
  std::string pool;  // the pool holding its IPs; empty when none does
  // ServiceBGPStatus status.peers: the sessions that receive a prefix of this Service, sorted
  // by name. Current profile only; empty under v0.9 and when not announcing.
  std::vector<std::string> status_peers;

  bool Announced() const { return verdict == Verdict::kAnnounce; }
  friend bool operator==(const ServicePlan&, const ServicePlan&) = default;
};

struct NodePlan {
  std::vector<PeerPlan> peers;        // every session of this node, configuration order
  std::vector<ServicePlan> services;  // every Service given, sorted by key

  const PeerPlan* FindPeer(std::string_view name) const;
  const ServicePlan* FindService(std::string_view key) const;
  friend bool operator==(const NodePlan&, const NodePlan&) = default;
};

// The same inputs give the same plan whatever order `services` come in.
NodePlan PlanNode(const config::Config& config, const SpeakerNode& node,
                  const std::vector<layer2::LoadBalancerService>& services,
                  const PlanOptions& options);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_NODE_PLAN_H_
