#include <catch2/catch.hpp>

#include "reports/junit_report.h"
#include "reports/markdown_summary.h"

namespace metallab::reports {
namespace {

TEST_CASE("the Markdown summary: expectations with what was measured, cells escaped", "[reports]") {
  sim::RunResult result;
  result.scenario = "s";
  result.seed = 3;
  result.end = 90'000'000'000;
  result.expectations = {{"probe p longest outage ≤ 5s", true, "longest outage 4s"},
                         {"a | b", false, "no event says so"}};
  const std::string markdown = RunMarkdown(result);
  CHECK(markdown.starts_with("### metallab run s: 1 of 2 expectations hold\n"));
  CHECK(markdown.find("| pass | probe p longest outage ≤ 5s | longest outage 4s |") !=
        std::string::npos);
  CHECK(markdown.find("| **FAIL** | a \\| b | no event says so |") != std::string::npos);
}

TEST_CASE("a sweep's JUnit: per combination, each expectation with its broken count", "[reports]") {
  SweepResult sweep;
  sweep.identity = {"s", "00", 1, 2, {}, {{"memberlist.suspicionMult", {"2", "4"}}}};
  sweep.runs = {{0, 1, {"2"}, true, {}, {}},
                {1, 2, {"2"}, true, {}, {}},
                {2, 1, {"4"}, false, {"b"}, {}},
                {3, 2, {"4"}, true, {}, {}}};
  const std::string xml = SweepJunit(sweep, {"a", "b"});
  CHECK(xml.find("<testsuite name=\"s memberlist.suspicionMult=2\" tests=\"2\" failures=\"0\">") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"s memberlist.suspicionMult=4\" tests=\"2\" failures=\"1\">") !=
        std::string::npos);
  CHECK(xml.find("<failure message=\"broken in 1 of 2 runs\"/>") != std::string::npos);
  CHECK(xml.find("<system-out>broken in 0 of 2 runs</system-out>") != std::string::npos);
}

TEST_CASE("a passing JUnit case carries its measured value", "[reports]") {
  sim::RunResult result;
  result.scenario = "s";
  result.expectations = {{"probe p longest outage ≤ 5s", true, "longest outage 4s"},
                         {"quiet", true, ""}};
  const std::string xml = JunitReport(result);
  CHECK(xml.find("<system-out>longest outage 4s</system-out>") != std::string::npos);
  CHECK(xml.find("name=\"quiet\"/>") != std::string::npos);
}

}  // namespace
}  // namespace metallab::reports
