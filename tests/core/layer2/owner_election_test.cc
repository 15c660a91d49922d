// Layer 2 owner election. Every expected order is computed here from the real sha256sum program
// over the literal keys (`printf '%s' 'w1-k8s#192.168.1.11' | sha256sum`), never from the code
// under test, so a wrong key, hash or comparison shows up as a different order.
#include "core/layer2/owner_election.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/crypto/sha256.h"
#include "core/layer2/candidates.h"
#include "core/layer2/ranking.h"
#include "tests/support/run_command.h"

namespace metallab::layer2 {
namespace {

using Strings = std::vector<std::string>;

const Strings kWalkthroughNodes = {"w1-k8s", "w2-k8s", "w3-k8s"};
const Strings kIps = {"192.168.1.11", "192.168.1.12", "2001:db8:1::11"};

using metallab::testing::RunCommand;

// coreutils' digest of `key`, memoised: the same keys come up in many tests.
std::string ShellSha256Hex(const std::string& key) {
  static std::map<std::string, std::string> cache;
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  REQUIRE(key.find('\'') == std::string::npos);  // the key goes between single quotes
  const auto output = RunCommand("printf '%s' '" + key + "' | sha256sum");
  if (!output || output->size() < 64) {
    FAIL("could not run sha256sum (GNU coreutils) for key '"
         << key << "'; these tests compute expected orders with it. Install coreutils.");
  }
  return cache[key] = output->substr(0, 64);
}

// `nodes` in MetalLB's order for `suffix` with no preferences: ascending digest of
// `<node>#<suffix>`. Lowercase hex compares like the big-endian bytes it spells.
Strings ExpectedOrder(Strings nodes, const std::string& suffix) {
  std::sort(nodes.begin(), nodes.end(), [&](const std::string& a, const std::string& b) {
    return ShellSha256Hex(a + "#" + suffix) < ShellSha256Hex(b + "#" + suffix);
  });
  return nodes;
}

Strings Without(Strings nodes, const std::string& removed) {
  nodes.erase(std::remove(nodes.begin(), nodes.end(), removed), nodes.end());
  return nodes;
}

ElectionEndpoint Ready(std::string node) { return {std::move(node), true, true}; }

std::vector<ElectionNode> Nodes(const Strings& names) {
  std::vector<ElectionNode> nodes;
  for (const std::string& name : names) nodes.push_back({name, {}, false});
  return nodes;
}

ElectionNode& NodeNamed(ElectionInput& input, const std::string& name) {
  const auto it = std::find_if(input.nodes.begin(), input.nodes.end(),
                               [&](const ElectionNode& node) { return node.name == name; });
  REQUIRE(it != input.nodes.end());
  return *it;
}

// The walkthrough: lb-hname-svc on three workers, one ready pod on w2-k8s, one L2 announcement
// for every node, memberlist disabled.
ElectionInput Walkthrough(const std::string& ip,
                          ExternalTrafficPolicy policy = ExternalTrafficPolicy::kCluster,
                          ElectionProfile profile = ElectionProfile::kCurrent) {
  ElectionInput input;
  input.service = {"default", "lb-hname-svc", ip, policy, false};
  input.endpoints = {Ready("w2-k8s")};
  input.nodes = Nodes(kWalkthroughNodes);
  input.advertisements = {ElectionAdvertisement{}};
  input.profile = profile;
  return input;
}

ElectionAdvertisement On(std::set<std::string> nodes) {
  ElectionAdvertisement ad;
  ad.nodes = std::move(nodes);
  return ad;
}

ElectionAdvertisement Preferring(std::vector<ElectionPreference> preferences) {
  ElectionAdvertisement ad;
  ad.preferences = std::move(preferences);
  return ad;
}

TEST_CASE("ElectionHash is SHA-256 of node#key as sha256sum computes it", "[layer2][hash]") {
  const std::string suffix = GENERATE("192.168.1.11", "192.168.1.12", "2001:db8:1::11",
                                      "default/lb-hname-svc", "default/lb-ip-svc");
  for (const std::string& node : kWalkthroughNodes) {
    INFO(node << "#" << suffix);
    CHECK(crypto::ToHex(ElectionHash(node, suffix)) == ShellSha256Hex(node + "#" + suffix));
  }
}

TEST_CASE("the key suffix is the first IP, or namespace/name under v0.9", "[layer2][hash]") {
  ElectionService service;
  service.ns = "default";
  service.name = "lb-ip-svc";
  service.first_ip = "192.168.1.12";
  CHECK(ElectionKeySuffix(service, ElectionProfile::kCurrent) == "192.168.1.12");
  CHECK(ElectionKeySuffix(service, ElectionProfile::kV0_9) == "default/lb-ip-svc");
}

TEST_CASE("Cluster policy ranks every node by hash of node#IP", "[layer2][order]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const ElectionResult result = ElectOwner(Walkthrough(ip));
  const Strings expected = ExpectedOrder(kWalkthroughNodes, ip);
  CHECK(result.outcome == ElectionOutcome::kElected);
  CHECK(result.ranking == expected);
  REQUIRE(result.owner);
  CHECK(*result.owner == expected.front());
  CHECK(result.AnnouncesFrom(expected.front()));
  CHECK_FALSE(result.AnnouncesFrom(expected.back()));
}

TEST_CASE("Local policy ranks only nodes hosting a serving endpoint", "[layer2][order]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  ElectionInput input = Walkthrough(ip, ExternalTrafficPolicy::kLocal);
  CHECK(ElectOwner(input).ranking == Strings{"w2-k8s"});

  input.endpoints = {Ready("w1-k8s"), Ready("w3-k8s"), Ready("w3-k8s"), {"w2-k8s", false, false}};
  const ElectionResult result = ElectOwner(input);
  const Strings expected = ExpectedOrder({"w1-k8s", "w3-k8s"}, ip);
  CHECK(result.ranking == expected);
  REQUIRE(result.owner);
  CHECK(*result.owner == expected.front());
}

TEST_CASE("an endpoint without a node counts as serving but hosts nothing", "[layer2][endpoints]") {
  ElectionInput input = Walkthrough("192.168.1.11");
  input.endpoints = {{"", true, true}};
  CHECK(ElectOwner(input).ranking == ExpectedOrder(kWalkthroughNodes, "192.168.1.11"));
  input.service.traffic_policy = ExternalTrafficPolicy::kLocal;
  const ElectionResult local = ElectOwner(input);
  CHECK(local.outcome == ElectionOutcome::kNoCandidates);
  CHECK(local.ranking.empty());
  CHECK_FALSE(local.owner);
  input.profile = ElectionProfile::kV0_9;
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kNoCandidates);
}

TEST_CASE("memberlist: a dead member drops out, disabled means every node", "[layer2][members]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const Strings expected = ExpectedOrder(kWalkthroughNodes, ip);
  ElectionInput input = Walkthrough(ip);
  CHECK(*ElectOwner(input).owner == expected[0]);

  // The winner's speaker dies: the runner-up takes over, the others keep their order.
  const Strings alive = Without(kWalkthroughNodes, expected[0]);
  input.live_members = std::set<std::string>(alive.begin(), alive.end());
  const ElectionResult failover = ElectOwner(input);
  CHECK(failover.ranking == Strings{expected[1], expected[2]});
  CHECK(*failover.owner == expected[1]);

  // Every member alive: same as memberlist disabled.
  input.live_members = std::set<std::string>(kWalkthroughNodes.begin(), kWalkthroughNodes.end());
  CHECK(ElectOwner(input).ranking == expected);
}

TEST_CASE("a live speaker without a Node object matches no all-nodes advertisement",
          "[layer2][members]") {
  ElectionInput input = Walkthrough("192.168.1.11");
  input.live_members = std::set<std::string>{"w1-k8s", "w2-k8s", "w3-k8s", "ghost"};
  CHECK(ElectOwner(input).ranking == ExpectedOrder(kWalkthroughNodes, "192.168.1.11"));
  // Named explicitly by an advertisement, it competes (it has no conditions or labels to fail).
  input.advertisements = {On({"w1-k8s", "ghost"})};
  CHECK(ElectOwner(input).ranking == ExpectedOrder({"w1-k8s", "ghost"}, "192.168.1.11"));
}

TEST_CASE("the exclude-from-external-load-balancers label removes a node unless ignored",
          "[layer2][nodes]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const Strings expected = ExpectedOrder(kWalkthroughNodes, ip);
  ElectionInput input = Walkthrough(ip);
  // Any value excludes, the empty string included.
  NodeNamed(input, expected[0]).labels[std::string(kExcludeFromLoadBalancersLabel)] = "";
  const ElectionResult excluded = ElectOwner(input);
  CHECK(excluded.ranking == Strings{expected[1], expected[2]});
  CHECK(*excluded.owner == expected[1]);

  input.ignore_exclude_lb = true;
  CHECK(*ElectOwner(input).owner == expected[0]);
}

TEST_CASE("a node whose network is unavailable does not announce", "[layer2][nodes]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const Strings expected = ExpectedOrder(kWalkthroughNodes, ip);
  ElectionInput input = Walkthrough(ip);
  NodeNamed(input, expected[0]).network_unavailable = true;
  input.ignore_exclude_lb = true;  // does not cover NetworkUnavailable
  const ElectionResult result = ElectOwner(input);
  CHECK(result.ranking == Strings{expected[1], expected[2]});
  CHECK(*result.owner == expected[1]);
}

TEST_CASE("advertisement node selectors restrict the candidates to their union",
          "[layer2][advertisements]") {
  const std::string ip = "192.168.1.12";
  ElectionInput input = Walkthrough(ip);
  input.advertisements = {On({"w2-k8s", "w3-k8s"})};
  CHECK(ElectOwner(input).ranking == ExpectedOrder({"w2-k8s", "w3-k8s"}, ip));

  input.advertisements = {On({"w1-k8s"}), On({"w3-k8s"})};
  CHECK(ElectOwner(input).ranking == ExpectedOrder({"w1-k8s", "w3-k8s"}, ip));

  input.advertisements = {On({})};
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kNoCandidates);

