// `--markdown FILE` of `run` and `sweep`: a summary fit for a CI job's summary page (GitHub's
// $GITHUB_STEP_SUMMARY): the expectations with what was measured, each fault's stages, the
// probes' outages; for a sweep, each combination's spread and broken expectations.
#ifndef METALLAB_REPORTS_MARKDOWN_SUMMARY_H_
#define METALLAB_REPORTS_MARKDOWN_SUMMARY_H_

#include <string>

#include "reports/sweep_result.h"
#include "sim/scenario/run_result.h"

namespace metallab::reports {

std::string RunMarkdown(const sim::RunResult& result);
std::string SweepMarkdown(const SweepResult& result);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_MARKDOWN_SUMMARY_H_
