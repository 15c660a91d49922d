// The router model against MetalLB-like speakers on a simulated LAN: sessions, the multipath
// route in the forwarding table, traffic spread by ECMP, attributes in the RIB, refusal of
// strangers, withdrawals and a router power cycle.
#include <map>

#include <catch2/catch.hpp>

#include "bgp_lab.h"

namespace metallab::sim {
namespace {

using testing::BgpLab;
using testing::Ip;
using testing::kVip;
using testing::LabOptions;

const std::vector<net::IpAddress> kAllHosts = {Ip("192.0.2.11"), Ip("192.0.2.12"),
                                               Ip("192.0.2.13")};

TEST_CASE("three speakers establish and the router installs a 3-way ECMP route", "[bgp]") {
  BgpLab lab;
  const SimTime established = lab.RunUntil([&] { return lab.AllEstablished(); }, Seconds(5));
  REQUIRE(established != kNever);
  CHECK(established < Seconds(1));
  lab.simulator.RunUntil(Seconds(5));
  CHECK(lab.NextHops() == kAllHosts);
  REQUIRE(lab.FibNextHops() == 3);
  for (int k = 1; k <= 3; ++k) CHECK(lab.speaker(k).established());
  REQUIRE_FALSE(lab.changes.empty());
  CHECK(Describe(lab.changes.back()) ==
        "r1 installs 203.0.113.11/32 via 192.0.2.11, 192.0.2.12, 192.0.2.13");
  CHECK(lab.bgp->counters().sessions_established == 3);
  for (const NeighborStatus& neighbor : lab.bgp->Neighbors()) {
    CHECK(neighbor.prefixes_received == 1);
    CHECK(neighbor.times_established == 1);
  }
  // BIRD proposes 240 s, MetalLB 90 s: the smaller wins.
  CHECK(lab.bgp->Session(Ip("192.0.2.11"))->session().hold_time_s() == 90);
}

TEST_CASE("with max_paths 1 the tie-break picks one next hop: the lowest router id", "[bgp]") {
  // The identifiers run against the address order, so the choice is by identifier.
  BgpLab lab(LabOptions{.max_paths = 1, .identifiers = {0x0a000003, 0x0a000002, 0x0a000001}});
  lab.simulator.RunUntil(Seconds(5));
  REQUIRE(lab.AllEstablished());
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.13")});
  CHECK(lab.FibNextHops() == 1);
  CHECK(lab.bgp->Route(kVip)->candidates == 3);
}

TEST_CASE("a client's flows to the VIP are spread over the three hosts", "[bgp]") {
  BgpLab lab;
  lab.simulator.RunUntil(Seconds(2));
  REQUIRE(lab.FibNextHops() == 3);
  std::map<std::string, int> received;
  for (IpNode* host : lab.hosts) {
    host->BindUdp(7000, [&received, host](const packet::IpPacket&, const packet::UdpDatagram&) {
      ++received[host->name()];
    });
  }
  // One flow (source port) a millisecond: a burst would overflow the client's queue for its
  // first ARP resolution (unres_qlen).
  for (uint16_t port = 20000; port < 20300; ++port) {
    lab.simulator.Schedule(Milliseconds(port - 20000), [&lab, port] {
      lab.client->SendUdp(kVip.network(), port, 7000, {1, 2, 3});
    });
  }
  int replies = 0;
  lab.client->SetEchoReplyHandler(
      [&replies](const packet::IpPacket&, const packet::IcmpEcho&) { ++replies; });
  for (uint16_t sequence = 1; sequence <= 5; ++sequence) {
    lab.client->SendEchoRequest(kVip.network(), 1, sequence);
  }
  lab.simulator.RunUntil(Seconds(3));
  REQUIRE(received.size() == 3);
  int total = 0;
  for (const auto& [host, count] : received) {
    INFO(host);
    CHECK(count > 60);  // 100 expected each
    total += count;
  }
  CHECK(total == 300);
  CHECK(replies == 5);
}

TEST_CASE("eBGP sessions carry the speaker's AS path and still make one ECMP route", "[bgp]") {
  BgpLab lab(LabOptions{.router_as = 64513});
  lab.simulator.RunUntil(Seconds(3));
  REQUIRE(lab.AllEstablished());
  CHECK(lab.NextHops() == kAllHosts);
  const std::optional<RibRoute> route = lab.bgp->Route(kVip);
  REQUIRE(route.has_value());
  CHECK(route->attributes.as_path == bgp::SequenceOf({64512}));
  CHECK_FALSE(route->attributes.local_pref.has_value());  // not sent to an external peer
}

TEST_CASE("LOCAL_PREF, MED, communities and large communities reach the RIB", "[bgp]") {
  BgpLab lab(LabOptions{.hosts = 1});
  lab.simulator.RunUntil(Seconds(1));
  bgp::PathAttributes attributes = testing::SpeakerAttributes(Ip("192.0.2.11"), false);
  attributes.local_pref = 150;
  attributes.med = 20;
  attributes.communities = {bgp::MakeCommunity(64512, 100), bgp::MakeCommunity(65535, 65282)};
  attributes.large_communities = {bgp::LargeCommunity{64512, 1, 2}};
  const net::IpPrefix other = testing::Prefix("203.0.113.12/32");
  lab.speaker(1).Announce({other}, attributes);
  lab.simulator.RunUntil(Seconds(2));
  const std::optional<RibRoute> route = lab.bgp->Route(other);
  REQUIRE(route.has_value());
  CHECK(route->attributes.local_pref == 150u);
  CHECK(route->attributes.med == 20u);
  CHECK(route->attributes.communities == attributes.communities);
  CHECK(route->attributes.large_communities == attributes.large_communities);
  CHECK(route->attributes.as_path == bgp::AsPath{});
  CHECK(route->best_peer == Ip("192.0.2.11"));
  CHECK(lab.bgp->Rib().size() == 2);
}

TEST_CASE("a higher LOCAL_PREF from one speaker takes the route off the others", "[bgp]") {
  BgpLab lab;
  lab.simulator.RunUntil(Seconds(1));
  bgp::PathAttributes preferred = testing::SpeakerAttributes(Ip("192.0.2.12"), false);
  preferred.local_pref = 200;
  lab.speaker(2).Announce({kVip}, preferred);
  lab.simulator.RunUntil(Seconds(2));
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.12")});
  CHECK(Describe(lab.changes.back()) == "r1 installs 203.0.113.11/32 via 192.0.2.12");
}

TEST_CASE("the router resets a connection from a host it has no neighbour for", "[bgp]") {
  BgpLab lab(LabOptions{.neighbors = 2});
  lab.simulator.RunUntil(Seconds(5));
  CHECK(lab.speaker(1).established());
  CHECK(lab.speaker(2).established());
  CHECK_FALSE(lab.speaker(3).established());
  CHECK(lab.bgp->counters().connections_refused >= 2);  // MetalLB keeps redialling
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.11"), Ip("192.0.2.12")});
  CHECK(lab.bgp->Neighbors().size() == 2);
}

TEST_CASE("withdrawals shrink the route and the last one removes it", "[bgp]") {
  BgpLab lab;
  lab.simulator.RunUntil(Seconds(1));
  REQUIRE(lab.NextHops().size() == 3);
  const std::vector<net::IpPrefix> vip = {kVip};
  lab.speaker(1).driver().Withdraw(vip);
  lab.simulator.RunUntil(Seconds(2));
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.12"), Ip("192.0.2.13")});
  CHECK(lab.FibNextHops() == 2);
  lab.speaker(2).driver().Withdraw(vip);
  lab.speaker(3).driver().Withdraw(vip);
  lab.simulator.RunUntil(Seconds(3));
  CHECK(lab.NextHops().empty());
  CHECK(lab.FibNextHops() == 0);
  CHECK(Describe(lab.changes.back()) == "r1 removes 203.0.113.11/32");
  CHECK(lab.AllEstablished());  // withdrawing is not leaving
}

TEST_CASE("a router power cycle drops every route, sessions and routes come back", "[bgp]") {
  BgpLab lab;
  lab.simulator.RunUntil(Seconds(2));
  REQUIRE(lab.FibNextHops() == 3);
  lab.router->PowerOff();
  CHECK(lab.FibNextHops() == 0);
  CHECK(lab.bgp->Rib().empty());
  CHECK(Describe(lab.changes.back()) == "r1 removes 203.0.113.11/32");
  lab.simulator.RunUntil(Seconds(20));
  lab.router->PowerOn();
  // The speakers learn of the reboot when their next KEEPALIVE meets a reset (every 30 s),
  // and redial at once.
  const SimTime back = lab.RunUntil([&] { return lab.FibNextHops() == 3; }, Seconds(80));
  REQUIRE(back != kNever);
  CHECK(lab.AllEstablished());
  CHECK(lab.NextHops() == kAllHosts);
  for (const NeighborStatus& neighbor : lab.bgp->Neighbors()) {
    CHECK(neighbor.times_established == 2);
  }
}

TEST_CASE("an orderly router stop sends Cease and the speakers see it", "[bgp]") {
  BgpLab lab(LabOptions{.hosts = 1});
  lab.simulator.RunUntil(Seconds(1));
  REQUIRE(lab.speaker(1).established());
  lab.router->StopProcess("bird");
  lab.simulator.RunUntil(Seconds(2));
  bool saw_cease = false;
  for (const bgp::SessionEvent& event : lab.speaker(1).events) {
    const auto* down = std::get_if<bgp::SessionDown>(&event);
    if (down != nullptr && down->received) saw_cease = down->received->code == 6;
  }
  CHECK(saw_cease);
  CHECK(lab.FibNextHops() == 0);
}

TEST_CASE("a password is handed to TCP on both ends and recorded", "[bgp]") {
  BgpLab lab(LabOptions{.hosts = 1, .password = "s3cret"});
  lab.simulator.RunUntil(Seconds(1));
  CHECK(lab.speaker(1).established());
  CHECK(lab.speaker(1).driver().md5_password() == "s3cret");
  CHECK(lab.speaker(1).driver().counters().md5_password_requests >= 1);
  CHECK(lab.bgp->Session(Ip("192.0.2.11"))->md5_password() == "s3cret");
}

TEST_CASE("timer profiles name and parse", "[bgp]") {
  CHECK(ParseRouterTimerProfile("frr-datacenter") == RouterTimerProfile::kFrrDatacenter);
  CHECK_FALSE(ParseRouterTimerProfile("quagga").has_value());
  CHECK(TimerDefaultsOf(RouterTimerProfile::kBird).hold_time_s == 240);
  CHECK(TimerDefaultsOf(RouterTimerProfile::kFrrDatacenter).hold_time_s == 9);
  CHECK(std::string(RouterTimerProfileName(RouterTimerProfile::kGoBgp)) == "gobgp");
}

}  // namespace
}  // namespace metallab::sim
