// How long a powered-off speaker stays a next hop: until the router's hold timer expires (the
// 90 s MetalLB proposes, below BIRD's 240 s), or, with BFD at 300 ms × 3 on both ends, within
// a second.
#include <catch2/catch.hpp>

#include "bgp_lab.h"

namespace metallab::sim {
namespace {

using testing::BgpLab;
using testing::Ip;
using testing::LabOptions;

constexpr SimTime kPowerOff = Seconds(10);

TEST_CASE("a dead speaker stays a next hop for exactly the negotiated hold time", "[bgp]") {
  BgpLab lab;
  // Between two KEEPALIVEs (every 30 s from the UPDATE at the start).
  constexpr SimTime kMidInterval = Seconds(75);
  lab.simulator.RunUntil(kMidInterval);
  REQUIRE(lab.FibNextHops() == 3);
  lab.host(2).PowerOff();
  const BgpSessionDriver& session = *lab.bgp->Session(Ip("192.0.2.12"));
  REQUIRE(session.session().hold_time_s() == 90);
  // The hold timer runs from the last message the router received: a KEEPALIVE at most one
  // keepalive interval (30 s) before the power went.
  const SimTime last_heard = session.last_received_at();
  REQUIRE(last_heard > Seconds(60));
  REQUIRE(last_heard < Seconds(60) + Milliseconds(1));
  const SimTime expiry = last_heard + Seconds(90);  // 75 s after the power went
  lab.simulator.RunUntil(expiry - 1);
  CHECK(lab.NextHops().size() == 3);
  CHECK(lab.FibNextHops() == 3);
  lab.simulator.RunUntil(expiry);
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.11"), Ip("192.0.2.13")});
  CHECK(lab.FibNextHops() == 2);
  REQUIRE_FALSE(lab.changes.empty());
  CHECK(lab.changes.back().at == expiry);
  CHECK(Describe(lab.changes.back()) == "r1 installs 203.0.113.11/32 via 192.0.2.11, 192.0.2.13");
  CHECK(lab.bgp->counters().sessions_lost == 1);
}

TEST_CASE("with BFD 300 ms x 3 a dead speaker is gone within a second", "[bgp]") {
  BgpLab lab(LabOptions{.bfd = bfd::BfdSessionConfig{}});
  lab.simulator.RunUntil(kPowerOff);
  REQUIRE(lab.FibNextHops() == 3);
  for (const NeighborStatus& neighbor : lab.bgp->Neighbors()) {
    REQUIRE(neighbor.bfd_state == bfd::SessionState::kUp);
  }
  lab.host(2).PowerOff();
  const SimTime gone = lab.RunUntil([&] { return lab.FibNextHops() == 2; }, kPowerOff + Seconds(5));
  REQUIRE(gone != kNever);
  // Detection time is 900 ms after the last packet, which left at most one (jittered) 300 ms
  // interval before the power went.
  CHECK(gone - kPowerOff >= Milliseconds(600));
  CHECK(gone - kPowerOff <= Milliseconds(900));
  CHECK(lab.NextHops() == std::vector{Ip("192.0.2.11"), Ip("192.0.2.13")});
  CHECK(lab.bgp->counters().bfd_path_downs == 1);
  CHECK(lab.bgp->counters().sessions_lost == 1);
}

TEST_CASE("a speaker that comes back after BFD dropped it is a next hop again", "[bgp]") {
  BgpLab lab(LabOptions{.bfd = bfd::BfdSessionConfig{}});
  lab.simulator.RunUntil(kPowerOff);
  lab.host(2).PowerOff();
  lab.simulator.RunUntil(kPowerOff + Seconds(2));
  REQUIRE(lab.FibNextHops() == 2);
  lab.host(2).PowerOn();
  const SimTime back =
      lab.RunUntil([&] { return lab.FibNextHops() == 3; }, kPowerOff + Seconds(20));
  REQUIRE(back != kNever);
  CHECK(lab.speaker(2).established());
  CHECK(lab.bgp->Neighbors()[1].times_established == 2);
}

TEST_CASE("a one-way BFD failure ends the BGP session with Cease / BFD Down", "[bgp]") {
  BgpLab lab(LabOptions{.hosts = 1, .bfd = bfd::BfdSessionConfig{}});
  lab.simulator.RunUntil(kPowerOff);
  REQUIRE(lab.speaker(1).established());
  // The router stops hearing the speaker's BFD while BGP still flows: its BFD declares the
  // path down and its BGP session ends with RFC 9384's Cease subcode.
  lab.router->UnbindUdp(bfd::kControlPort);
  lab.simulator.RunUntil(kPowerOff + Seconds(2));
  bool bfd_cease = false;
  for (const bgp::SessionEvent& event : lab.speaker(1).events) {
    const auto* down = std::get_if<bgp::SessionDown>(&event);
    if (down == nullptr) continue;
    const auto& notification = down->received ? down->received : down->sent;
    bfd_cease |= notification && notification->code == 6 && notification->subcode == 10;
  }
  CHECK(bfd_cease);
  CHECK(lab.bgp->counters().bfd_path_downs == 1);
}

TEST_CASE("the same run twice gives the same trace and the same route changes", "[bgp]") {
  const auto run = [] {
    BgpLab lab(LabOptions{.bfd = bfd::BfdSessionConfig{}});
    lab.simulator.RunUntil(kPowerOff);
    lab.host(2).PowerOff();
    lab.simulator.RunUntil(kPowerOff + Seconds(5));
    std::vector<std::string> changes;
    for (const RouteChange& change : lab.changes) {
      changes.push_back(FormatTime(change.at) + " " + Describe(change));
    }
    return std::make_pair(lab.simulator.trace().fingerprint(), changes);
  };
  const auto first = run();
  CHECK(run() == first);
  CHECK(first.second.size() == 4);  // one, two, three next hops, then two
}

}  // namespace
}  // namespace metallab::sim