  input.advertisements.clear();
  const ElectionResult none = ElectOwner(input);
  CHECK(none.outcome == ElectionOutcome::kNoMatchingAdvertisement);
  CHECK_FALSE(none.owner);
}

TEST_CASE("preference weights order nodes before the hash does", "[layer2][preferences]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const Strings by_hash = ExpectedOrder(kWalkthroughNodes, ip);
  ElectionInput input = Walkthrough(ip);

  // The hash's last node, preferred, wins; the rest keep their hash order.
  input.advertisements = {Preferring({{{by_hash[2]}, 10}})};
  CHECK(ElectOwner(input).ranking == Strings{by_hash[2], by_hash[0], by_hash[1]});

  // Weights add up across preferences and across advertisements: 20 + 20 beats 30.
  input.advertisements = {Preferring({{{by_hash[2]}, 30}, {{by_hash[1]}, 20}}),
                          Preferring({{{by_hash[1]}, 20}})};
  CHECK(ElectOwner(input).ranking == Strings{by_hash[1], by_hash[2], by_hash[0]});

  // Equal scores fall back to the hash.
  input.advertisements = {Preferring({{{kWalkthroughNodes.begin(), kWalkthroughNodes.end()}, 50}})};
  CHECK(ElectOwner(input).ranking == by_hash);
  CHECK(PreferenceScore(by_hash[0], input.advertisements) == 50);
}

