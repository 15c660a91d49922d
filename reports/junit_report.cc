#include "reports/junit_report.h"

#include <map>

#include "reports/markup_escape.h"

namespace metallab::reports {

std::string JunitReport(const sim::RunResult& result) {
  size_t failures = 0;
  for (const sim::ExpectationResult& e : result.expectations) failures += !e.passed;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites>\n  <testsuite name=\"" + EscapeMarkup(result.scenario) + "\" tests=\"" +
         std::to_string(result.expectations.size()) + "\" failures=\"" + std::to_string(failures) +
         "\">\n";
  for (const sim::ExpectationResult& expectation : result.expectations) {
    xml += "    <testcase classname=\"" + EscapeMarkup(result.scenario) + "\" name=\"" +
           EscapeMarkup(expectation.text) + "\"";
    if (expectation.passed && expectation.detail.empty()) {
      xml += "/>\n";
    } else if (expectation.passed) {
      // What was measured, so a CI dashboard shows how close a passing case came.
      xml += ">\n      <system-out>" + EscapeMarkup(expectation.detail) +
             "</system-out>\n    </testcase>\n";
    } else {
      xml += ">\n      <failure message=\"" + EscapeMarkup(expectation.detail) +
             "\"/>\n    </testcase>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string SweepJunit(const SweepResult& result, const std::vector<std::string>& expectations) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const RunGroup& group : GroupRuns(result)) {
    const std::vector<std::string>& values = group.values;
    const size_t runs = group.runs;
    const std::map<std::string, size_t>& broken = group.broken;
    std::string suite = result.identity.scenario;
    for (size_t k = 0; k < values.size(); ++k) {
      suite += (k == 0 ? " " : ", ") + result.identity.vary[k].first + "=" + values[k];
    }
    size_t failures = 0;
    for (const std::string& text : expectations) failures += broken.contains(text);
    xml += "  <testsuite name=\"" + EscapeMarkup(suite) + "\" tests=\"" +
           std::to_string(expectations.size()) + "\" failures=\"" + std::to_string(failures) +
           "\">\n";
    for (const std::string& text : expectations) {
      const auto found = broken.find(text);
      const std::string counted = std::to_string(found == broken.end() ? 0 : found->second) +
                                  " of " + std::to_string(runs) + " runs";
      xml += "    <testcase classname=\"" + EscapeMarkup(suite) + "\" name=\"" +
             EscapeMarkup(text) + "\"";
      if (found == broken.end()) {
        xml += ">\n      <system-out>broken in " + counted + "</system-out>\n    </testcase>\n";
      } else {
        xml += ">\n      <failure message=\"broken in " + counted + "\"/>\n    </testcase>\n";
      }
    }
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace metallab::reports
