// Spec §4.1: which speakers announce a Service over BGP, per traffic policy and profile, and
// which advertisements of the pool apply on the node.
#include "core/bgpadvert/node_eligibility.h"

#include <catch2/catch.hpp>

#include "bgpadvert_fixture.h"

namespace metallab::bgpadvert::testing {
namespace {

using layer2::ExternalTrafficPolicy;

const std::string kBase =
    Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor", "198.51.100.1") + Ad("all", "");

// The ConfigMap equivalent for the v0.9 profile.
const std::string kLegacy = ConfigMap(R"(peers:
- my-asn: 64500
  peer-asn: 64501
  peer-address: 198.51.100.1
address-pools:
- name: web
  protocol: bgp
  addresses: [192.0.2.0/24]
- name: lan
  protocol: layer2
  addresses: [203.0.113.0/24]
)");

const std::vector<SpeakerNode> kNodes = {Node("n1"), Node("n2"), Node("n3")};

std::vector<Verdict> VerdictsOnEveryNode(const config::Config& config,
                                         const layer2::LoadBalancerService& service,
                                         const PlanOptions& options = {}) {
  std::vector<Verdict> verdicts;
  verdicts.reserve(kNodes.size());
  for (const SpeakerNode& node : kNodes) {
    verdicts.push_back(CheckEligibility(config, node, service, options).verdict);
  }
  return verdicts;
}

constexpr Verdict kYes = Verdict::kAnnounce;

}  // namespace

TEST_CASE("Cluster policy: every node announces, Local: only nodes with an endpoint",
          "[bgpadvert][eligibility]") {
  const config::Config config = MustLoad(kBase);
  const auto endpoints = std::vector{Ready("n1"), Ready("n2")};
  const auto cluster = Service("web", {"192.0.2.11"}, endpoints);
  CHECK(VerdictsOnEveryNode(config, cluster) == std::vector{kYes, kYes, kYes});

  const auto local = Service("web", {"192.0.2.11"}, endpoints, ExternalTrafficPolicy::kLocal);
  CHECK(VerdictsOnEveryNode(config, local) == std::vector{kYes, kYes, Verdict::kNoLocalEndpoints});

  const Eligibility on_n1 = CheckEligibility(config, kNodes[0], cluster, {});
  REQUIRE(on_n1.pool != nullptr);
  CHECK(on_n1.pool->name == "web");
  REQUIRE(on_n1.advertisements.size() == 1);
  CHECK(on_n1.advertisements[0]->name == "all");
}

TEST_CASE("Without an endpoint that can serve, nobody announces", "[bgpadvert][eligibility]") {
  const config::Config config = MustLoad(kBase);
  CHECK(VerdictsOnEveryNode(config, Service("web", {"192.0.2.11"}, {})) ==
        std::vector(3, Verdict::kNoEndpoints));
  // Local tests the node first, as MetalLB does.
  CHECK(VerdictsOnEveryNode(config, Service("web", {"192.0.2.11"}, {NotReady("n1")},
                                            ExternalTrafficPolicy::kLocal)) ==
        std::vector(3, Verdict::kNoLocalEndpoints));
  // An endpoint without a nodeName still serves a Cluster Service.
  CHECK(VerdictsOnEveryNode(config, Service("web", {"192.0.2.11"}, {Ready("")})) ==
        std::vector(3, kYes));
}

TEST_CASE("Serving but not ready counts today, not under v0.9", "[bgpadvert][eligibility]") {
  const auto terminating = std::vector{NotReady("n1", /*serving=*/true)};
  const auto service = Service("web", {"192.0.2.11"}, terminating);
  CHECK(VerdictsOnEveryNode(MustLoad(kBase), service) == std::vector(3, kYes));
  CHECK(VerdictsOnEveryNode(MustLoad(kLegacy, V09()), service, V09Options()) ==
        std::vector(3, Verdict::kNoEndpoints));
}

TEST_CASE("v0.9: Local needs a ready endpoint on the node, Cluster one anywhere",
          "[bgpadvert][eligibility][v0.9]") {
  const config::Config config = MustLoad(kLegacy, V09());
  const auto endpoints = std::vector{Ready("n1"), Ready("n2")};
  CHECK(VerdictsOnEveryNode(config, Service("web", {"192.0.2.11"}, endpoints), V09Options()) ==
        std::vector(3, kYes));
  CHECK(VerdictsOnEveryNode(
            config, Service("web", {"192.0.2.11"}, endpoints, ExternalTrafficPolicy::kLocal),
            V09Options()) == std::vector{kYes, kYes, Verdict::kNoLocalEndpoints});
  // The layer2 pool is never handed to the BGP side.
  CHECK(
      CheckEligibility(config, kNodes[0], Service("lan", {"203.0.113.5"}, endpoints), V09Options())
          .verdict == Verdict::kNotOwner);
}

TEST_CASE("NetworkUnavailable and the exclusion label stop a node today, not under v0.9",
          "[bgpadvert][eligibility]") {
  const auto service = Service("web", {"192.0.2.11"}, {Ready("n1")});
  const SpeakerNode unavailable = Node("n1", {}, /*network_unavailable=*/true);
  const SpeakerNode excluded =
      Node("n1", {{"node.kubernetes.io/exclude-from-external-load-balancers", ""}});

  const config::Config current = MustLoad(kBase);
  CHECK(CheckEligibility(current, unavailable, service, {}).verdict ==
        Verdict::kNodeNetworkUnavailable);
  CHECK(CheckEligibility(current, excluded, service, {}).verdict == Verdict::kNodeExcluded);
  PlanOptions ignore;
  ignore.ignore_exclude_lb = true;
  CHECK(CheckEligibility(current, excluded, service, ignore).verdict == kYes);

  const config::Config legacy = MustLoad(kLegacy, V09());
  CHECK(CheckEligibility(legacy, unavailable, service, V09Options()).verdict == kYes);
  CHECK(CheckEligibility(legacy, excluded, service, V09Options()).verdict == kYes);
}

TEST_CASE("A speaker without a Node object matches no advertisement today",
          "[bgpadvert][eligibility]") {
  const auto service = Service("web", {"192.0.2.11"}, {Ready("n1")});
  CHECK(CheckEligibility(MustLoad(kBase), NodeWithoutObject("n1"), service, {}).verdict ==
        Verdict::kNotOwner);
  CHECK(CheckEligibility(MustLoad(kLegacy, V09()), NodeWithoutObject("n1"), service, V09Options())
            .verdict == kYes);
}

TEST_CASE("Advertisement node selectors choose the announcing nodes", "[bgpadvert][eligibility]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor", "198.51.100.1") +
               Ad("rack-a", R"(ipAddressPools: [web]
nodeSelectors:
- matchLabels: {rack: a}
)") + Ad("rack-b", R"(ipAddressPools: [web]
localPref: 200
nodeSelectors:
- matchLabels: {rack: b}
)"));
  const auto service = Service("web", {"192.0.2.11"}, {Ready("n1")});
  const Eligibility a = CheckEligibility(config, Node("n1", {{"rack", "a"}}), service, {});
  REQUIRE(a.Announces());
  REQUIRE(a.advertisements.size() == 1);
  CHECK(a.advertisements[0]->name == "rack-a");
  const Eligibility b = CheckEligibility(config, Node("n2", {{"rack", "b"}}), service, {});
  REQUIRE(b.advertisements.size() == 1);
  CHECK(b.advertisements[0]->name == "rack-b");
  CHECK(CheckEligibility(config, Node("n3", {{"rack", "c"}}), service, {}).verdict ==
        Verdict::kNotOwner);
}

