#include "reports/markdown_summary.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "sim/scenario/duration_text.h"
#include "sim/scenario/outage_stages.h"

namespace metallab::reports {
namespace {

// A table cell: pipes would end the cell, newlines the row.
std::string Cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Seconds(int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(ns) / 1e9);
  return text;
}

}  // namespace

std::string RunMarkdown(const sim::RunResult& result) {
  size_t held = 0;
  for (const auto& expectation : result.expectations) held += expectation.passed;
  std::string out = "### metallab run " + result.scenario + ": " + std::to_string(held) + " of " +
                    std::to_string(result.expectations.size()) + " expectations hold\n\n";
  out += "seed " + std::to_string(result.seed) + ", " + sim::FormatDuration(result.end) +
         " simulated\n\n| | expectation | measured |\n|---|---|---|\n";
  for (const auto& expectation : result.expectations) {
    out += std::string(expectation.passed ? "| pass | " : "| **FAIL** | ") +
           Cell(expectation.text) + " | " + Cell(expectation.detail) + " |\n";
  }
  if (!result.faults.empty()) {
    out += "\n#### Faults\n\n";
    for (const sim::FaultAnalysis& fault : result.faults) {
      out += "- at " + sim::FormatDuration(fault.at) + ": " + sim::DescribeStages(fault) + "\n";
    }
  }
  if (!result.probes.empty()) {
    out +=
        "\n#### Probes\n\n| probe | answered | longest outage | longest degraded run |\n"
        "|---|---|---|---|\n";
    for (const sim::ProbeResult& probe : result.probes) {
      out += "| " + Cell(probe.name) + " (" + probe.kind + " " + probe.target.ToString() + ") | " +
             std::to_string(probe.answered) + "/" + std::to_string(probe.sent) + " | " +
             sim::FormatDuration(probe.LongestOutage()) + " | " +
             sim::FormatDuration(probe.longest_degraded) + " (> " +
             std::to_string(probe.degraded_percent) + "% failed) |\n";
    }
  }
  return out;
}

std::string SweepMarkdown(const SweepResult& result) {
  std::string out = "### metallab sweep " + result.identity.scenario + ", seeds " +
                    std::to_string(result.identity.first_seed) + ".." +
                    std::to_string(result.identity.last_seed) + "\n";
  for (const RunGroup& group : GroupRuns(result)) {
    std::string title;
    for (size_t k = 0; k < group.values.size(); ++k) {
      title += (k == 0 ? "" : ", ") + result.identity.vary[k].first + "=" + group.values[k];
    }
    out += "\n#### " + (title.empty() ? std::string("all runs") : Cell(title)) + ": " +
           std::to_string(group.passed) + " of " + std::to_string(group.runs) +
           " runs kept every expectation\n\n";
    for (const auto& [text, count] : group.broken) {
      out += "- **broken in " + std::to_string(count) + "**: " + Cell(text) + "\n";
    }
    out += "\n| measure | runs | min | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|\n";
    for (const auto& [name, list] : group.measures) {
      out += "| " + Cell(name) + " | " + std::to_string(list.size()) + " | " +
             Seconds(list.front()) + " | " + Seconds(NearestRankPercentile(list, 50)) + " | " +
             Seconds(NearestRankPercentile(list, 95)) + " | " +
             Seconds(NearestRankPercentile(list, 99)) + " | " + Seconds(list.back()) + " |\n";
    }
  }
  return out;
}

}  // namespace metallab::reports
