#include "sim/scenario/duration_text.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

TEST_CASE("durations read as Go writes them", "[scenario]") {
  const std::vector<std::pair<std::string, SimDuration>> good = {
      {"0", 0},
      {"12s", Seconds(12)},
      {"500ms", Milliseconds(500)},
      {"1m30s", Seconds(90)},
      {"1.5s", Milliseconds(1500)},
      {"250us", Microseconds(250)},
      {"250µs", Microseconds(250)},
      {"2h", Seconds(7200)},
      {"7ns", 7},
  };
  for (const auto& [text, value] : good) {
    INFO(text);
    std::string error;
    CHECK(ParseDuration(text, &error) == value);
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "\"\" is not a duration: empty"},
      {"12", "\"12\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"-1s", "\"-1s\" is not a duration: expected a number at \"-1s\""},
      {"1d", "\"1d\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"1..2s", "\"1..2s\" is not a duration: bad number 1..2"},
      {"99999999999h", "\"99999999999h\" is not a duration: too long"},
  };
  for (const auto& [text, message] : bad) {
    INFO(text);
    std::string error;
    CHECK_FALSE(ParseDuration(text, &error));
    CHECK(error == message);
  }
}

TEST_CASE("durations print the way people write them", "[scenario]") {
  CHECK(FormatDuration(0) == "0s");
  CHECK(FormatDuration(Milliseconds(200)) == "200ms");
  CHECK(FormatDuration(Seconds(12)) == "12s");
  CHECK(FormatDuration(Seconds(90)) == "1m30s");
  CHECK(FormatDuration(Seconds(120)) == "2m");
  CHECK(FormatDuration(Seconds(6) + 33824) == "6.000033824s");
  CHECK(FormatDuration(Milliseconds(1500)) == "1.5s");
  CHECK(FormatDuration(7) == "0.000000007s");
}

}  // namespace
}  // namespace metallab::sim
