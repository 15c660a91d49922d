// The topology the simulated-router tests share: a router r1 on a LAN (192.0.2.0/24) with
// hosts h1..hN (192.0.2.11, .12, ...), and a client (198.51.100.2) behind the router's other
// interface. Each host runs a MetalLB-like speaker: one active BGP session to the router
// (MetalLB's native timers and behaviour), announcing 203.0.113.11/32 with itself as next
// hop, optionally with BFD.
#ifndef METALLAB_TESTS_SIM_BGP_BGP_LAB_H_
#define METALLAB_TESTS_SIM_BGP_BGP_LAB_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bgp/as_path.h"
#include "sim/bgp/bfd_endpoint_driver.h"
#include "sim/bgp/bgp_router.h"
#include "sim/bgp/bgp_session_driver.h"
#include "sim/network/network.h"
#include "tests/support/addresses.h"

namespace metallab::sim::testing {

using ::metallab::testing::Ip;
using ::metallab::testing::Prefix;

inline constexpr uint32_t kSpeakerAs = 64512;
inline const net::IpPrefix kVip = Prefix("203.0.113.11/32");

// A speaker as MetalLB's native mode runs one: it connects out, announces, and goes with its
// node (Drop on power loss, the routes announced again at power-on).
class TestSpeaker : public Process {
 public:
  TestSpeaker(IpNode& node, net::IpAddress router, bgp::BgpSessionConfig config,
              std::optional<bfd::BfdSessionConfig> bfd)
      : bfd_(node),
        driver_(node, router, std::move(config),
                [this](const bgp::SessionEvent& event) { events.push_back(event); }) {
    if (bfd) {
      bfd_.AddSession(router, *bfd, BfdCallbacks{.on_path_down = [this](const bfd::BfdEvent&) {
                        driver_.OnBfdDown();
                      }});
    }
  }

  void Start() override {
    bfd_.Start();
    driver_.Start();
    for (const auto& [prefixes, attributes] : announced_) driver_.Announce(prefixes, attributes);
  }
  void Stop(StopReason reason) override {
    if (reason == StopReason::kPowerOff) driver_.Drop();
    if (reason == StopReason::kCrash) driver_.Crash();
    if (reason == StopReason::kShutdown) driver_.Stop();
    bfd_.Drop();
  }

  void Announce(std::vector<net::IpPrefix> prefixes, const bgp::PathAttributes& attributes) {
    driver_.Announce(prefixes, attributes);
    announced_.emplace_back(std::move(prefixes), attributes);
  }

  BgpSessionDriver& driver() { return driver_; }
  BfdEndpointDriver& bfd() { return bfd_; }
  bool established() const { return driver_.session().state() == bgp::SessionState::kEstablished; }

  std::vector<bgp::SessionEvent> events;

 private:
  BfdEndpointDriver bfd_;
  BgpSessionDriver driver_;
  std::vector<std::pair<std::vector<net::IpPrefix>, bgp::PathAttributes>> announced_;
};

struct LabOptions {
  int hosts = 3;
  uint32_t router_as = kSpeakerAs;  // iBGP by default; 64513 makes the sessions eBGP
  size_t max_paths = 3;
  RouterTimerProfile timers = RouterTimerProfile::kBird;
  std::optional<bfd::BfdSessionConfig> bfd = std::nullopt;  // on both ends of every session
  std::string password = {};
  // Hosts the router is configured with (the first `neighbors` hosts); -1: all.
  int neighbors = -1;
  // The speakers' BGP identifiers, by host; their addresses when not given.
  std::vector<uint32_t> identifiers = {};
};

// The attributes MetalLB sends: ORIGIN IGP, an empty AS_PATH to an internal peer or its own
// AS to an external one, NEXT_HOP itself.
inline bgp::PathAttributes SpeakerAttributes(const net::IpAddress& self, bool external) {
  bgp::PathAttributes attributes;
  attributes.origin = bgp::Origin::kIgp;
  attributes.as_path = external ? bgp::SequenceOf({kSpeakerAs}) : bgp::AsPath{};
  attributes.next_hop = self;
  return attributes;
}

struct BgpLab {
  explicit BgpLab(LabOptions lab_options = {}) : options(lab_options), network(simulator) {
    router = &network.AddRouter("r1");
    client = &network.AddHost("client");
    lan = &network.AddSwitch("lan");
    Interface& client_eth = network.AddInterface(*client, "eth0");
    Interface& router_up = network.AddInterface(*router, "eth1");
    network.Connect(client_eth, router_up);
    client->AddAddress(client_eth, Ip("198.51.100.2"), 24);
    router->AddAddress(router_up, Ip("198.51.100.1"), 24);
    client->AddDefaultRoute(Ip("198.51.100.1"));
    Interface& router_down = network.Attach(*router, "eth0", *lan);
    router->AddAddress(router_down, Ip("192.0.2.1"), 24);
    for (int k = 1; k <= options.hosts; ++k) AddHost(k);
    StartRouter();
    for (int k = 1; k <= options.hosts; ++k) StartSpeaker(k);
  }

