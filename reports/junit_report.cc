#include "reports/junit_report.h"

#include <map>

namespace metallab::reports {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string JunitReport(const sim::RunResult& result) {
  size_t failures = 0;
  for (const sim::ExpectationResult& e : result.expectations) failures += !e.passed;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites>\n  <testsuite name=\"" + Escape(result.scenario) + "\" tests=\"" +
         std::to_string(result.expectations.size()) + "\" failures=\"" + std::to_string(failures) +
         "\">\n";
  for (const sim::ExpectationResult& expectation : result.expectations) {
    xml += "    <testcase classname=\"" + Escape(result.scenario) + "\" name=\"" +
           Escape(expectation.text) + "\"";
    if (expectation.passed && expectation.detail.empty()) {
      xml += "/>\n";
    } else if (expectation.passed) {
      // What was measured, so a CI dashboard shows how close a passing case came.
      xml +=
          ">\n      <system-out>" + Escape(expectation.detail) + "</system-out>\n    </testcase>\n";
    } else {
      xml +=
          ">\n      <failure message=\"" + Escape(expectation.detail) + "\"/>\n    </testcase>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string SweepJunit(const SweepResult& result, const std::vector<std::string>& expectations) {
  std::vector<std::vector<std::string>> order;
  std::map<std::vector<std::string>, std::pair<size_t, std::map<std::string, size_t>>> groups;
  for (const RunSummary& run : result.runs) {
    auto [found, added] = groups.try_emplace(run.values);
    if (added) order.push_back(run.values);
    ++found->second.first;
    for (const std::string& text : run.broken) ++found->second.second[text];
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const auto& values : order) {
    const auto& [runs, broken] = groups[values];
    std::string suite = result.identity.scenario;
    for (size_t k = 0; k < values.size(); ++k) {
      suite += (k == 0 ? " " : ", ") + result.identity.vary[k].first + "=" + values[k];
    }
    size_t failures = 0;
    for (const std::string& text : expectations) failures += broken.contains(text);
    xml += "  <testsuite name=\"" + Escape(suite) + "\" tests=\"" +
           std::to_string(expectations.size()) + "\" failures=\"" + std::to_string(failures) +
           "\">\n";
    for (const std::string& text : expectations) {
      const auto found = broken.find(text);
      const std::string counted = std::to_string(found == broken.end() ? 0 : found->second) +
                                  " of " + std::to_string(runs) + " runs";
      xml += "    <testcase classname=\"" + Escape(suite) + "\" name=\"" + Escape(text) + "\"";
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
