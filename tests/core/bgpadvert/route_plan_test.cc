// Spec §4.2: prefixes, attributes and peers of the routes one speaker sends.
#include "core/bgpadvert/route_plan.h"

#include <catch2/catch.hpp>

#include "bgpadvert_fixture.h"
#include "core/bgpadvert/aggregation.h"
#include "core/bgpadvert/node_plan.h"

namespace metallab::bgpadvert::testing {
namespace {

using Communities = std::vector<config::CommunityValue>;

const SpeakerNode kNode = Node("n1");
const std::vector<layer2::ElectionEndpoint> kEndpoints = {Ready("n1")};

// The routes the session to `peer` sends for `services` on node n1.
std::vector<PlannedRoute> RoutesTo(const config::Config& config, const std::string& peer,
                                   const std::vector<layer2::LoadBalancerService>& services,
                                   const PlanOptions& options = {}) {
  const NodePlan plan = PlanNode(config, kNode, services, options);
  const PeerPlan* found = plan.FindPeer(peer);
  REQUIRE(found != nullptr);
  return found->routes;
}

std::vector<net::IpPrefix> PrefixesOf(const std::vector<PlannedRoute>& routes) {
  std::vector<net::IpPrefix> prefixes;
  prefixes.reserve(routes.size());
  for (const PlannedRoute& route : routes) prefixes.push_back(route.prefix);
  return prefixes;
}

}  // namespace

TEST_CASE("Aggregation masks the IP to the advertisement's length", "[bgpadvert][routes]") {
  config::BgpAdvertisement ad;
  ad.aggregation_length = 24;
  ad.aggregation_length_v6 = 124;
  CHECK(AggregatedPrefix(ad, Ip("192.0.2.11")) == Prefix("192.0.2.0/24"));
  CHECK(AggregatedPrefix(ad, Ip("2001:db8::1b")) == Prefix("2001:db8::10/124"));
  CHECK(AggregatedPrefix(config::BgpAdvertisement{}, Ip("192.0.2.11")) == Prefix("192.0.2.11/32"));
  CHECK(AggregatedPrefix(config::BgpAdvertisement{}, Ip("2001:db8::1b")) ==
        Prefix("2001:db8::1b/128"));
}

TEST_CASE("An aggregated Service is announced as its whole block", "[bgpadvert][routes]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24, \"2001:db8::/120\"]") +
                   SimplePeer("tor", "198.51.100.1") +
                   Ad("block",
                      "aggregationLength: 24\n"
                      "aggregationLengthV6: 124"),
               Frr());
  const auto routes =
      RoutesTo(config, "tor", {Service("web", {"192.0.2.11", "2001:db8::1b"}, kEndpoints)});
  CHECK(PrefixesOf(routes) == std::vector{Prefix("192.0.2.0/24"), Prefix("2001:db8::10/124")});
}

TEST_CASE("Dual stack: one route per family, IPv4 first", "[bgpadvert][routes]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24, \"2001:db8::/120\"]") +
                   SimplePeer("tor", "198.51.100.1") + Ad("all", ""),
               Frr());
  // Ingress order has IPv6 first; the session's table is sorted.
  const auto routes =
      RoutesTo(config, "tor", {Service("web", {"2001:db8::b", "192.0.2.11"}, kEndpoints)});
  CHECK(PrefixesOf(routes) == std::vector{Prefix("192.0.2.11/32"), Prefix("2001:db8::b/128")});
}