  static net::IpAddress HostAddress(int k) {
    return net::IpAddress::V4(0xc0000200u + 10 + static_cast<uint32_t>(k));
  }

  void AddHost(int k) {
    IpNode& host = network.AddHost("h" + std::to_string(k));
    Interface& eth = network.Attach(host, "eth0", *lan);
    host.AddAddress(eth, HostAddress(k), 24);
    host.AddDefaultRoute(Ip("192.0.2.1"));
    host.AddAcceptedAddress(kVip.network());
    hosts.push_back(&host);
  }

  void StartRouter() {
    BgpRouterConfig config{.local_as = options.router_as,
                           .router_id = Ip("192.0.2.1"),
                           .timers = options.timers,
                           .max_paths = options.max_paths};
    const int neighbors = options.neighbors < 0 ? options.hosts : options.neighbors;
    for (int k = 1; k <= neighbors; ++k) {
      config.neighbors.push_back(BgpNeighborConfig{.address = HostAddress(k),
                                                   .peer_as = kSpeakerAs,
                                                   .bfd = options.bfd,
                                                   .password = options.password});
    }
    auto process = std::make_unique<BgpRouter>(*router, std::move(config));
    bgp = process.get();
    bgp->SetRouteObserver([this](const RouteChange& change) { changes.push_back(change); });
    router->AddProcess("bird", std::move(process));
  }

  bgp::BgpSessionConfig SpeakerConfig(int k) const {
    bgp::BgpSessionConfig config;
    config.local_as = kSpeakerAs;
    config.peer_as = options.router_as;
    config.bgp_identifier = static_cast<size_t>(k) <= options.identifiers.size()
                                ? options.identifiers[k - 1]
                                : static_cast<uint32_t>(HostAddress(k).value());
    bgp::ApplyTimerDefaults(bgp::kMetalLbNativeTimers, config);
    bgp::ApplyMetalLbNativeBehaviour(/*enforce_hold_timer=*/true, config);
    config.md5_password = options.password;
    return config;
  }

  // Starts host k's speaker with `config`, announcing the VIP with `attributes`.
  TestSpeaker& StartSpeaker(int k, std::optional<bgp::BgpSessionConfig> config = std::nullopt,
                            std::optional<bgp::PathAttributes> attributes = std::nullopt) {
    IpNode& host = *hosts[k - 1];
    auto process = std::make_unique<TestSpeaker>(host, Ip("192.0.2.1"),
                                                 config.value_or(SpeakerConfig(k)), options.bfd);
    TestSpeaker& speaker = *process;
    host.AddProcess("speaker", std::move(process));
    const bool external = options.router_as != kSpeakerAs;
    speaker.Announce({kVip}, attributes.value_or(SpeakerAttributes(HostAddress(k), external)));
    speakers.push_back(&speaker);
    return speaker;
  }

  IpNode& host(int k) { return *hosts[k - 1]; }
  TestSpeaker& speaker(int k) { return *speakers[k - 1]; }

  std::vector<net::IpAddress> NextHops(const net::IpPrefix& prefix = kVip) const {
    const std::optional<RibRoute> route = bgp->Route(prefix);
    return route ? route->next_hops : std::vector<net::IpAddress>{};
  }
  size_t FibNextHops(const net::IpAddress& destination = kVip.network()) const {
    const Route* route = router->fib().Lookup(destination);
    return route != nullptr && route->origin == RouteOrigin::kBgp ? route->next_hops.size() : 0;
  }
  bool AllEstablished() const {
    for (const NeighborStatus& neighbor : bgp->Neighbors()) {
      if (neighbor.state != bgp::SessionState::kEstablished) return false;
    }
    return true;
  }
  // Runs until `condition` holds or `limit` passes; the time it first held, or kNever.
  template <typename Condition>
  SimTime RunUntil(Condition condition, SimTime limit) {
    while (!condition()) {
      if (!simulator.Step() || simulator.Now() > limit) return kNever;
    }
    return simulator.Now();
  }

  LabOptions options;
  Simulator simulator;
  Network network;
  IpNode* router = nullptr;
  IpNode* client = nullptr;
  LearningSwitch* lan = nullptr;
  std::vector<IpNode*> hosts;
  BgpRouter* bgp = nullptr;
  std::vector<TestSpeaker*> speakers;
  std::vector<RouteChange> changes;
};

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_BGP_BGP_LAB_H_
