#include "core/bgpadvert/node_plan.h"

#include <algorithm>
#include <map>

#include "core/bgpadvert/peer_sessions.h"
#include "core/bgpadvert/service_status.h"

namespace metallab::bgpadvert {
namespace {

// Services by key: MetalLB pools them from a Go map (random order), metallab in key order.
std::vector<const layer2::LoadBalancerService*> ByKey(
    const std::vector<layer2::LoadBalancerService>& services) {
  std::vector<const layer2::LoadBalancerService*> sorted;
  sorted.reserve(services.size());
  for (const layer2::LoadBalancerService& service : services) sorted.push_back(&service);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const layer2::LoadBalancerService* a, const layer2::LoadBalancerService* b) {
                     return a->Key() < b->Key();
                   });
  return sorted;
}

}  // namespace

const PeerPlan* NodePlan::FindPeer(std::string_view name) const {
  const auto it = std::find_if(peers.begin(), peers.end(),
                               [&](const PeerPlan& plan) { return plan.peer == name; });
  return it == peers.end() ? nullptr : &*it;
}

const ServicePlan* NodePlan::FindService(std::string_view key) const {
  const auto it = std::find_if(services.begin(), services.end(),
                               [&](const ServicePlan& plan) { return plan.service == key; });
  return it == services.end() ? nullptr : &*it;
}

NodePlan PlanNode(const config::Config& config, const SpeakerNode& node,
                  const std::vector<layer2::LoadBalancerService>& services,
                  const PlanOptions& options) {
  NodePlan plan;
  std::vector<ServiceRoute> pooled;                             // plan order
  std::map<std::string, std::vector<ServiceRoute>> by_service;  // announced Services only
  for (const layer2::LoadBalancerService* service : ByKey(services)) {
    const Eligibility eligibility = CheckEligibility(config, node, *service, options);
    ServicePlan& outcome = plan.services.emplace_back();
    outcome.service = service->Key();
    outcome.verdict = eligibility.verdict;
    if (eligibility.pool != nullptr) outcome.pool = eligibility.pool->name;
    if (!eligibility.Announces()) continue;
    std::vector<ServiceRoute> routes = ServiceRoutes(*service, eligibility);
    pooled.insert(pooled.end(), routes.begin(), routes.end());
    by_service[outcome.service] = std::move(routes);
  }
  const std::vector<const config::BgpPeer*> sessions = SessionPeers(config, node);
  for (const config::BgpPeer* peer : sessions) {
    plan.peers.push_back(
        PeerPlan{peer->name, IsInternal(*peer), PeerRoutes(*peer, pooled, options.merge)});
  }
  if (options.profile == config::BehaviourProfile::kCurrent) {
    const auto status = StatusPeers(by_service, sessions);
    for (ServicePlan& outcome : plan.services) {
      if (const auto it = status.find(outcome.service); it != status.end()) {
        outcome.status_peers = it->second;
      }
    }
  }
  return plan;
}

}  // namespace metallab::bgpadvert
