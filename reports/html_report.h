// `--html FILE` of `metallab run`: one self-contained page (no external scripts, styles or
// fonts; it works offline) with a timeline per address (who announces when, by which protocol,
// the faults and their stages) and per probe (each attempt answered or not), drawn as SVG by a
// script in the page from the run's data embedded in it, and the stage table. A sweep's page
// draws the spread of every measure instead.
#ifndef METALLAB_REPORTS_HTML_REPORT_H_
#define METALLAB_REPORTS_HTML_REPORT_H_

#include <string>

#include "reports/sweep_result.h"
#include "sim/scenario/run_result.h"

namespace metallab::reports {

std::string RunHtml(const sim::RunResult& result);
// `metallab sweep --html`: per combination of values, a histogram and a CDF of every measure
// (each probe's longest outage and degraded run, each fault's stages) over the runs.
std::string SweepHtml(const SweepResult& result);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_HTML_REPORT_H_
