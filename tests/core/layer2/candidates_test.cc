#include "core/layer2/candidates.h"

#include <random>

#include <catch2/catch.hpp>

namespace metallab::layer2 {
namespace {

// A random cluster of six nodes and one Service: memberlist on or off, endpoints here and
// there, either policy, node conditions and labels, advertisements with and without node
// selectors, either profile.
ElectionInput RandomInput(std::mt19937& random) {
  ElectionInput input;
  input.profile = random() % 4 == 0 ? ElectionProfile::kV0_9 : ElectionProfile::kCurrent;
  for (int k = 1; k <= 6; ++k) {
    ElectionNode node{"w" + std::to_string(k), {}, random() % 6 == 0};
    if (random() % 5 == 0) node.labels[std::string(kExcludeFromLoadBalancersLabel)] = "";
    if (random() % 8 != 0) input.nodes.push_back(node);  // sometimes no Node object
  }
  if (random() % 3 != 0) {
    std::set<std::string> members;
    for (int k = 1; k <= 7; ++k) {
      if (random() % 4 != 0) members.insert("w" + std::to_string(k));
    }
    input.live_members = members;
  }
  const int endpoints = static_cast<int>(random() % 4);
  for (int k = 0; k < endpoints; ++k) {
    const std::optional<bool> ready =
        random() % 3 == 0 ? std::nullopt : std::make_optional(random() % 2 == 0);
    input.endpoints.push_back({"w" + std::to_string(1 + random() % 7), ready, random() % 2 == 0});
  }
  input.service.traffic_policy =
      random() % 2 == 0 ? ExternalTrafficPolicy::kCluster : ExternalTrafficPolicy::kLocal;
  const int ads = static_cast<int>(1 + random() % 2);
  for (int k = 0; k < ads; ++k) {
    ElectionAdvertisement ad;
    if (random() % 2 == 0) {
      ad.nodes = std::set<std::string>{};
      for (int n = 1; n <= 7; ++n) {
        if (random() % 2 == 0) ad.nodes->insert("w" + std::to_string(n));
      }
    }
    input.advertisements.push_back(ad);
  }
  input.ignore_exclude_lb = random() % 5 == 0;
  return input;
}

TEST_CASE("a node is a candidate exactly when both halves of its standing say eligible",
          "[layer2]") {
  std::mt19937 random(11);  // fixed: the same inputs every run
  int ineligible = 0;
  for (int round = 0; round < 2000; ++round) {
    const ElectionInput input = RandomInput(random);
    const std::set<std::string> candidates = ElectionCandidates(input);
    for (int k = 1; k <= 7; ++k) {
      const std::string node = "w" + std::to_string(k);
      const Ineligibility shared = NodeIneligibility(input, node);
      const Ineligibility own =
          shared == Ineligibility::kEligible ? ServiceIneligibility(input, node) : shared;
      INFO("round " << round << ", " << node << ": " << IneligibilityName(own));
      CHECK(candidates.contains(node) == (own == Ineligibility::kEligible));
      ineligible += own != Ineligibility::kEligible;
    }
  }
  CHECK(ineligible > 1000);  // the inputs do exercise the exclusions
}

TEST_CASE("the first check that fails names the reason", "[layer2]") {
  ElectionInput input;
  input.nodes = {{"w1", {}, true},
                 {"w2", {{std::string(kExcludeFromLoadBalancersLabel), ""}}, false},
                 {"w3", {}, false},
                 {"w4", {}, false}};
  input.live_members = std::set<std::string>{"w1", "w2", "w3", "w4"};
  input.advertisements.push_back({std::set<std::string>{"w1", "w2", "w4"}, {}, false});
  input.service.traffic_policy = ExternalTrafficPolicy::kLocal;
  input.endpoints.push_back({"w1", true, std::nullopt});

  CHECK(NodeIneligibility(input, "w1") == Ineligibility::kNetworkUnavailable);
  CHECK(NodeIneligibility(input, "w2") == Ineligibility::kExcludedByLabel);
  CHECK(NodeIneligibility(input, "w5") == Ineligibility::kNotMember);
  CHECK(ServiceIneligibility(input, "w3") == Ineligibility::kNotSelected);
  CHECK(ServiceIneligibility(input, "w4") == Ineligibility::kNoServingEndpoint);
  input.ignore_exclude_lb = true;
  CHECK(NodeIneligibility(input, "w2") == Ineligibility::kEligible);
  CHECK(IneligibilityName(Ineligibility::kNoServingEndpoint) == "noLocalEndpoints");
}

}  // namespace
}  // namespace metallab::layer2
