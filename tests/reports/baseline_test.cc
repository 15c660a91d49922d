#include "reports/baseline.h"

#include <catch2/catch.hpp>

namespace metallab::reports {
namespace {

Baseline Run(int64_t outage, bool held) {
  return {"run", "s", {{"probe p longestOutage", outage}}, {{"probe p ok", held ? 1 : 0}}};
}

TEST_CASE("a measure regresses past the tolerance, with 1 ms of slack", "[reports][baseline]") {
  const Baseline before = Run(6'000'000'000, true);
  CHECK_FALSE(CompareToBaseline(before, Run(6'300'000'000, true), 5).regressed());
  CHECK_FALSE(CompareToBaseline(before, Run(6'301'000'000, true), 5).regressed());  // slack
  const auto worse = CompareToBaseline(before, Run(6'302'000'000, true), 5);
  REQUIRE(worse.regressions.size() == 1);
  CHECK(worse.regressions.front() == "probe p longestOutage: 6.000s → 6.302s (+5.0%)");
  const auto better = CompareToBaseline(before, Run(3'000'000'000, true), 5);
  CHECK_FALSE(better.regressed());
  CHECK(better.improvements.size() == 1);
  CHECK(CompareToBaseline(Run(0, true), Run(2'000'000, true), 5).regressed());
}

TEST_CASE("an expectation's changed outcome regresses, either way", "[reports][baseline]") {
  const auto broke = CompareToBaseline(Run(1, true), Run(1, false), 5);
  REQUIRE(broke.regressions.size() == 1);
  CHECK(broke.regressions.front() == "expectation \"probe p ok\": held → breaks");
  CHECK(CompareToBaseline(Run(1, false), Run(1, true), 5).regressed());
  Baseline more = Run(1, true);
  more.outcomes["new one"] = 0;
  CHECK(CompareToBaseline(Run(1, true), more, 5).regressed());
  more.outcomes["new one"] = 1;
  CHECK_FALSE(CompareToBaseline(Run(1, true), more, 5).regressed());
}

TEST_CASE("a sweep's baseline is percentiles and broken counts per combination",
          "[reports][baseline]") {
  SweepResult sweep;
  sweep.identity = {"s", "00", 1, 4, {}, {{"memberlist.suspicionMult", {"2"}}}};
  for (uint64_t k = 0; k < 4; ++k) {
    RunSummary run{k, k + 1, {"2"}, k != 3, {}, {{"probe p longestOutage", int64_t(k + 1)}}};
    if (k == 3) run.broken = {"ok"};
    sweep.runs.push_back(run);
  }
  const Baseline baseline = SweepBaseline(sweep);
  CHECK(baseline.kind == "sweep");
  CHECK(baseline.measures.at("memberlist.suspicionMult=2 | probe p longestOutage p50") == 2);
  CHECK(baseline.measures.at("memberlist.suspicionMult=2 | probe p longestOutage max") == 4);
  CHECK(baseline.outcomes.at("memberlist.suspicionMult=2 | ok") == 1);
  std::string error;
  const auto parsed = ParseBaseline(BaselineJson(baseline), &error);
  REQUIRE(parsed);
  CHECK(parsed->measures == baseline.measures);
  CHECK_FALSE(CompareToBaseline(baseline, *parsed, 0).regressed());
  CHECK_FALSE(ParseBaseline("{}", &error));
}

}  // namespace
}  // namespace metallab::reports