TEST_CASE("a preferred node that is not a candidate does not win", "[layer2][preferences]") {
  const std::string ip = "192.168.1.11";
  const Strings by_hash = ExpectedOrder(kWalkthroughNodes, ip);
  ElectionInput input = Walkthrough(ip);
  input.advertisements = {Preferring({{{by_hash[2]}, 100}})};
  NodeNamed(input, by_hash[2]).network_unavailable = true;
  CHECK(ElectOwner(input).ranking == Strings{by_hash[0], by_hash[1]});
}

TEST_CASE("allow-shared-ip with a service-selecting advertisement announces nowhere",
          "[layer2][advertisements]") {
  ElectionInput input = Walkthrough("192.168.1.11");
  ElectionAdvertisement selecting;
  selecting.has_service_selectors = true;
  input.advertisements = {ElectionAdvertisement{}, selecting};

  CHECK(ElectOwner(input).outcome == ElectionOutcome::kElected);  // selectors alone are fine
  input.service.allow_shared_ip = true;
  const ElectionResult shared = ElectOwner(input);
  CHECK(shared.outcome == ElectionOutcome::kSharedIpWithServiceSelector);
  CHECK(shared.ranking.empty());
  CHECK_FALSE(shared.owner);

  input.advertisements = {ElectionAdvertisement{}};  // shared IP alone is fine
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kElected);
}

