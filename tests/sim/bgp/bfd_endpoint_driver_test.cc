// BFD over the simulated UDP: sessions sharing a node's port 3784, the handshake, failure
// detection through the callback, GTSM against a packet that crossed a router, and power loss.
#include <catch2/catch.hpp>

#include "bgp_lab.h"

namespace metallab::sim {
namespace {

using testing::Ip;

// h1, h2 and h3 on one LAN; a client behind router r1 (its BFD packets arrive with TTL 254).
struct BfdLab {
  BfdLab() : lab(testing::LabOptions{.hosts = 0}) {
    for (int k = 1; k <= 3; ++k) lab.AddHost(k);
  }
  testing::BgpLab lab;
};

TEST_CASE("two sessions on one endpoint come Up with their peers", "[bfd]") {
  BfdLab bfd_lab;
  testing::BgpLab& lab = bfd_lab.lab;
  BfdEndpointDriver center(lab.host(1));
  BfdEndpointDriver left(lab.host(2));
  BfdEndpointDriver right(lab.host(3));
  std::vector<bfd::BfdEvent> changes;
  const bfd::PeerSession* to_left = center.AddSession(
      Ip("192.0.2.12"), {}, BfdCallbacks{.on_state_change = [&](const bfd::BfdEvent& event) {
        changes.push_back(event);
      }});
  const bfd::PeerSession* to_right = center.AddSession(Ip("192.0.2.13"), {}, {});
  REQUIRE(to_left != nullptr);
  CHECK(center.AddSession(Ip("192.0.2.12"), {}, {}) == nullptr);
  left.AddSession(Ip("192.0.2.11"), {}, {});
  right.AddSession(Ip("192.0.2.11"), {}, {});
  REQUIRE(center.Start());
  REQUIRE(left.Start());
  REQUIRE(right.Start());
  lab.simulator.RunUntil(Seconds(3));
  CHECK(to_left->session().state() == bfd::SessionState::kUp);
  CHECK(to_right->session().state() == bfd::SessionState::kUp);
  CHECK(to_left->source_port() == bfd::kSourcePortMin);
  CHECK(to_right->source_port() == bfd::kSourcePortMin + 1);
  CHECK(to_left->session().local_discriminator() != to_right->session().local_discriminator());
  REQUIRE_FALSE(changes.empty());
  CHECK(changes.back().to == bfd::SessionState::kUp);
}

TEST_CASE("a peer that loses power is reported down from Up within the detection time", "[bfd]") {
  BfdLab bfd_lab;
  testing::BgpLab& lab = bfd_lab.lab;
  BfdEndpointDriver near(lab.host(1));
  BfdEndpointDriver far(lab.host(2));
  SimTime down_at = kNever;
  near.AddSession(
      Ip("192.0.2.12"), {},
      BfdCallbacks{.on_path_down = [&](const bfd::BfdEvent& event) { down_at = event.at; }});
  far.AddSession(Ip("192.0.2.11"), {}, {});
  near.Start();
  far.Start();
  lab.simulator.RunUntil(Seconds(5));
  lab.host(2).PowerOff();
  far.Drop();
  lab.simulator.RunUntil(Seconds(7));
  REQUIRE(down_at != kNever);
  CHECK(down_at - Seconds(5) >= Milliseconds(600));
  CHECK(down_at - Seconds(5) <= Milliseconds(900));
  CHECK(near.Find(Ip("192.0.2.12"))->counters().path_downs == 1);
}

TEST_CASE("the peer's AdminDown is not reported as a path failure", "[bfd]") {
  BfdLab bfd_lab;
  testing::BgpLab& lab = bfd_lab.lab;
  BfdEndpointDriver near(lab.host(1));
  BfdEndpointDriver far(lab.host(2));
  int path_downs = 0;
  int changes = 0;
  near.AddSession(Ip("192.0.2.12"), {},
                  BfdCallbacks{.on_path_down = [&](const bfd::BfdEvent&) { ++path_downs; },
                               .on_state_change = [&](const bfd::BfdEvent&) { ++changes; }});
  far.AddSession(Ip("192.0.2.11"), {}, {});
  near.Start();
  far.Start();
  lab.simulator.RunUntil(Seconds(5));
  const int changes_while_up = changes;
  far.Stop();
  lab.simulator.RunUntil(Seconds(7));
  CHECK(changes > changes_while_up);
  CHECK(path_downs == 0);
  CHECK(near.Find(Ip("192.0.2.12"))->session().state() == bfd::SessionState::kDown);
}

TEST_CASE("a packet that crossed a router fails GTSM and never brings the session Up", "[bfd]") {
  BfdLab bfd_lab;
  testing::BgpLab& lab = bfd_lab.lab;
  BfdEndpointDriver host(lab.host(1));
  BfdEndpointDriver client(*lab.client);
  host.AddSession(Ip("198.51.100.2"), {}, {});
  client.AddSession(Ip("192.0.2.11"), {}, {});
  host.Start();
  client.Start();
  lab.simulator.RunUntil(Seconds(5));
  const bfd::PeerSession& session = *host.Find(Ip("198.51.100.2"));
  CHECK(session.session().state() == bfd::SessionState::kDown);
  CHECK(session.session().discarded() > 0);
  CHECK(session.counters().packets_received > 0);
}

TEST_CASE("datagrams from strangers are counted and dropped, and power loss unbinds", "[bfd]") {
  BfdLab bfd_lab;
  testing::BgpLab& lab = bfd_lab.lab;
  BfdEndpointDriver near(lab.host(1));
  BfdEndpointDriver stranger(lab.host(3));
  near.AddSession(Ip("192.0.2.12"), {}, {});
  stranger.AddSession(Ip("192.0.2.11"), {}, {});
  near.Start();
  stranger.Start();
  lab.simulator.RunUntil(Seconds(3));
  CHECK(near.unknown_peer_datagrams() > 0);
  near.Drop();
  CHECK_FALSE(near.running());
  CHECK(near.Find(Ip("192.0.2.12"))->session().state() == bfd::SessionState::kAdminDown);
  CHECK(near.Start());  // the port can be bound again
  CHECK(near.RemoveSession(Ip("192.0.2.12")));
  CHECK(near.session_count() == 0);
}

}  // namespace
}  // namespace metallab::sim