TEST_CASE("Service selectors: no matching advertisement, conflicting local preferences",
          "[bgpadvert][eligibility]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor", "198.51.100.1") +
               Ad("blue", R"(localPref: 100
serviceSelectors:
- matchLabels: {color: blue}
)") + Ad("tier", R"(localPref: 300
serviceSelectors:
- matchLabels: {tier: front}
)"));
  const auto endpoints = std::vector{Ready("n1")};
  const auto with = [&](k8s::Labels labels) {
    return CheckEligibility(config, kNodes[0],
                            Service("web", {"192.0.2.11"}, endpoints,
                                    ExternalTrafficPolicy::kCluster, std::move(labels)),
                            {});
  };
  CHECK(with({}).verdict == Verdict::kNoMatchingAdvertisement);
  const Eligibility blue = with({{"color", "blue"}});
  REQUIRE(blue.Announces());
  REQUIRE(blue.advertisements.size() == 1);
  CHECK(blue.advertisements[0]->name == "blue");
  // Both match: one /32 to the same peer with 100 and 300.
  CHECK(with({{"color", "blue"}, {"tier", "front"}}).verdict ==
        Verdict::kConflictingAdvertisements);
  CHECK(VerdictReason(Verdict::kConflictingAdvertisements) == "conflictingAdvertisements");
}