TEST_CASE("MetalLB's 'Multiple advertisement config': a /32 and a /24 with their attributes",
          "[bgpadvert][routes]") {
  const config::Config config = MustLoad(
      Pool("default", "addresses: [192.0.2.0/24]") + SimplePeer("ibgp", "198.51.100.1", true) +
      SimplePeer("ebgp", "198.51.100.2") + Ad("host", R"(aggregationLength: 32
localPref: 100
communities: ["0:2345", "0:1234"]
)") + Ad("block", "aggregationLength: 24\nlocalPref: 1000"));
  const auto service = Service("test1", {"192.0.2.1"}, {Ready("iris")});
  const auto ibgp = RoutesTo(config, "ibgp", {service});
  REQUIRE(ibgp.size() == 2);
  CHECK(ibgp[0].prefix == Prefix("192.0.2.0/24"));
  CHECK(ibgp[0].LocalPrefAttribute() == 1000u);
  CHECK(ibgp[0].communities.empty());
  CHECK(ibgp[1].prefix == Prefix("192.0.2.1/32"));
  CHECK(ibgp[1].LocalPrefAttribute() == 100u);
  CHECK(ibgp[1].communities == Communities{Community(0, 1234), Community(0, 2345)});
  // eBGP: same routes, no LOCAL_PREF on the wire.
  const auto ebgp = RoutesTo(config, "ebgp", {service});
  REQUIRE(ebgp.size() == 2);
  CHECK(ebgp[1].local_pref == 100);
  CHECK_FALSE(ebgp[1].send_local_pref);
  CHECK_FALSE(ebgp[1].LocalPrefAttribute());
}

TEST_CASE("LOCAL_PREF 0 is still sent to iBGP peers", "[bgpadvert][routes]") {
  const config::Config config = MustLoad(Pool("web", "addresses: [192.0.2.0/24]") +
                                         SimplePeer("ibgp", "198.51.100.1", true) + Ad("all", ""));
  const auto routes = RoutesTo(config, "ibgp", {Service("web", {"192.0.2.11"}, kEndpoints)});
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].LocalPrefAttribute() == 0u);
}

TEST_CASE("One prefix from two advertisements: communities unioned", "[bgpadvert][routes]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor", "198.51.100.1", true) +
                   Ad("tag1", "communities: [\"64500:1\", \"large:64500:1:1\"]") +
                   Ad("tag2", "communities: [\"64500:2\", \"64500:1\"]"),
               Frr());
  const auto routes = RoutesTo(config, "tor", {Service("web", {"192.0.2.11"}, kEndpoints)});
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].communities == Communities{Community(64500, 1), Community(64500, 2)});
  CHECK(routes[0].large_communities == Communities{Large(64500, 1, 1)});
  CHECK_FALSE(routes[0].local_pref_conflict);

  PlanOptions last_wins;
  last_wins.merge = PrefixMerge::kLastWins;
  const auto native =
      RoutesTo(config, "tor", {Service("web", {"192.0.2.11"}, kEndpoints)}, last_wins);
  REQUIRE(native.size() == 1);
  CHECK(native[0].communities == Communities{Community(64500, 1), Community(64500, 2)});
  CHECK(native[0].large_communities.empty());
}

TEST_CASE("Shared IP, different local preferences: the first Service's wins",
          "[bgpadvert][routes]") {
  // serviceSelectors escape the configuration's local preference check: two Services sharing
  // 192.0.2.11 each match one advertisement, and the /32 gets two values.
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor", "198.51.100.1", true) +
               Ad("a", R"(localPref: 300
communities: ["64500:3"]
serviceSelectors:
- matchLabels: {app: a}
)") + Ad("b", R"(localPref: 100
communities: ["64500:1"]
serviceSelectors:
- matchLabels: {app: b}
)"));
  const std::vector services = {Service("zulu", {"192.0.2.11"}, kEndpoints,
                                        layer2::ExternalTrafficPolicy::kCluster, {{"app", "b"}}),
                                Service("alpha", {"192.0.2.11"}, kEndpoints,
                                        layer2::ExternalTrafficPolicy::kCluster, {{"app", "a"}})};
  const auto routes = RoutesTo(config, "tor", services);
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].local_pref == 300);  // default/alpha sorts first
  CHECK(routes[0].local_pref_conflict);
  CHECK(routes[0].communities == Communities{Community(64500, 1), Community(64500, 3)});

  PlanOptions last_wins;
  last_wins.merge = PrefixMerge::kLastWins;
  const auto native = RoutesTo(config, "tor", services, last_wins);
  REQUIRE(native.size() == 1);
  CHECK(native[0].local_pref == 100);
  CHECK(native[0].communities == Communities{Community(64500, 1)});
}

