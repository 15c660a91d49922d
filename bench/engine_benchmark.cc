// engine_bench: the discrete-event engine under the classic hold model (pop the earliest event,
// schedule a new one at now + an exponential delay), with N events pending throughout.
// items_per_second is events executed per second.
#include <queue>
#include <vector>

#include <benchmark/benchmark.h>

#include "sim/engine/simulator.h"

namespace metallab::sim {
namespace {

constexpr double kMeanDelayNs = 1e6;  // 1 ms mean: times spread like timer-heavy protocols

struct HoldModel {
  Simulator* simulator;
  RngStream rng;
  uint32_t component;

  void Reschedule() {
    const auto delay = static_cast<SimDuration>(rng.Exponential(kMeanDelayNs));
    simulator->Schedule(
        delay, [this] { Reschedule(); }, TraceTag{component, 1});
  }
};

void TimerEvents(benchmark::State& state) {
  const auto pending = static_cast<int>(state.range(0));
  Simulator simulator({.seed = 1});
  HoldModel model{&simulator, simulator.Rng("bench/hold"), simulator.Component("bench/hold")};
  for (int k = 0; k < pending; ++k) model.Reschedule();
  for (auto _ : state) {
    simulator.Step();
  }
  state.SetItemsProcessed(state.iterations());
  benchmark::DoNotOptimize(simulator.trace().fingerprint());
}
BENCHMARK(TimerEvents)
    ->Name("engine/timer_events")
    ->ArgName("pending")
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1000000);

// The reference: a bare std::priority_queue of times under the same hold model, with the
// same random stream, and nothing else (no callbacks, no cancellation, no trace).
void BarePriorityQueue(benchmark::State& state) {
  const auto pending = static_cast<int>(state.range(0));
  RngStream rng(1, "bench/hold");
  std::priority_queue<int64_t, std::vector<int64_t>, std::greater<>> queue;
  for (int k = 0; k < pending; ++k) queue.push(static_cast<int64_t>(rng.Exponential(kMeanDelayNs)));
  for (auto _ : state) {
    const int64_t now = queue.top();
    queue.pop();
    queue.push(now + static_cast<int64_t>(rng.Exponential(kMeanDelayNs)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BarePriorityQueue)
    ->Name("engine/bare_priority_queue")
    ->ArgName("pending")
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1000000);

}  // namespace
}  // namespace metallab::sim