TEST_CASE("Different local preferences for different peers do not conflict",
          "[bgpadvert][eligibility]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor-a", "198.51.100.1") +
               SimplePeer("tor-b", "198.51.100.2") + Ad("a", R"(localPref: 100
peers: [tor-a]
serviceSelectors:
- matchLabels: {app: web}
)") + Ad("b", R"(localPref: 300
peers: [tor-b]
serviceSelectors:
- matchLabels: {app: web}
)"));
  const auto service = Service("web", {"192.0.2.11"}, {Ready("n1")},
                               ExternalTrafficPolicy::kCluster, {{"app", "web"}});
  const Eligibility eligibility = CheckEligibility(config, kNodes[0], service, {});
  CHECK(eligibility.verdict == kYes);
  CHECK(eligibility.advertisements.size() == 2);
}

TEST_CASE("The pool is the one holding every ingress IP", "[bgpadvert][eligibility]") {
  const config::Config config = MustLoad(
      Pool("web", "addresses: [192.0.2.0/24]") + Pool("quiet", "addresses: [198.51.100.0/24]") +
      SimplePeer("tor", "203.0.113.1") + Ad("web-only", "ipAddressPools: [web]"));
  const auto endpoints = std::vector{Ready("n1")};
  CHECK(CheckEligibility(config, kNodes[0], Service("a", {}, endpoints), {}).verdict ==
        Verdict::kNoIpAllocated);
  CHECK(CheckEligibility(config, kNodes[0], Service("b", {"203.0.113.9"}, endpoints), {}).verdict ==
        Verdict::kIpNotAllowed);
  CHECK(CheckEligibility(config, kNodes[0], Service("c", {"192.0.2.1", "198.51.100.1"}, endpoints),
                         {})
            .verdict == Verdict::kIpNotAllowed);
  // Allocated from a pool no BGPAdvertisement selects: silent (spec §7.3).
  const Eligibility quiet =
      CheckEligibility(config, kNodes[0], Service("d", {"198.51.100.7"}, endpoints), {});
  CHECK(quiet.verdict == Verdict::kNotOwner);
  REQUIRE(quiet.pool != nullptr);
  CHECK(quiet.pool->name == "quiet");
  CHECK(quiet.advertisements.empty());
}

TEST_CASE("v0.9 refuses IPv6 prefixes", "[bgpadvert][eligibility][v0.9]") {
  // core/config already refuses IPv6 in a native BGP pool; the session's own refusal is what
  // is left when the configuration gets through anyway (here: loaded in FRR mode).
  config::BuildOptions options = V09();
  options.mode = config::BgpMode::kFrr;
  const config::Config config = MustLoad(ConfigMap(R"(peers:
- my-asn: 64500
  peer-asn: 64501
  peer-address: 198.51.100.1
address-pools:
- name: six
  protocol: bgp
  addresses: ["2001:db8::/32"]
)"),
                                         options);
  const Eligibility eligibility = CheckEligibility(
      config, kNodes[0], Service("six", {"2001:db8::5"}, {Ready("n1")}), V09Options());
  CHECK(eligibility.verdict == Verdict::kNonV4Prefix);
  CHECK(eligibility.advertisements.empty());
}

}  // namespace metallab::bgpadvert::testing