TEST_CASE("no endpoint that can serve means nobody announces", "[layer2][endpoints]") {
  const ElectionProfile profile = GENERATE(ElectionProfile::kCurrent, ElectionProfile::kV0_9);
  ElectionInput input = Walkthrough("192.168.1.11", ExternalTrafficPolicy::kCluster, profile);
  input.endpoints.clear();
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kNoServingEndpoints);
  input.endpoints = {{"w1-k8s", false, false}, {"w2-k8s", false, std::nullopt}};
  const ElectionResult result = ElectOwner(input);
  CHECK(result.outcome == ElectionOutcome::kNoServingEndpoints);
  CHECK(result.ranking.empty());
  CHECK_FALSE(result.owner);
  // Unset conditions count as ready.
  input.endpoints.push_back({"w3-k8s", std::nullopt, std::nullopt});
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kElected);
}

TEST_CASE("serving but not ready counts in the current profile, not in v0.9",
          "[layer2][endpoints]") {
  const ElectionEndpoint terminating{"w3-k8s", false, true};
  CHECK(EndpointCanServe(terminating, ElectionProfile::kCurrent));
  CHECK_FALSE(EndpointCanServe(terminating, ElectionProfile::kV0_9));

  ElectionInput input = Walkthrough("192.168.1.11", ExternalTrafficPolicy::kLocal);
  input.endpoints = {terminating};
  CHECK(ElectOwner(input).ranking == Strings{"w3-k8s"});
  input.profile = ElectionProfile::kV0_9;
  CHECK(ElectOwner(input).outcome == ElectionOutcome::kNoServingEndpoints);

  // Beside a ready endpoint, v0.9 elects among the ready endpoint's node only.
  input.endpoints = {terminating, Ready("w1-k8s")};
  CHECK(ElectOwner(input).ranking == Strings{"w1-k8s"});
  input.profile = ElectionProfile::kCurrent;
  CHECK(ElectOwner(input).ranking == ExpectedOrder({"w1-k8s", "w3-k8s"}, "192.168.1.11"));
}

