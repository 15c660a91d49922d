// What a CI gate compares: a run's (or a sweep's) measures and expectation outcomes, kept in a
// baseline file, and what moved since. A measure regresses when it grew past the tolerance
// (relative, with 1 ms of slack so that zero stays zero only up to noise-free rounding); an
// expectation regresses when its outcome changed. Improvements are told, not failed.
#ifndef METALLAB_REPORTS_BASELINE_H_
#define METALLAB_REPORTS_BASELINE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/sweep_result.h"

namespace metallab::reports {

struct Baseline {
  std::string kind;  // "run" or "sweep"
  std::string scenario;
  std::map<std::string, int64_t> measures;  // ns: a run's measures; a sweep's percentiles
  std::map<std::string, int64_t> outcomes;  // run: 1 held, 0 broke; sweep: runs that broke it
};

Baseline RunBaseline(const std::string& scenario, const RunSummary& run,
                     const std::vector<std::string>& expectations);
Baseline SweepBaseline(const SweepResult& sweep);

std::string BaselineJson(const Baseline& baseline);
std::optional<Baseline> ParseBaseline(const std::string& text, std::string* error);

struct BaselineComparison {
  std::vector<std::string> regressions;  // each a line saying what moved and by how much
  std::vector<std::string> improvements;
  bool regressed() const { return !regressions.empty(); }
};

// `tolerance_percent` of growth is allowed on every measure.
BaselineComparison CompareToBaseline(const Baseline& before, const Baseline& now,
                                     double tolerance_percent);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_BASELINE_H_
