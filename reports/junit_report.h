// The `--junit` XML of `metallab run`: one test suite per scenario, one test case per
// expectation, so CI systems can gate on failover timing.
#ifndef METALLAB_REPORTS_JUNIT_REPORT_H_
#define METALLAB_REPORTS_JUNIT_REPORT_H_

#include <string>

#include "sim/scenario/run_result.h"

namespace metallab::reports {

std::string JunitReport(const sim::RunResult& result);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_JUNIT_REPORT_H_
