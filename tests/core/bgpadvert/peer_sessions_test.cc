// Spec §4.1 "Sessions": which peers a node talks to, and which of them are iBGP.
#include "core/bgpadvert/peer_sessions.h"

#include <catch2/catch.hpp>

#include "bgpadvert_fixture.h"
#include "core/bgpadvert/node_plan.h"

namespace metallab::bgpadvert::testing {
namespace {

std::vector<std::string> Names(const std::vector<const config::BgpPeer*>& peers) {
  std::vector<std::string> names;
  names.reserve(peers.size());
  for (const config::BgpPeer* peer : peers) names.push_back(peer->name);
  return names;
}

const std::string kPeers =
    Pool("web", "addresses: [192.0.2.0/24]") + SimplePeer("everywhere", "198.51.100.1") +
    SimplePeer("rack-a", "198.51.100.2", false, "nodeSelectors:\n- matchLabels: {rack: a}\n") +
    SimplePeer("not-gpu", "198.51.100.3", false,
               "nodeSelectors:\n- matchExpressions:\n  - {key: gpu, operator: DoesNotExist}\n") +
    Ad("all", "");

using PeerNames = std::vector<std::string>;

}  // namespace

TEST_CASE("Peer node selectors decide which nodes peer", "[bgpadvert][sessions]") {
  const config::Config config = MustLoad(kPeers);
  CHECK(Names(SessionPeers(config, Node("n1", {{"rack", "a"}}))) ==
        PeerNames{"everywhere", "rack-a", "not-gpu"});
  CHECK(Names(SessionPeers(config, Node("n2", {{"rack", "b"}, {"gpu", "yes"}}))) ==
        PeerNames{"everywhere"});
  // No Node object: matched against no labels at all.
  CHECK(Names(SessionPeers(config, NodeWithoutObject("n3"))) == PeerNames{"everywhere", "not-gpu"});
}

TEST_CASE("A node peers even when it announces nothing", "[bgpadvert][sessions]") {
  const config::Config config = MustLoad(kPeers);
  const NodePlan plan = PlanNode(
      config, Node("n2", {{"rack", "b"}}),
      {Service("web", {"192.0.2.11"}, {Ready("n1")}, layer2::ExternalTrafficPolicy::kLocal)}, {});
  REQUIRE(plan.peers.size() == 2);
  CHECK(plan.peers[0].peer == "everywhere");
  CHECK(plan.peers[0].routes.empty());
  CHECK(plan.peers[1].peer == "not-gpu");
  CHECK(plan.services[0].verdict == Verdict::kNoLocalEndpoints);
}

TEST_CASE("iBGP: same AS, localASN, dynamic ASN", "[bgpadvert][sessions]") {
  config::BgpPeer peer;
  peer.my_asn = 64500;
  peer.peer_asn = 64500;
  CHECK(IsInternal(peer));
  peer.peer_asn = 64501;
  CHECK_FALSE(IsInternal(peer));
  peer.local_asn = 64501;
  CHECK(IsInternal(peer));
  peer.peer_asn = 0;
  peer.dynamic_asn = "internal";
  CHECK(IsInternal(peer));
  peer.dynamic_asn = "external";
  CHECK_FALSE(IsInternal(peer));
}

}  // namespace metallab::bgpadvert::testing
