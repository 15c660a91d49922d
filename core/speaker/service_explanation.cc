#include "core/speaker/service_explanation.h"

#include <algorithm>
#include <set>

#include "core/bgp/session_event.h"
#include "core/bgpadvert/node_plan.h"
#include "core/crypto/sha256.h"
#include "core/layer2/ranking.h"
#include "core/speaker/election_inputs.h"

namespace metallab::speaker {
namespace {

Layer2Explanation ExplainLayer2(const Speaker& speaker, const ClusterView& view,
                                const Layer2Service& service) {
  layer2::ElectionInput input =
      SharedElectionInput(view.Nodes(), speaker.memberlist(), speaker.options().profile);
  SetService(input, service);
  Layer2Explanation explanation;
  explanation.key = layer2::ElectionKeySuffix(input.service, input.profile);
  if (input.live_members) {
    explanation.live_members.emplace(input.live_members->begin(), input.live_members->end());
  }
  const layer2::ElectionResult result = layer2::ElectOwner(input);
  explanation.outcome = result.outcome;
  for (const std::string& node : result.ranking) {
    explanation.ranking.push_back({node, layer2::PreferenceScore(node, input.advertisements),
                                   crypto::ToHex(layer2::ElectionHash(node, explanation.key))});
  }
  std::set<std::string> names;
  for (const layer2::ElectionNode& node : input.nodes) names.insert(node.name);
  if (input.live_members) names.insert(input.live_members->begin(), input.live_members->end());
  for (const std::string& name : names) {
    if (std::count(result.ranking.begin(), result.ranking.end(), name) > 0) continue;
    layer2::Ineligibility reason = layer2::NodeIneligibility(input, name);
    if (reason == layer2::Ineligibility::kEligible) {
      reason = layer2::ServiceIneligibility(input, name);
    }
    explanation.not_candidates.push_back({name, reason});
  }
  const std::string& self = speaker.node();
  explanation.announces = speaker.running() && result.AnnouncesFrom(self);
  if (!explanation.announces) {
    layer2::Ineligibility standing = layer2::NodeIneligibility(input, self);
    if (standing == layer2::Ineligibility::kEligible) {
      standing = layer2::ServiceIneligibility(input, self);
    }
    explanation.reason = ReasonNotAnnounced({result.outcome, result.owner}, standing);
  }
  explanation.interfaces = service.interfaces;
  return explanation;
}

BgpExplanation ExplainBgp(const Speaker& speaker, const bgpadvert::ServicePlan& plan,
                          const std::vector<net::IpAddress>& ips) {
  BgpExplanation explanation{plan.verdict, plan.pool, {}};
  const BgpController* bgp = speaker.bgp();
  if (bgp == nullptr || !plan.Announced()) return explanation;
  for (const bgpadvert::PeerPlan& peer : bgp->plan().peers) {
    const bgp::BgpSession* session = bgp->Session(peer.peer);
    for (const bgpadvert::PlannedRoute& route : peer.routes) {
      const bool ours = std::any_of(ips.begin(), ips.end(), [&route](const net::IpAddress& ip) {
        return route.prefix.Contains(ip);
      });
      if (!ours) continue;
      PeerRoute described{peer.peer,
                          session == nullptr ? "none" : bgp::SessionStateName(session->state()),
                          route.prefix.ToString(),
                          {},
                          route.LocalPrefAttribute()};
      for (const auto& community : route.communities) {
        described.communities.push_back(community.ToString());
      }
      for (const auto& community : route.large_communities) {
        described.communities.push_back(community.ToString());
      }
      explanation.routes.push_back(std::move(described));
    }
  }
  return explanation;
}

}  // namespace

std::optional<ServiceExplanation> ExplainService(const Speaker& speaker, const ClusterView& view,
                                                 const std::string& service) {
  const std::vector<layer2::LoadBalancerService>& services = view.Services();
  const auto found = std::find_if(services.begin(), services.end(),
                                  [&](const auto& s) { return s.Key() == service; });
  if (found == services.end()) return std::nullopt;
  ServiceExplanation explanation{speaker.node(), service, speaker.running(), {}, {}};
  // A stopped speaker has no memberlist view and announces nothing: running says it all.
  if (!speaker.running()) return explanation;
  const config::Config& config = view.MetallbConfig();
  std::vector<layer2::ElectionNode> nodes = view.Nodes();
  for (const Layer2Service& l2 : SelectLayer2Services(config, nodes, {*found})) {
    explanation.layer2 = ExplainLayer2(speaker, view, l2);
  }
  std::set<std::string> bgp_pools;
  for (const config::BgpAdvertisement& ad : config.bgp_advertisements) {
    bgp_pools.insert(ad.pools.begin(), ad.pools.end());
  }
  const auto self = std::find_if(nodes.begin(), nodes.end(),
                                 [&](const auto& node) { return node.name == speaker.node(); });
  const bgpadvert::NodePlan plan = bgpadvert::PlanNode(
      config,
      bgpadvert::SpeakerNode{speaker.node(),
                             self == nodes.end() ? std::nullopt : std::make_optional(*self)},
      {*found}, speaker.options().bgp.plan);
  for (const bgpadvert::ServicePlan& planned : plan.services) {
    if (bgp_pools.count(planned.pool) == 0) continue;
    explanation.bgp = ExplainBgp(speaker, planned, found->ips);
  }
  return explanation;
}

}  // namespace metallab::speaker
