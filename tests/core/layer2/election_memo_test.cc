#include "core/layer2/election_memo.h"

#include <random>

#include <catch2/catch.hpp>

#include "core/layer2/owner_election.h"

namespace metallab::layer2 {
namespace {

ElectionInput Cluster(int nodes) {
  ElectionInput input;
  for (int k = 1; k <= nodes; ++k) input.nodes.push_back({"w" + std::to_string(k), {}, false});
  std::set<std::string> members;
  for (const ElectionNode& node : input.nodes) members.insert(node.name);
  input.live_members = members;
  input.advertisements.push_back({});
  return input;
}

TEST_CASE("the memo answers every variation exactly as ElectOwner does", "[layer2]") {
  ElectionMemo memo;
  std::mt19937 random(7);  // fixed: the variations are the same every run
  ElectionInput input = Cluster(6);
  for (int round = 0; round < 400; ++round) {
    // Change one thing at a time, as a cluster does: membership, endpoints, policy, IP, labels.
    switch (random() % 6) {
      case 0:
        if (input.live_members->size() > 1) {
          input.live_members->erase(input.live_members->begin());
        } else {
          for (const ElectionNode& node : input.nodes) input.live_members->insert(node.name);
        }
        break;
      case 1:
        input.endpoints.push_back(
            {"w" + std::to_string(1 + random() % 6), random() % 2 == 0, std::nullopt});
        if (input.endpoints.size() > 4) input.endpoints.erase(input.endpoints.begin());
        break;
      case 2:
        input.service.traffic_policy =
            input.service.traffic_policy == ExternalTrafficPolicy::kCluster
                ? ExternalTrafficPolicy::kLocal
                : ExternalTrafficPolicy::kCluster;
        break;
      case 3:
        input.service.first_ip = "192.0.2." + std::to_string(10 + random() % 5);
        break;
      case 4:
        input.nodes[random() % 6].labels[std::string(kExcludeFromLoadBalancersLabel)] = "";
        break;
      case 5:
        input.nodes[random() % 6].labels.clear();
        break;
    }
    INFO("round " << round);
    const ElectionMemo::SharedId shared = memo.Intern(input);
    CHECK(memo.Owner(shared, input) == ElectOwner(input).owner);
    CHECK(memo.Owner(shared, input) == ElectOwner(input).owner);  // now from the memo
  }
  CHECK(memo.hits() >= 400);
}

TEST_CASE("the memo keeps the last views only, and re-interns an evicted one", "[layer2]") {
  ElectionMemo memo(2);
  ElectionInput input = Cluster(3);
  input.service = {"default", "web", "192.0.2.11", ExternalTrafficPolicy::kCluster, false};
  const ElectionMemo::SharedId first = memo.Intern(input);
  CHECK(memo.Intern(input) == first);  // the same view, the same id
  ElectionInput fewer = input;
  fewer.live_members->erase("w1");
  const ElectionMemo::SharedId second = memo.Intern(fewer);
  CHECK(second != first);
  ElectionInput fewest = fewer;
  fewest.live_members->erase("w2");
  memo.Intern(fewest);  // evicts `first`
  // An evicted id still answers correctly: the view is interned again from the input.
  CHECK(memo.Owner(first, input) == ElectOwner(input).owner);
  CHECK(memo.Owner(second, fewer) == ElectOwner(fewer).owner);
}

}  // namespace
}  // namespace metallab::layer2