TEST_CASE("Advertisement peers choose the sessions that get a route", "[bgpadvert][routes]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("tor-a", "198.51.100.1") +
               SimplePeer("tor-b", "198.51.100.2") + Ad("to-a", "peers: [tor-a]\nlocalPref: 50") +
               Ad("everyone", "aggregationLength: 24"));
  const std::vector services = {Service("web", {"192.0.2.11"}, kEndpoints)};
  CHECK(PrefixesOf(RoutesTo(config, "tor-a", services)) ==
        std::vector{Prefix("192.0.2.0/24"), Prefix("192.0.2.11/32")});
  CHECK(PrefixesOf(RoutesTo(config, "tor-b", services)) == std::vector{Prefix("192.0.2.0/24")});
}

TEST_CASE("ServiceRoutes: one per ingress IP and advertisement, in that order",
          "[bgpadvert][routes]") {
  const config::Config config =
      MustLoad(Pool("web", "addresses: [192.0.2.0/24, \"2001:db8::/120\"]") +
                   SimplePeer("tor", "198.51.100.1") + Ad("host", "communities: [\"64500:7\"]") +
                   Ad("block", "aggregationLength: 24\naggregationLengthV6: 120\npeers: [tor]"),
               Frr());
  const auto service = Service("web", {"192.0.2.11", "2001:db8::b"}, kEndpoints);
  const auto routes = ServiceRoutes(service, CheckEligibility(config, kNode, service, {}));
  REQUIRE(routes.size() == 4);
  CHECK(routes[0] ==
        ServiceRoute{Prefix("192.0.2.11/32"), 0, Communities{Community(64500, 7)}, {}});
  CHECK(routes[1] == ServiceRoute{Prefix("192.0.2.0/24"), 0, {}, {"tor"}});
  CHECK(routes[2].prefix == Prefix("2001:db8::b/128"));
  CHECK(routes[3].prefix == Prefix("2001:db8::/120"));
  CHECK(routes[1].MatchesPeer("tor"));
  CHECK_FALSE(routes[1].MatchesPeer("other"));
  CHECK(routes[0].MatchesPeer("other"));
}

TEST_CASE("v0.9 ConfigMap: per-pool bgp-advertisements to every peer",
          "[bgpadvert][routes][v0.9]") {
  const config::Config config = MustLoad(ConfigMap(R"(peers:
- my-asn: 64500
  peer-asn: 64500
  peer-address: 198.51.100.1
- my-asn: 64500
  peer-asn: 64501
  peer-address: 198.51.100.2
bgp-communities:
  no-advertise: "65535:65282"
address-pools:
- name: web
  protocol: bgp
  addresses: [192.0.2.0/24]
  bgp-advertisements:
  - aggregation-length: 32
    localpref: 100
    communities: [no-advertise, "64500:1"]
  - aggregation-length: 24
- name: plain
  protocol: bgp
  addresses: [203.0.113.0/24]
)"),
                                         V09());
  const std::vector services = {Service("web", {"192.0.2.11"}, kEndpoints),
                                Service("plain", {"203.0.113.7"}, kEndpoints)};
  const NodePlan plan = PlanNode(config, kNode, services, V09Options());
  REQUIRE(plan.peers.size() == 2);
  CHECK(plan.peers[0].internal);
  CHECK_FALSE(plan.peers[1].internal);
  for (const PeerPlan& peer : plan.peers) {
    INFO(peer.peer);
    CHECK(PrefixesOf(peer.routes) ==
          std::vector{Prefix("192.0.2.0/24"), Prefix("192.0.2.11/32"), Prefix("203.0.113.7/32")});
    CHECK(peer.routes[1].local_pref == 100);
    CHECK(peer.routes[1].communities == Communities{Community(64500, 1), Community(65535, 65282)});
    CHECK(peer.routes[2].local_pref == 0);  // the ConfigMap's default advertisement
  }
  CHECK(plan.peers[0].routes[1].LocalPrefAttribute() == 100u);
  CHECK_FALSE(plan.peers[1].routes[1].LocalPrefAttribute());
}

}  // namespace metallab::bgpadvert::testing
