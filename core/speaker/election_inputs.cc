#include "core/speaker/election_inputs.h"

#include <set>
#include <string>

namespace metallab::speaker {

layer2::ElectionInput SharedElectionInput(std::vector<layer2::ElectionNode> nodes,
                                          const membership::Memberlist* memberlist,
                                          layer2::ElectionProfile profile) {
  layer2::ElectionInput input;
  input.nodes = std::move(nodes);
  if (memberlist != nullptr) {
    const auto members = memberlist->Members();
    input.live_members = std::set<std::string>(members.begin(), members.end());
  }
  input.profile = profile;
  return input;
}

void SetService(layer2::ElectionInput& input, const Layer2Service& l2) {
  const layer2::LoadBalancerService& service = l2.service;
  input.service = layer2::ElectionService{service.ns, service.name,
                                          service.ips.empty() ? "" : service.ips.front().ToString(),
                                          service.traffic_policy, service.allow_shared_ip};
  input.endpoints = service.endpoints;
  input.advertisements = l2.advertisements;
}

}  // namespace metallab::speaker
