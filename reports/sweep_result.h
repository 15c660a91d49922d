// What `metallab sweep` gathers from its runs and says about them, and how slices merge.
// A run's summary is taken from its JSON report: whether each expectation held, each probe's
// longest outage and degraded run, and when each stage of each fault came. The summary of a
// sweep groups runs by their parameter values and gives min / p50 / p95 / p99 / max of each
// measure (nearest rank) and how many runs broke each expectation.
#ifndef METALLAB_REPORTS_SWEEP_RESULT_H_
#define METALLAB_REPORTS_SWEEP_RESULT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace metallab::reports {

// What identifies a sweep: slices of the same sweep agree on all of it.
struct SweepIdentity {
  std::string scenario;         // the scenario's name
  std::string scenario_sha256;  // of the file's bytes
  uint64_t first_seed = 1;
  uint64_t last_seed = 1;
  std::vector<std::string> settings;                                   // --set, in order
  std::vector<std::pair<std::string, std::vector<std::string>>> vary;  // --vary, in order

  friend bool operator==(const SweepIdentity&, const SweepIdentity&) = default;
};

struct RunSummary {
  uint64_t index = 0;  // in the sweep's order: each combination of values, each seed
  uint64_t seed = 0;
  std::vector<std::string> values;  // one per --vary, in order
  bool passed = false;
  std::vector<std::string> broken;          // texts of the expectations that failed
  std::map<std::string, int64_t> measures;  // "probe http-web longestOutage" → ns, ...
};

struct SweepResult {
  SweepIdentity identity;
  std::optional<std::pair<uint64_t, uint64_t>> shard;  // (index from 1, count); none when whole
  uint64_t expected_runs = 0;                          // in the whole sweep
  std::vector<RunSummary> runs;                        // by index
};

// Runs grouped by their --vary values, in the order the sweep ran them, each measure's values
// sorted: what every view of a sweep (text, Markdown, HTML, JUnit, baseline) reads.
struct RunGroup {
  std::vector<std::string> values;
  size_t runs = 0;
  size_t passed = 0;
  std::map<std::string, size_t> broken;                  // expectation text → runs that broke it
  std::map<std::string, std::vector<int64_t>> measures;  // sorted ascending
};
std::vector<RunGroup> GroupRuns(const SweepResult& result);

// Nearest rank: the smallest value with at least `percent` of `sorted` at or below it.
int64_t NearestRankPercentile(const std::vector<int64_t>& sorted, int percent);
// "6.000s"
std::string SecondsText(int64_t ns);

// The run's summary from its report's JSON text; nullopt (with `error`) when it is not one.
std::optional<RunSummary> SummariseReport(const std::string& report, std::string* error);

std::string SweepJson(const SweepResult& result);
// A slice or a whole sweep, as SweepJson wrote it; nullopt (with `error`) when it is not.
std::optional<SweepResult> ParseSweepJson(const std::string& text, std::string* error);
// The whole sweep from all of its slices: refused (with `error`) when they belong to different
// sweeps, a slice comes twice, one is missing or a run is absent.
std::optional<SweepResult> MergeSlices(const std::vector<SweepResult>& slices, std::string* error);

// The summary table a person reads, per combination of values.
std::string SweepText(const SweepResult& result);

// An expectation on a percentile of one measure over a sweep's runs, per combination.
struct PercentileExpectation {
  std::string text;     // as the scenario states it
  std::string measure;  // "probe web longestOutage"
  int percent = 95;
  std::optional<int64_t> min;  // ns
  std::optional<int64_t> max;
};

struct PercentileVerdict {
  std::string text;
  std::vector<std::string> values;  // the combination
  bool held = false;
  std::string detail;  // "p95 6.000s over 100 runs"
};

std::vector<PercentileVerdict> EvaluatePercentiles(
    const SweepResult& result, const std::vector<PercentileExpectation>& expectations);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_SWEEP_RESULT_H_
