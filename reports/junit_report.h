// The `--junit` XML of `metallab run` and `sweep`: one test suite per scenario (a sweep: per
// combination of values), one test case per expectation with what was measured, so CI systems
// can gate on failover timing.
#ifndef METALLAB_REPORTS_JUNIT_REPORT_H_
#define METALLAB_REPORTS_JUNIT_REPORT_H_

#include <string>
#include <vector>

#include "reports/sweep_result.h"
#include "sim/scenario/run_result.h"

namespace metallab::reports {

std::string JunitReport(const sim::RunResult& result);
// `expectations`: the scenario's expectation texts, in order. A case fails when any run of its
// combination broke the expectation; its message says in how many.
std::string SweepJunit(const SweepResult& result, const std::vector<std::string>& expectations);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_JUNIT_REPORT_H_
