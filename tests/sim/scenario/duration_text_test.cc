#include "sim/scenario/duration_text.h"

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/config/duration.h"

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
      {"-1s", "\"-1s\" is not a duration: negative"},
      {"1d", "\"1d\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"1..2s", "\"1..2s\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"99999999999h", "\"99999999999h\" is not a duration: too long"},
  };
  for (const auto& [text, message] : bad) {
    INFO(text);
    std::string error;
    CHECK_FALSE(ParseDuration(text, &error));
    CHECK(error == message);
  }
}

// The inputs on which this reader, when it had a parser of its own (a double sum, rounded),
// disagreed with core/config's Go parser. Now it reads Go's values and keeps two restrictions
// of its own on top: no negative durations, none above INT64_MAX / 2.
TEST_CASE("scenario durations are Go's, less negative and very long ones", "[scenario]") {
  const std::vector<std::pair<std::string, SimDuration>> now_read = {
      {"+1s", Seconds(1)},                // was refused: expected a number
      {"+0", 0},                          // was refused: expected a number
      {"-0", 0},                          // was refused: expected a number (it is not negative)
      {"-0s", 0},                         // likewise
      {"10\xce\xbcs", Microseconds(10)},  // Greek mu, was an unknown unit
      {"1.5ns", 1},                       // was 2: Go truncates below a nanosecond
      {"0.5ns0.5ns", 0},                  // was 1
      {"1.0000000005s", Seconds(1)},      // was 1000000001
      {"646.5515us", 646'551},            // was 646552
      {"586.46h131.24h", 2'583'720'000'000'000},             // was one more
      {"100000000.000000001s", 100'000'000'000'000'001},     // was ...000
      {"1000000h0.000000001s", 3'600'000'000'000'000'001},   // was ...000
      {"4611686018427387903ns", 4'611'686'018'427'387'903},  // INT64_MAX / 2, the longest
  };
  for (const auto& [text, value] : now_read) {
    INFO(text);
    std::string error;
    const auto parsed = ParseDuration(text, &error);
    INFO(error);
    CHECK(parsed == value);
    CHECK(config::ParseGoDuration(text, &error) == value);
  }
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"-1s", "\"-1s\" is not a duration: negative"},
      {"-1ns", "\"-1ns\" is not a duration: negative"},
      // Go reads these. The old reader let the first two through (its double compare took them
      // for 2^62, and read the second as ...904); the others were too long for it as well.
      {"4611686018427387904ns", "\"4611686018427387904ns\" is not a duration: too long"},
      {"4611686018427387905ns", "\"4611686018427387905ns\" is not a duration: too long"},
      {"1300000h", "\"1300000h\" is not a duration: too long"},
      {"9223372036854775807ns", "\"9223372036854775807ns\" is not a duration: too long"},
      // Refused by both parsers all along; the words now follow Go's reading.
      {"soon", "\"soon\" is not a duration: expected a number at \"soon\""},
      {"-", "\"-\" is not a duration: expected a number at the end"},
      {".s", "\".s\" is not a duration: bad number ."},
      {"1.2.3s", "\"1.2.3s\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"1s-1s", "\"1s-1s\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"1s 2s", "\"1s 2s\" is not a duration: missing or unknown unit (use ns, us, ms, s, m, h)"},
      {"2562048h", "\"2562048h\" is not a duration: too long"},
  };
  for (const auto& [text, message] : refused) {
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
