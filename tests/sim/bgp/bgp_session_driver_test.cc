// BgpSessionDriver between two hosts: the passive side accepts through its own listener, the
// active side connects; what each way of ending a session puts on the wire.
#include <catch2/catch.hpp>

#include "bgp_lab.h"

namespace metallab::sim {
namespace {

using testing::Ip;

bgp::BgpSessionConfig Config(bgp::SessionRole role, uint32_t identifier) {
  bgp::BgpSessionConfig config;
  config.role = role;
  config.local_as = 64512;
  config.peer_as = 64512;
  config.bgp_identifier = identifier;
  config.connect_budget.reset();
  return config;
}

// h1 (192.0.2.11) connects to h2 (192.0.2.12), which listens on 179.
struct DriverPair {
  DriverPair() : lab(testing::LabOptions{.hosts = 0}) {
    lab.AddHost(1);
    lab.AddHost(2);
    active = std::make_unique<BgpSessionDriver>(
        lab.host(1), Ip("192.0.2.12"), Config(bgp::SessionRole::kActive, 11),
        [this](const bgp::SessionEvent& event) { active_events.push_back(event); });
    passive = std::make_unique<BgpSessionDriver>(
        lab.host(2), Ip("192.0.2.11"), Config(bgp::SessionRole::kPassive, 12),
        [this](const bgp::SessionEvent& event) { passive_events.push_back(event); });
    lab.host(2).tcp().Listen(kBgpPort, [this](std::shared_ptr<TcpConnection> connection) {
      passive->Accept(std::move(connection));
    });
    passive->Start();
    active->Start();
  }

  bool Established() const {
    return active->session().state() == bgp::SessionState::kEstablished &&
           passive->session().state() == bgp::SessionState::kEstablished;
  }
  template <typename Event>
  int Count(const std::vector<bgp::SessionEvent>& events) const {
    int count = 0;
    for (const bgp::SessionEvent& event : events) count += std::holds_alternative<Event>(event);
    return count;
  }

  testing::BgpLab lab;
  std::vector<bgp::SessionEvent> active_events;
  std::vector<bgp::SessionEvent> passive_events;
  std::unique_ptr<BgpSessionDriver> active;
  std::unique_ptr<BgpSessionDriver> passive;
};

TEST_CASE("an active and a passive driver establish and carry routes", "[bgp]") {
  DriverPair pair;
  pair.lab.simulator.RunUntil(Seconds(1));
  REQUIRE(pair.Established());
  const std::vector<net::IpPrefix> vip = {testing::kVip};
  pair.active->Announce(vip, testing::SpeakerAttributes(Ip("192.0.2.11"), false));
  pair.lab.simulator.RunUntil(Seconds(2));
  CHECK(pair.Count<bgp::RoutesReceived>(pair.passive_events) == 1);
  CHECK(pair.Count<bgp::EndOfRibReceived>(pair.passive_events) >= 1);
  CHECK(pair.active->counters().connects == 1);
  CHECK(pair.passive->counters().connections_accepted == 1);
  CHECK(pair.passive->last_received_at() > 0);
}

TEST_CASE("Stop sends a Cease the peer reports, and the active side stays down", "[bgp]") {
  DriverPair pair;
  pair.lab.simulator.RunUntil(Seconds(1));
  REQUIRE(pair.Established());
  pair.active->Stop(bgp::CeaseSubcode::kAdministrativeShutdown, "maintenance");
  pair.lab.simulator.RunUntil(Seconds(10));
  REQUIRE(pair.Count<bgp::SessionDown>(pair.passive_events) == 1);
  for (const bgp::SessionEvent& event : pair.passive_events) {
    if (const auto* down = std::get_if<bgp::SessionDown>(&event)) {
      CHECK(down->reason == "received Cease / Administrative Shutdown: \"maintenance\"");
    }
  }
  CHECK(pair.active->session().state() == bgp::SessionState::kIdle);
  CHECK(pair.passive->session().accepting_connections());
  CHECK_FALSE(pair.active->connection_open());
}

TEST_CASE("Drop sends nothing: the peer finds out only by its hold timer", "[bgp]") {
  DriverPair pair;
  pair.lab.simulator.RunUntil(Seconds(1));
  REQUIRE(pair.Established());
  const uint64_t written = pair.active->counters().messages_written;
  const uint64_t received = pair.passive->session().messages_received();
  pair.active->Drop();
  CHECK(pair.active->session().state() == bgp::SessionState::kIdle);
  pair.lab.simulator.RunUntil(Seconds(60));
  CHECK(pair.active->counters().messages_written == written);
  CHECK(pair.passive->session().messages_received() == received);
  CHECK(pair.passive->session().state() == bgp::SessionState::kEstablished);
  CHECK(pair.Count<bgp::SessionDown>(pair.active_events) == 0);
}

TEST_CASE("Crash closes the connection and the peer sees it at once", "[bgp]") {
  DriverPair pair;
  pair.lab.simulator.RunUntil(Seconds(1));
  REQUIRE(pair.Established());
  pair.active->Crash();
  pair.lab.simulator.RunUntil(Seconds(2));
  CHECK(pair.Count<bgp::SessionDown>(pair.passive_events) == 1);
  CHECK(pair.passive->session().accepting_connections());
}

TEST_CASE("a second connection while established is refused with a reset", "[bgp]") {
  DriverPair pair;
  pair.lab.simulator.RunUntil(Seconds(1));
  REQUIRE(pair.Established());
  BgpSessionDriver intruder(pair.lab.host(1), Ip("192.0.2.12"),
                            Config(bgp::SessionRole::kActive, 11), nullptr);
  intruder.Start();
  pair.lab.simulator.RunUntil(Seconds(2));
  CHECK(pair.passive->counters().connections_refused >= 1);
  CHECK(intruder.session().state() != bgp::SessionState::kEstablished);
  CHECK(pair.Established());
}

TEST_CASE("a connect to a host nobody listens on fails and is retried on MetalLB's backoff",
          "[bgp]") {
  testing::BgpLab lab(testing::LabOptions{.hosts = 0});
  lab.AddHost(1);
  lab.AddHost(2);
  BgpSessionDriver driver(lab.host(1), Ip("192.0.2.12"), Config(bgp::SessionRole::kActive, 11),
                          nullptr);
  driver.Start();
  lab.simulator.RunUntil(Seconds(4));
  // Refused at 0, then after 0 s, 1 s and 2 s: four attempts by 3 s.
  CHECK(driver.counters().connects == 4);
  CHECK(driver.counters().connects_failed == 4);
}

}  // namespace
}  // namespace metallab::sim