TEST_CASE("adding a node that does not sort first leaves the owner alone", "[layer2][order]") {
  const std::string ip = GENERATE_REF(from_range(kIps));
  INFO("IP " << ip);
  const Strings before = ExpectedOrder(kWalkthroughNodes, ip);
  const std::string owner_hash = ShellSha256Hex(before[0] + "#" + ip);
  // The first of w4-k8s, w5-k8s, ... whose digest sorts after (or before) the owner's.
  std::optional<std::string> later, earlier;
  for (int i = 4; i < 64 && (!later || !earlier); ++i) {
    const std::string name = "w" + std::to_string(i) + "-k8s";
    auto& slot = ShellSha256Hex(name + "#" + ip) > owner_hash ? later : earlier;
    if (!slot) slot = name;
  }
  REQUIRE(later);
  REQUIRE(earlier);

  Strings grown = kWalkthroughNodes;
  grown.push_back(*later);
  ElectionInput input = Walkthrough(ip);
  input.nodes = Nodes(grown);
  const ElectionResult kept = ElectOwner(input);
  CHECK(*kept.owner == before[0]);
  CHECK(kept.ranking == ExpectedOrder(grown, ip));

  // Only a node that sorts first takes the IP over.
  grown.push_back(*earlier);
  input.nodes = Nodes(grown);
  CHECK(*ElectOwner(input).owner == ExpectedOrder(grown, ip).front());
  CHECK(*ElectOwner(input).owner != before[0]);
}

TEST_CASE("v0.9 hashes node#namespace/name over nodes with a ready endpoint", "[layer2][v0.9]") {
  const std::string name = GENERATE("lb-hname-svc", "lb-ip-svc");
  const ExternalTrafficPolicy policy =
      GENERATE(ExternalTrafficPolicy::kCluster, ExternalTrafficPolicy::kLocal);
  INFO(name);
  ElectionInput input = Walkthrough("192.168.1.11", policy, ElectionProfile::kV0_9);
  input.service.name = name;
  // Whatever the policy, only nodes with a ready endpoint compete.
  CHECK(ElectOwner(input).ranking == Strings{"w2-k8s"});

  input.endpoints = {Ready("w1-k8s"), Ready("w2-k8s"), Ready("w3-k8s")};
  const ElectionResult result = ElectOwner(input);
  const Strings expected = ExpectedOrder(kWalkthroughNodes, "default/" + name);
  CHECK(result.ranking == expected);
  CHECK(*result.owner == expected.front());
}

TEST_CASE("v0.9 ignores node conditions, labels and preferences but not memberlist",
          "[layer2][v0.9]") {
  const std::string key = "default/lb-hname-svc";
  const Strings expected = ExpectedOrder(kWalkthroughNodes, key);
  ElectionInput input =
      Walkthrough("192.168.1.11", ExternalTrafficPolicy::kCluster, ElectionProfile::kV0_9);
  input.endpoints = {Ready("w1-k8s"), Ready("w2-k8s"), Ready("w3-k8s")};
  NodeNamed(input, expected[0]).network_unavailable = true;
  NodeNamed(input, expected[0]).labels[std::string(kExcludeFromLoadBalancersLabel)] = "true";
  input.advertisements = {Preferring({{{expected[2]}, 100}})};
  CHECK(ElectOwner(input).ranking == expected);

  input.live_members = std::set<std::string>{expected[1], expected[2]};
  CHECK(*ElectOwner(input).owner == expected[1]);
}

TEST_CASE("v0.9 and current elect by different keys", "[layer2][v0.9]") {
  // The same cluster under both profiles: each matches its own independent order.
  ElectionInput input = Walkthrough("192.168.1.12");
  input.endpoints = {Ready("w1-k8s"), Ready("w2-k8s"), Ready("w3-k8s")};
  CHECK(ElectOwner(input).ranking == ExpectedOrder(kWalkthroughNodes, "192.168.1.12"));
  input.profile = ElectionProfile::kV0_9;
  CHECK(ElectOwner(input).ranking == ExpectedOrder(kWalkthroughNodes, "default/lb-hname-svc"));
}

TEST_CASE("a Service without an ingress IP is not announced", "[layer2][outcome]") {
  ElectionInput input = Walkthrough("");
  const ElectionResult result = ElectOwner(input);
  CHECK(result.outcome == ElectionOutcome::kNoIngressIp);
  CHECK_FALSE(result.owner);
  CHECK(ElectionOutcomeName(result.outcome) == "noIngressIp");
  CHECK(ElectionOutcomeName(ElectionOutcome::kElected) == "elected");
}

}  // namespace
}  // namespace metallab::layer2
