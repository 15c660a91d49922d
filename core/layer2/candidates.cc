#include "core/layer2/candidates.h"

#include <algorithm>
#include <iterator>

namespace metallab::layer2 {
namespace {

const ElectionNode* FindNode(const std::vector<ElectionNode>& nodes, const std::string& name) {
  const auto it = std::find_if(nodes.begin(), nodes.end(),
                               [&](const ElectionNode& node) { return node.name == name; });
  return it == nodes.end() ? nullptr : &*it;
}

std::set<std::string> AllNodeNames(const std::vector<ElectionNode>& nodes) {
  std::set<std::string> names;
  for (const ElectionNode& node : nodes) names.insert(node.name);
  return names;
}

std::set<std::string> Intersect(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.end()));
  return both;
}

// A speaker whose node has no Node object passes both checks, as MetalLB's nil-node checks do.
bool NodeMayAnnounce(const ElectionInput& input, const std::string& name) {
  const ElectionNode* node = FindNode(input.nodes, name);
  if (node == nullptr) return true;
  if (node->network_unavailable) return false;
  return input.ignore_exclude_lb || !IsExcludedFromLoadBalancers(*node);
}

bool AdvertisementSelects(const ElectionInput& input, const std::string& name) {
  return std::any_of(input.advertisements.begin(), input.advertisements.end(),
                     [&](const ElectionAdvertisement& ad) {
                       return ad.nodes ? ad.nodes->contains(name)
                                       : FindNode(input.nodes, name) != nullptr;
                     });
}

std::set<std::string> CurrentCandidates(const ElectionInput& input) {
  const std::set<std::string> speakers =
      input.live_members ? *input.live_members : AllNodeNames(input.nodes);
  std::set<std::string> candidates;
  for (const std::string& name : speakers) {
    if (NodeMayAnnounce(input, name) && AdvertisementSelects(input, name)) candidates.insert(name);
  }
  if (input.service.traffic_policy == ExternalTrafficPolicy::kLocal)
    return Intersect(candidates, NodesWithServingEndpoint(input.endpoints, input.profile));
  return candidates;
}

std::set<std::string> V0_9Candidates(const ElectionInput& input) {
  const std::set<std::string> hosting = NodesWithServingEndpoint(input.endpoints, input.profile);
  return input.live_members ? Intersect(hosting, *input.live_members) : hosting;
}

}  // namespace

bool EndpointCanServe(const ElectionEndpoint& endpoint, ElectionProfile profile) {
  const bool ready = endpoint.ready.value_or(true);
  if (profile == ElectionProfile::kV0_9) return ready;
  return ready || endpoint.serving.value_or(false);
}

bool AnyEndpointCanServe(const std::vector<ElectionEndpoint>& endpoints, ElectionProfile profile) {
  return std::any_of(endpoints.begin(), endpoints.end(), [&](const ElectionEndpoint& endpoint) {
    return EndpointCanServe(endpoint, profile);
  });
}

std::set<std::string> NodesWithServingEndpoint(const std::vector<ElectionEndpoint>& endpoints,
                                               ElectionProfile profile) {
  std::set<std::string> nodes;
  for (const ElectionEndpoint& endpoint : endpoints) {
    if (!endpoint.node.empty() && EndpointCanServe(endpoint, profile)) nodes.insert(endpoint.node);
  }
  return nodes;
}

bool IsExcludedFromLoadBalancers(const ElectionNode& node) {
  return node.labels.contains(std::string(kExcludeFromLoadBalancersLabel));
}

std::set<std::string> ElectionCandidates(const ElectionInput& input) {
  return input.profile == ElectionProfile::kV0_9 ? V0_9Candidates(input) : CurrentCandidates(input);
}

std::string_view IneligibilityName(Ineligibility reason) {
  switch (reason) {
    case Ineligibility::kEligible:
      return "eligible";
    case Ineligibility::kNotMember:
      return "notMember";
    case Ineligibility::kNetworkUnavailable:
      return "networkUnavailable";
    case Ineligibility::kExcludedByLabel:
      return "excludedByLabel";
    case Ineligibility::kNotSelected:
      return "notSelectedByAdvertisement";
    case Ineligibility::kNoServingEndpoint:
      return "noLocalEndpoints";
  }
  return "unknown";
}

Ineligibility NodeIneligibility(const ElectionInput& input, std::string_view node) {
  const std::string name(node);
  if (input.live_members) {
    if (!input.live_members->contains(name)) return Ineligibility::kNotMember;
  } else if (input.profile != ElectionProfile::kV0_9 && FindNode(input.nodes, name) == nullptr) {
    return Ineligibility::kNotMember;  // without memberlist the speakers are the Node objects
  }
  if (input.profile == ElectionProfile::kV0_9) return Ineligibility::kEligible;
  const ElectionNode* found = FindNode(input.nodes, name);
  if (found == nullptr) return Ineligibility::kEligible;
  if (found->network_unavailable) return Ineligibility::kNetworkUnavailable;
  if (!input.ignore_exclude_lb && IsExcludedFromLoadBalancers(*found))
    return Ineligibility::kExcludedByLabel;
  return Ineligibility::kEligible;
}

Ineligibility ServiceIneligibility(const ElectionInput& input, std::string_view node) {
  const std::string name(node);
  const auto hosts_serving_endpoint = [&] {
    return std::any_of(input.endpoints.begin(), input.endpoints.end(),
                       [&](const ElectionEndpoint& endpoint) {
                         return endpoint.node == name && EndpointCanServe(endpoint, input.profile);
                       });
  };
  if (input.profile == ElectionProfile::kV0_9) {
    return hosts_serving_endpoint() ? Ineligibility::kEligible : Ineligibility::kNoServingEndpoint;
  }
  if (!AdvertisementSelects(input, name)) return Ineligibility::kNotSelected;
  if (input.service.traffic_policy == ExternalTrafficPolicy::kLocal && !hosts_serving_endpoint())
    return Ineligibility::kNoServingEndpoint;
  return Ineligibility::kEligible;
}

}  // namespace metallab::layer2
