// The whole per-node plan: every Service's verdict, every session's routes, ServiceBGPStatus
// peers, and the same answer whatever order the cluster lists its Services in.
#include "core/bgpadvert/node_plan.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "bgpadvert_fixture.h"

namespace metallab::bgpadvert::testing {
namespace {

using layer2::ExternalTrafficPolicy;
using Names = std::vector<std::string>;

const std::string kConfig =
    Pool("web", "addresses: [192.0.2.0/24]") + Pool("api", "addresses: [198.51.100.0/24]") +
    SimplePeer("tor-a", "203.0.113.1", true) + SimplePeer("tor-b", "203.0.113.2") +
    Ad("web-block", "ipAddressPools: [web]\naggregationLength: 24\npeers: [tor-a]") +
    Ad("web-host", "ipAddressPools: [web]\npeers: [tor-b]\ncommunities: [\"64500:80\"]") +
    Ad("api", "ipAddressPools: [api]\nlocalPref: 150");

std::vector<layer2::LoadBalancerService> Cluster() {
  const auto endpoints = std::vector{Ready("n1"), Ready("n2")};
  return {Service("front", {"192.0.2.11"}, endpoints),
          Service("shop", {"192.0.2.12"}, endpoints, ExternalTrafficPolicy::kLocal),
          Service("api", {"198.51.100.5"}, {Ready("n3")}, ExternalTrafficPolicy::kLocal),
          Service("pending", {}, endpoints)};
}

std::vector<std::string> Routes(const NodePlan& plan, const std::string& peer) {
  std::vector<std::string> texts;
  for (const PlannedRoute& route : plan.FindPeer(peer)->routes) {
    texts.push_back(route.prefix.ToString());
  }
  return texts;
}

}  // namespace

TEST_CASE("Per-node routes for a cluster of three nodes", "[bgpadvert][plan]") {
  const config::Config config = MustLoad(kConfig);
  const NodePlan n1 = PlanNode(config, Node("n1"), Cluster(), {});
  CHECK(Routes(n1, "tor-a") == Names{"192.0.2.0/24"});
  CHECK(Routes(n1, "tor-b") == Names{"192.0.2.11/32", "192.0.2.12/32"});

  const NodePlan n3 = PlanNode(config, Node("n3"), Cluster(), {});
  // shop is Local with no endpoint on n3; api is Local with its only endpoint there.
  CHECK(Routes(n3, "tor-a") == Names{"192.0.2.0/24", "198.51.100.5/32"});
  CHECK(Routes(n3, "tor-b") == Names{"192.0.2.11/32", "198.51.100.5/32"});
  CHECK(n3.FindPeer("tor-a")->routes[1].LocalPrefAttribute() == 150u);
  CHECK_FALSE(n3.FindPeer("tor-b")->routes[1].LocalPrefAttribute());

  REQUIRE(n3.services.size() == 4);
  CHECK(n3.services[0].service == "default/api");
  CHECK(n3.services[0].Announced());
  CHECK(n3.services[0].pool == "api");
  CHECK(n3.FindService("default/shop")->verdict == Verdict::kNoLocalEndpoints);
  CHECK(n3.FindService("default/pending")->verdict == Verdict::kNoIpAllocated);
  CHECK(n3.FindService("default/pending")->pool.empty());
  CHECK(n3.FindService("default/nothing") == nullptr);
}

TEST_CASE("A block stays announced while any Service of it remains", "[bgpadvert][plan]") {
  const config::Config config = MustLoad(kConfig);
  std::vector<layer2::LoadBalancerService> services = Cluster();
  services.erase(services.begin());  // front goes away; shop still uses 192.0.2.0/24 on n1
  const NodePlan n1 = PlanNode(config, Node("n1"), services, {});
  CHECK(Routes(n1, "tor-a") == Names{"192.0.2.0/24"});
  CHECK(Routes(n1, "tor-b") == Names{"192.0.2.12/32"});
}

TEST_CASE("The plan does not depend on the order Services are listed in",
          "[bgpadvert][plan][determinism]") {
  const config::Config config = MustLoad(kConfig);
  std::vector<layer2::LoadBalancerService> services = Cluster();
  const NodePlan expected = PlanNode(config, Node("n1"), services, {});
  std::sort(services.begin(), services.end(),
            [](const layer2::LoadBalancerService& a, const layer2::LoadBalancerService& b) {
              return a.name > b.name;
            });
  do {
    CHECK(PlanNode(config, Node("n1"), services, {}) == expected);
  } while (
      std::next_permutation(services.begin(), services.end(),
                            [](const layer2::LoadBalancerService& a,
                               const layer2::LoadBalancerService& b) { return a.name > b.name; }));
}

TEST_CASE("ServiceBGPStatus peers, shared through an aggregated prefix", "[bgpadvert][plan]") {
  const config::Config config = MustLoad(kConfig);
  const NodePlan n1 = PlanNode(config, Node("n1"), Cluster(), {});
  // front's and shop's /32s go to tor-b, their common /24 to tor-a: both list both.
  CHECK(n1.FindService("default/front")->status_peers == Names{"tor-a", "tor-b"});
  CHECK(n1.FindService("default/shop")->status_peers == Names{"tor-a", "tor-b"});
  CHECK(n1.FindService("default/api")->status_peers.empty());  // not announced on n1
}

TEST_CASE("ServiceBGPStatus lists a peer only a neighbour's advertisement names",
          "[bgpadvert][plan]") {
  // Two Services share 192.0.2.11; each one's advertisement targets a different peer. The
  // prefix is the same, so each Service is reported as going to both peers.
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor-a", "203.0.113.1") +
               SimplePeer("tor-b", "203.0.113.2") + Ad("a", R"(peers: [tor-a]
serviceSelectors:
- matchLabels: {app: a}
)") + Ad("b", R"(peers: [tor-b]
serviceSelectors:
- matchLabels: {app: b}
)"));
  const auto endpoints = std::vector{Ready("n1")};
  const NodePlan plan = PlanNode(
      config, Node("n1"),
      {Service("a", {"192.0.2.11"}, endpoints, ExternalTrafficPolicy::kCluster, {{"app", "a"}}),
       Service("b", {"192.0.2.11"}, endpoints, ExternalTrafficPolicy::kCluster, {{"app", "b"}})},
      {});
  CHECK(plan.FindService("default/a")->status_peers == Names{"tor-a", "tor-b"});
  CHECK(plan.FindService("default/b")->status_peers == Names{"tor-a", "tor-b"});
}

TEST_CASE("v0.9 writes no ServiceBGPStatus", "[bgpadvert][plan][v0.9]") {
  const config::Config config = MustLoad(ConfigMap(R"(peers:
- my-asn: 64500
  peer-asn: 64501
  peer-address: 203.0.113.1
address-pools:
- name: web
  protocol: bgp
  addresses: [192.0.2.0/24]
)"),
                                         V09());
  const NodePlan plan =
      PlanNode(config, Node("n1"), {Service("web", {"192.0.2.11"}, {Ready("n2")})}, V09Options());
  REQUIRE(plan.services.size() == 1);
  CHECK(plan.services[0].Announced());
  CHECK(plan.services[0].status_peers.empty());
  REQUIRE(plan.peers.size() == 1);
  CHECK(Routes(plan, plan.peers[0].peer) == Names{"192.0.2.11/32"});
}

}  // namespace metallab::bgpadvert::testing
