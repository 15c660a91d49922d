#include "sim/engine/simulator.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

TEST_CASE("events run in time order, same-time events in scheduling order", "[engine]") {
  Simulator simulator;
  std::vector<std::string> order;
  simulator.Schedule(Milliseconds(5), [&] { order.push_back("b@5"); });
  simulator.Schedule(Milliseconds(1), [&] { order.push_back("a@1"); });
  simulator.Schedule(Milliseconds(5), [&] { order.push_back("c@5"); });
  simulator.Schedule(Milliseconds(5), [&] {
    order.push_back("d@5");
    // Scheduled "now" from inside an event: runs after everything already due now.
    simulator.Schedule(0, [&] { order.push_back("e@5"); });
  });
  simulator.Run();
  CHECK(order == std::vector<std::string>{"a@1", "b@5", "c@5", "d@5", "e@5"});
  CHECK(simulator.Now() == Milliseconds(5));
  CHECK(simulator.events_run() == 5);
}

TEST_CASE("cancelled events never run, stale handles are harmless", "[engine]") {
  Simulator simulator;
  int ran = 0;
  const EventId first = simulator.Schedule(10, [&] { ++ran; });
  const EventId second = simulator.Schedule(20, [&] { ran += 10; });
  CHECK(simulator.Cancel(first));
  CHECK_FALSE(simulator.Cancel(first));
  simulator.Run();
  CHECK(ran == 10);
  CHECK_FALSE(simulator.Cancel(second));
  CHECK_FALSE(simulator.IsPending(second));
}

TEST_CASE("a reused slot does not resurrect a cancelled handle", "[engine]") {
  Simulator simulator;
  int ran = 0;
  const EventId old_id = simulator.Schedule(10, [&] { ran += 1; });
  simulator.Cancel(old_id);
  const EventId new_id = simulator.Schedule(10, [&] { ran += 100; });
  CHECK(new_id.slot == old_id.slot);
  CHECK_FALSE(simulator.Cancel(old_id));
  simulator.Run();
  CHECK(ran == 100);
}

TEST_CASE("run-until, run-for and step", "[engine]") {
  Simulator simulator;
  std::vector<SimTime> times;
  for (int k = 1; k <= 5; ++k) {
    simulator.Schedule(Seconds(k), [&] { times.push_back(simulator.Now()); });
  }
  simulator.RunUntil(Seconds(2));
  CHECK(times == std::vector<SimTime>{Seconds(1), Seconds(2)});
  CHECK(simulator.Now() == Seconds(2));
  simulator.RunFor(Milliseconds(500));
  CHECK(simulator.Now() == Milliseconds(2500));
  CHECK(times.size() == 2);
  CHECK(simulator.Step());
  CHECK(simulator.Now() == Seconds(3));
  simulator.RunUntil(Seconds(100));
  CHECK(times.size() == 5);
  CHECK(simulator.Now() == Seconds(100));
  CHECK_FALSE(simulator.Step());
}

TEST_CASE("timers re-arm, cancel, and cancel on destruction", "[engine]") {
  Simulator simulator;
  int fired = 0;
  {
    Timer timer(simulator);
    timer.Arm(Seconds(1), [&] { ++fired; });
    timer.Arm(Seconds(3), [&] { fired += 10; });  // replaces the first expiry
    CHECK(timer.armed());
    CHECK(timer.expiry() == Seconds(3));
    simulator.RunUntil(Seconds(2));
    CHECK(fired == 0);
  }
  simulator.Run();
  CHECK(fired == 0);  // destroyed before expiry

  Timer timer(simulator);
  timer.Arm(Seconds(1), [&] { ++fired; });
  simulator.Run();
  CHECK(fired == 1);
  CHECK_FALSE(timer.armed());
}

TEST_CASE("many cancellations do not grow the heap without bound", "[engine]") {
  Simulator simulator;
  Timer timer(simulator);
  for (int k = 0; k < 100000; ++k) timer.Arm(Seconds(10), [] {});
  CHECK(simulator.pending() == 1);
  CHECK(simulator.Run() == 1);
}

uint64_t RunHoldModel(SimulatorOptions options) {
  Simulator simulator(options);
  RngStream rng = simulator.Rng("test/hold");
  const uint32_t component = simulator.Component("test/hold");
  int remaining = 5000;
  std::function<void()> hop = [&] {
    if (--remaining <= 0) return;
    // Coarse times so ties are common.
    simulator.Schedule(Milliseconds(rng.UniformInt(0, 3)), hop, TraceTag{component, 1});
  };
  for (int k = 0; k < 20; ++k) simulator.Schedule(0, hop, TraceTag{component, 1});
  simulator.Run();
  return simulator.trace().fingerprint();
}

TEST_CASE("the same seed gives the same fingerprint, another seed another", "[engine]") {
  CHECK(RunHoldModel({.seed = 7}) == RunHoldModel({.seed = 7}));
  CHECK(RunHoldModel({.seed = 7}) != RunHoldModel({.seed = 8}));
}

TEST_CASE("shuffled ties reorder same-time events but keep time order", "[engine]") {
  Simulator simulator({.seed = 3, .shuffle_ties = true});
  std::vector<int> order;
  std::vector<SimTime> times;
  for (int k = 0; k < 50; ++k) {
    simulator.Schedule(Milliseconds(k % 2), [&, k] {
      order.push_back(k);
      times.push_back(simulator.Now());
    });
  }
  simulator.Run();
  REQUIRE(order.size() == 50);
  CHECK(std::is_sorted(times.begin(), times.end()));
  std::vector<int> insertion;
  for (int k = 0; k < 50; k += 2) insertion.push_back(k);
  const std::vector<int> first_half(order.begin(), order.begin() + 25);
  CHECK(first_half != insertion);  // 1 in 25! chance of a false failure
}

TEST_CASE("random streams depend on the seed and the name, not on creation order", "[engine]") {
  RngStream a1(42, "node/a");
  RngStream b(42, "node/b");
  RngStream a2(42, "node/a");
  CHECK(a1.NextU64() == a2.NextU64());
  RngStream a3(42, "node/a");
  CHECK(a3.NextU64() != b.NextU64());
  RngStream other_seed(43, "node/a");
  RngStream a4(42, "node/a");
  CHECK(other_seed.NextU64() != a4.NextU64());
}

TEST_CASE("distributions stay in range and have the right mean", "[engine]") {
  RngStream rng(1, "test/distributions");
  double sum = 0;
  int64_t low = INT64_MAX;
  int64_t high = INT64_MIN;
  for (int k = 0; k < 100000; ++k) {
    const int64_t v = rng.UniformInt(-3, 3);
    low = std::min(low, v);
    high = std::max(high, v);
    sum += rng.Exponential(2.0);
  }
  CHECK(low == -3);
  CHECK(high == 3);
  CHECK(sum / 100000 == Approx(2.0).epsilon(0.03));
  const double u = rng.NextDouble();
  CHECK(u >= 0.0);
  CHECK(u < 1.0);
}

TEST_CASE("times format exactly", "[engine]") {
  CHECK(FormatTime(0) == "0.000000000s");
  CHECK(FormatTime(Seconds(12) + 345) == "12.000000345s");
  CHECK(FormatTime(-Milliseconds(1500)) == "-1.500000000s");
}

}  // namespace
}  // namespace metallab::sim
