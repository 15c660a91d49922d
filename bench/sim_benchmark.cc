// sim_bench: scenarios end to end, from the loaded scenario to the evaluated expectations.
#include <benchmark/benchmark.h>

#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"

namespace metallab::sim {
namespace {

Scenario Load(const std::string& file) {
  manifest::Diagnostics diagnostics;
  auto scenario = LoadScenario(std::string(METALLAB_SOURCE_DIR) + "/scenarios/" + file, diagnostics);
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

}  // namespace
}  // namespace metallab::sim
