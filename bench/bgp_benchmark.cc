// bgp_bench: the BGP codec on the traffic a speaker with many Services sends: 10,000 /32
// routes sharing MetalLB's attribute set (ORIGIN, a one-segment AS_PATH, NEXT_HOP, LOCAL_PREF,
// two COMMUNITIES) packed into as few UPDATEs as fit (13). items_per_second is prefixes per
// second, decoded (bgp/decode_update) or packed and encoded (bgp/encode_update).
//
// bgp/router_convergence: a simulated router (sim/bgp) peering with MetalLB-like speakers on
// one LAN, each announcing its own /32s; how long, in virtual and wall time, until the
// router's RIB holds every prefix.
#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "core/bgp/message.h"
#include "core/bgp/update_builder.h"
#include "sim/bgp/bgp_router.h"
#include "sim/bgp/bgp_session_driver.h"
#include "sim/network/network.h"

namespace metallab::bgp {
namespace {

constexpr size_t kPrefixes = 10000;
constexpr CodecContext kIbgp{.four_octet_as = true, .is_ibgp = true};

std::vector<net::IpPrefix> HostRoutes() {
  std::vector<net::IpPrefix> prefixes;
  prefixes.reserve(kPrefixes);
  const uint32_t first = 0x0a000000;  // 10.0.0.0
  for (uint32_t k = 0; k < kPrefixes; ++k) prefixes.emplace_back(net::IpAddress::V4(first + k), 32);
  return prefixes;
}

PathAttributes MetallbAttributes() {
  PathAttributes attributes;
  attributes.origin = Origin::kIgp;
  attributes.as_path = SequenceOf({64512});
  attributes.next_hop = net::IpAddress::V4(0x0a000005);  // 10.0.0.5
  attributes.local_pref = 100;
  attributes.communities = {MakeCommunity(0, 1234), MakeCommunity(0, 2345)};
  return attributes;
}

void DecodeUpdates(benchmark::State& state) {
  const PackedUpdates packed = PackAnnouncements(MetallbAttributes(), HostRoutes(), kIbgp);
  for (auto _ : state) {
    size_t prefixes = 0;
    for (const std::vector<uint8_t>& bytes : packed.messages) {
      const auto decoded = DecodeMessage(bytes, kIbgp);
      prefixes += std::get<Update>(std::get<DecodedMessage>(decoded).message).nlri.size();
    }
    benchmark::DoNotOptimize(prefixes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPrefixes));
  state.counters["updates"] = static_cast<double>(packed.messages.size());
}
BENCHMARK(DecodeUpdates)->Name("bgp/decode_update");

void EncodeUpdates(benchmark::State& state) {
  const PathAttributes attributes = MetallbAttributes();
  const std::vector<net::IpPrefix> prefixes = HostRoutes();
  for (auto _ : state) {
    const PackedUpdates packed = PackAnnouncements(attributes, prefixes, kIbgp);
    benchmark::DoNotOptimize(packed.messages.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPrefixes));
}
BENCHMARK(EncodeUpdates)->Name("bgp/encode_update");

}  // namespace
}  // namespace metallab::bgp

namespace metallab::sim {
namespace {

constexpr uint32_t kSpeakerAs = 64512;

// 10.0.0.0/16 is the LAN here (no packet leaves the simulator): the router at .0.1, node k at
// 10.0.1.k and onwards.
net::IpAddress LanAddress(uint32_t host) { return net::IpAddress::V4(0x0a000000u + host); }

bgp::BgpSessionConfig SpeakerConfig(const net::IpAddress& self) {
  bgp::BgpSessionConfig config;
  config.local_as = kSpeakerAs;
  config.peer_as = kSpeakerAs;
  config.bgp_identifier = static_cast<uint32_t>(self.value());
  bgp::ApplyTimerDefaults(bgp::kMetalLbNativeTimers, config);
  bgp::ApplyMetalLbNativeBehaviour(/*enforce_hold_timer=*/true, config);
  return config;
}

// Node k's `count` /32s, distinct across nodes: 10.128.0.0 onwards.
std::vector<net::IpPrefix> NodeRoutes(int node, int count) {
  std::vector<net::IpPrefix> prefixes;
  for (int k = 0; k < count; ++k) {
    prefixes.emplace_back(net::IpAddress::V4(0x0a800000u + static_cast<uint32_t>(node * count + k)),
                          32);
  }
  return prefixes;
}

struct ConvergenceRun {
  SimTime converged = kNever;
  uint64_t events = 0;
};

ConvergenceRun RunConvergence(int nodes, int prefixes_per_node) {
  Simulator simulator({.seed = 1});
  Network network(simulator);
  LearningSwitch& lan = network.AddSwitch("lan");
  IpNode& router = network.AddRouter("r1");
  router.AddAddress(network.Attach(router, "eth0", lan), LanAddress(1), 16);
  BgpRouterConfig config{.local_as = kSpeakerAs, .router_id = LanAddress(1), .max_paths = 4};
  std::vector<std::unique_ptr<BgpSessionDriver>> speakers;
  std::vector<IpNode*> hosts;
  for (int k = 0; k < nodes; ++k) {
    const net::IpAddress self = LanAddress(256 + static_cast<uint32_t>(k));
    IpNode& host = network.AddHost("node" + std::to_string(k));
    host.AddAddress(network.Attach(host, "eth0", lan), self, 16);
    config.neighbors.push_back(BgpNeighborConfig{.address = self, .peer_as = kSpeakerAs});
    hosts.push_back(&host);
  }
  const size_t total = static_cast<size_t>(nodes) * static_cast<size_t>(prefixes_per_node);
  auto process = std::make_unique<BgpRouter>(router, std::move(config));
  BgpRouter& bgp = *process;
  ConvergenceRun run;
  bgp.SetRouteObserver([&](const RouteChange&) {
    if (run.converged == kNever && bgp.rib().size() == total) run.converged = simulator.Now();
  });
  router.AddProcess("bird", std::move(process));
  for (int k = 0; k < nodes; ++k) {
    const net::IpAddress self = LanAddress(256 + static_cast<uint32_t>(k));
    bgp::PathAttributes attributes;
    attributes.origin = bgp::Origin::kIgp;
    attributes.as_path = bgp::AsPath{};
    attributes.next_hop = self;
    speakers.push_back(
        std::make_unique<BgpSessionDriver>(*hosts[k], LanAddress(1), SpeakerConfig(self), nullptr));
    speakers.back()->Announce(NodeRoutes(k, prefixes_per_node), attributes);
    speakers.back()->Start();
  }
  while (run.converged == kNever && simulator.Now() < Seconds(600) && simulator.Step()) {
  }
  run.events = simulator.events_run();
  return run;
}

void RouterConvergence(benchmark::State& state) {
  const auto nodes = static_cast<int>(state.range(0));
  const auto prefixes = static_cast<int>(state.range(1));
  for (auto _ : state) {
    const auto wall_start = std::chrono::steady_clock::now();
    const ConvergenceRun run = RunConvergence(nodes, prefixes / nodes);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    if (run.converged == kNever) state.SkipWithError("the RIB never held every prefix");
    state.counters["virtual_convergence_s"] = static_cast<double>(run.converged) / 1e9;
    state.counters["wall_s"] = wall;
    state.counters["events"] = static_cast<double>(run.events);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(RouterConvergence)
    ->Name("bgp/router_convergence")
    ->ArgNames({"nodes", "prefixes"})
    ->Args({100, 10000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace metallab::sim
