// `--html FILE` of `metallab run`: one self-contained page (no external scripts, styles or
// fonts; it works offline) with a timeline per address (who announces when, by which protocol,
// the faults and their stages) and per probe (each attempt answered or not), drawn as SVG by a
// script in the page from the run's data embedded in it, and the stage table.
#ifndef METALLAB_REPORTS_HTML_REPORT_H_
#define METALLAB_REPORTS_HTML_REPORT_H_

#include <string>

#include "sim/scenario/run_result.h"

namespace metallab::reports {

std::string RunHtml(const sim::RunResult& result);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_HTML_REPORT_H_
