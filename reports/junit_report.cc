#include "reports/junit_report.h"

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
    if (expectation.passed) {
      xml += "/>\n";
    } else {
      xml +=
          ">\n      <failure message=\"" + Escape(expectation.detail) + "\"/>\n    </testcase>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace metallab::reports
