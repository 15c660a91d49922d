#include "reports/sweep_result.h"

#include <catch2/catch.hpp>

namespace metallab::reports {
namespace {

SweepResult Whole(size_t runs) {
  SweepResult result;
  result.identity = {"s", "00", 1, runs, {}, {}};
  result.expected_runs = runs;
  for (uint64_t k = 0; k < runs; ++k) {
    RunSummary run;
    run.index = k;
    run.seed = k + 1;
    run.passed = k % 10 != 0;
    if (!run.passed) run.broken = {"probe p longest outage ≤ 1s"};
    run.measures["probe p longestOutage"] = static_cast<int64_t>((k + 1) * 1'000'000'000);
    result.runs.push_back(run);
  }
  return result;
}

TEST_CASE("a sweep's spread is nearest-rank percentiles per measure", "[reports][sweep]") {
  std::string text;
  for (const char c : SweepText(Whole(100))) {  // columns, with their spacing collapsed
    if (c != ' ' || text.empty() || text.back() != ' ') text += c;
  }
  INFO(text);
  CHECK(text.find("all runs: 90 of 100 runs kept every expectation") != std::string::npos);
  CHECK(text.find("broken in 10: probe p longest outage ≤ 1s") != std::string::npos);
  // 1 s .. 100 s: p50 is the 50th value, p95 the 95th, p99 the 99th.
  CHECK(text.find("probe p longestOutage 100 1.000s 50.000s 95.000s 99.000s 100.000s") !=
        std::string::npos);
}

TEST_CASE("slices round-trip and merge into the whole sweep's bytes", "[reports][sweep]") {
  const SweepResult whole = Whole(7);
  std::vector<SweepResult> slices;
  for (uint64_t i = 1; i <= 3; ++i) {
    SweepResult slice = whole;
    slice.shard = {i, 3};
    slice.runs.clear();
    for (const RunSummary& run : whole.runs) {
      if (run.index % 3 == i - 1) slice.runs.push_back(run);
    }
    std::string error;
    const auto parsed = ParseSweepJson(SweepJson(slice), &error);
    REQUIRE(parsed);
    slices.push_back(*parsed);
  }
  std::string error;
  const auto merged = MergeSlices({slices[2], slices[0], slices[1]}, &error);
  REQUIRE(merged);
  CHECK(SweepJson(*merged) == SweepJson(whole));

  CHECK_FALSE(MergeSlices({slices[0], slices[0], slices[1], slices[2]}, &error));
  CHECK(error == "slice 1/3 given twice");
  CHECK_FALSE(MergeSlices({slices[0], slices[1]}, &error));
  CHECK(error == "slice 3/3 is missing");
  SweepResult foreign = slices[1];
  foreign.identity.last_seed = 8;
  CHECK_FALSE(MergeSlices({slices[0], foreign, slices[2]}, &error));
  CHECK(error.find("different sweeps") != std::string::npos);
  CHECK_FALSE(ParseSweepJson(SweepJson(slices[0]).substr(0, 120), &error));
  CHECK_FALSE(ParseSweepJson("{\"sweepVersion\": 1}", &error));
  CHECK(error.find("corrupt or truncated") != std::string::npos);
}

TEST_CASE("a run's summary comes from its report", "[reports][sweep]") {
  const std::string report = R"({"seed": 3, "passed": false,
    "probes": [{"name": "web", "longestOutageNs": 5, "longestDegradedNs": 7}],
    "faults": [{"kind": "power-off", "target": "w1", "stages": [
      {"stage": "fault", "afterNs": 0, "subject": "w1"},
      {"stage": "dead", "afterNs": 9, "subject": "w2"},
      {"stage": "dead", "afterNs": 11, "subject": "w3"},
      {"stage": "answered", "afterNs": 12, "subject": "web"}]}],
    "expectations": [{"text": "a", "passed": true}, {"text": "b", "passed": false}]})";
  std::string error;
  const auto run = SummariseReport(report, &error);
  REQUIRE(run);
  CHECK(run->seed == 3);
  CHECK(run->broken == std::vector<std::string>{"b"});
  CHECK(run->measures.at("probe web longestOutage") == 5);
  CHECK(run->measures.at("fault 1 power-off w1: dead") == 9);  // the first one counts
  CHECK(run->measures.at("fault 1 power-off w1: answered web") == 12);
  CHECK_FALSE(SummariseReport("[]", &error));
  CHECK_FALSE(SummariseReport("{\"expectations\": 3}", &error));
}

}  // namespace
}  // namespace metallab::reports

namespace metallab::reports {
namespace {

TEST_CASE("percentile expectations are judged over each combination's runs", "[reports][sweep]") {
  SweepResult sweep;
  sweep.identity = {"s", "00", 1, 100, {}, {}};
  for (uint64_t k = 0; k < 100; ++k) {
    sweep.runs.push_back({k, k + 1, {}, true, {}, {{"probe p longestOutage", int64_t(k + 1)}}});
  }
  const auto verdicts =
      EvaluatePercentiles(sweep, {{"p95 <= 95", "probe p longestOutage", 95, std::nullopt, 95},
                                  {"p99 <= 95", "probe p longestOutage", 99, std::nullopt, 95},
                                  {"missing", "probe q longestOutage", 50, std::nullopt, 1}});
  REQUIRE(verdicts.size() == 3);
  CHECK(verdicts[0].held);
  CHECK_FALSE(verdicts[1].held);
  CHECK(verdicts[1].detail == "p99 0.000s over 100 runs");
  CHECK_FALSE(verdicts[2].held);
  CHECK(verdicts[2].detail == "no run measured probe q longestOutage");
}

}  // namespace
}  // namespace metallab::reports
