// The `--report` JSON of `metallab run` (schema: reports/report.schema.json). Byte-identical
// for equal scenario and seed: keys in a fixed order, times as integer nanoseconds, the trace
// hash as a hex string.
#ifndef METALLAB_REPORTS_JSON_REPORT_H_
#define METALLAB_REPORTS_JSON_REPORT_H_

#include <string>

#include "sim/scenario/run_result.h"

namespace metallab::reports {

// 2: faults with their stages and outages; probes' failed fraction per second and longest
// degraded run.
inline constexpr int kReportSchemaVersion = 2;

std::string JsonReport(const sim::RunResult& result);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_JSON_REPORT_H_
