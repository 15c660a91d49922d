// sim_bench: scenarios end to end, from the loaded scenario to the evaluated expectations.
#include <chrono>
#include <variant>

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include "core/net/ip_range.h"
#include "sim/cluster/node_lifecycle.h"
#include "sim/metallb/speaker_process.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"

namespace metallab::sim {
namespace {

Scenario Load(const std::string& file) {
  manifest::Diagnostics diagnostics;
  auto scenario =
      LoadScenario(std::string(METALLAB_SOURCE_DIR) + "/scenarios/" + file, diagnostics);
  if (!scenario) std::abort();  // the shipped scenarios load; the tests check it
  return *scenario;
}

// The MetalLB walkthrough: 60 virtual seconds, four nodes, two Services, two arping probes.
void Walkthrough(benchmark::State& state) {
  const Scenario scenario = Load("metallb-l2-walkthrough.yaml");
  uint64_t events = 0;
  for (auto _ : state) {
    ScenarioRunner runner(scenario, {});
    const RunResult result = runner.Run();
    if (!result.passed()) state.SkipWithError("an expectation failed");
    benchmark::DoNotOptimize(result.trace_hash);
    events = result.probes.size();
  }
  state.counters["virtual_s"] = static_cast<double>(scenario.duration) / 1e9;
  benchmark::DoNotOptimize(events);
}
BENCHMARK(Walkthrough)->Name("scenario/walkthrough")->Unit(benchmark::kMillisecond);

// An owner failure detected by memberlist, 90 virtual seconds.
void OwnerFailure(benchmark::State& state) {
  const Scenario scenario = Load("l2-owner-failure-cluster.yaml");
  for (auto _ : state) {
    ScenarioRunner runner(scenario, {});
    const RunResult result = runner.Run();
    if (!result.passed()) state.SkipWithError("an expectation failed");
    benchmark::DoNotOptimize(result.trace_hash);
  }
  state.counters["virtual_s"] = static_cast<double>(scenario.duration) / 1e9;
}
BENCHMARK(OwnerFailure)->Name("scenario/l2_owner_failure")->Unit(benchmark::kMillisecond);

// A large Layer 2 cluster: N nodes with speakers and memberlist on one LAN, S LoadBalancer
// Services over 10 Deployments, 10 virtual minutes, three nodes losing power at 2, 4 and 6
// minutes. One run; wall time and peak RSS as counters.
void L2Cluster(benchmark::State& state) {
  const auto node_count = static_cast<int>(state.range(0));
  const auto service_count = static_cast<int>(state.range(1));
  for (auto _ : state) {
    const auto wall_start = std::chrono::steady_clock::now();
    Simulator simulator({.seed = 1});
    Network network(simulator);
    ClusterModel cluster(simulator);
    NodeLifecycle lifecycle(simulator, cluster);
    LearningSwitch& lan = network.AddSwitch("lan");
    // 10.0.0.0/16 is data here: no packet leaves the simulator.
    speaker::SpeakerOptions options;
    for (int k = 0; k < node_count; ++k) {
      IpNode& host = network.AddHost("node" + std::to_string(k));
      const auto address = net::IpAddress::V4(0x0a000000u + 10 + static_cast<uint32_t>(k));
      host.AddAddress(network.Attach(host, "eth0", lan), address, 16);
      cluster.AddNode(host);
      if (k < 3) options.join.push_back(address);
    }
    config::Pool pool;
    pool.name = "lb";
    pool.cidrs = {*net::IpPrefix::Parse("10.1.0.0/20")};
    config::L2Advertisement ad;
    ad.name = "lb";
    ad.pools = {"lb"};
    config::Config config;
    config.pools = {pool};
    config.l2_advertisements = {ad};
    cluster.SetConfig(config);
    uint64_t announcements = 0;
    for (const ClusterNode& node : cluster.nodes()) {
      // No startup jitter: every speaker starts at once; the bench times the steady state.
      auto speaker = std::make_unique<SpeakerProcess>(
          *node.host, cluster, options, SpeakerProcessParameters{.startup_jitter = 0},
          [&announcements](const speaker::SpeakerEvent& event) {
            announcements += std::holds_alternative<speaker::AnnouncementChange>(event);
          });
      SpeakerProcess* raw = speaker.get();
      cluster.Subscribe([raw] { raw->Resync(); });
      node.host->AddProcess("speaker", std::move(speaker));
    }
    lifecycle.Start();
    for (int d = 0; d < 10; ++d) {
      cluster.CreateDeployment("default", "web" + std::to_string(d), "nginx", 3);
    }
    for (int s = 0; s < service_count; ++s) {
      k8s::Service service;
      service.name = "svc" + std::to_string(s);
      service.type = k8s::ServiceType::kLoadBalancer;
      service.selector = {{"app", "web" + std::to_string(s % 10)}};
      service.ports = {k8s::ServicePort{"", "TCP", 80, "80", 0}};
      cluster.ApplyService(service);
    }
    for (int failure = 1; failure <= 3; ++failure) {
      IpNode* victim = cluster.nodes()[static_cast<size_t>(failure * 7 % node_count)].host;
      simulator.ScheduleAt(Seconds(120 * failure), [victim] { victim->PowerOff(); });
    }
    simulator.RunUntil(Seconds(600));
    state.counters["wall_s"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    state.counters["events"] = static_cast<double>(simulator.events_run());
    state.counters["announcement_changes"] = static_cast<double>(announcements);
    state.counters["election_memo_hits"] = static_cast<double>(options.election_memo->hits());
    state.counters["election_memo_misses"] = static_cast<double>(options.election_memo->misses());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(L2Cluster)
    ->Name("scenario/l2_cluster")
    ->ArgNames({"nodes", "services"})
    ->Args({10, 100})
    ->Args({30, 300})
    ->Args({100, 1000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace metallab::sim
