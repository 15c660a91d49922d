// Go's duration text (time.ParseDuration, Duration.String) and the bits of Go formatting that
// MetalLB's messages are made of.
#include "core/config/duration.h"

#include <climits>
#include <string>
#include <string_view>
#include <variant>

#include <catch2/catch.hpp>

#include "core/config/go_text.h"

namespace metallab::config {

TEST_CASE("ParseGoDuration accepts what Go accepts", "[duration]") {
  struct Case {
    const char* text;
    int64_t nanoseconds;
  };
  const Case cases[] = {
      {"0", 0},
      {"+0", 0},
      {"-0", 0},
      {"90s", 90 * kNanosPerSecond},
      {"1m30s", 90 * kNanosPerSecond},
      {"1h", 3600 * kNanosPerSecond},
      {"1.5s", 1'500'000'000},
      {".5s", 500'000'000},
      {"5.s", 5 * kNanosPerSecond},
      {"500ms", 500'000'000},
      {"10us", 10'000},
      {"10\xc2\xb5s", 10'000},
      {"10\xce\xbcs", 10'000},
      {"7ns", 7},
      {"-2s", -2 * kNanosPerSecond},
      {"1h2m3s4ms5us6ns", 3'723'004'005'006},
      {"1.000000001s", 1'000'000'001},
      {"0.1234567891s", 123'456'789},  // digits below a nanosecond are dropped
      {"9223372036854775807ns", INT64_MAX},
      {"-9223372036854775808ns", INT64_MIN},
      {"2562047h", 2562047LL * 3600 * kNanosPerSecond},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    const auto parsed = ParseGoDuration(c.text, &error);
    INFO(error);
    REQUIRE(parsed);
    CHECK(*parsed == c.nanoseconds);
  }
}

TEST_CASE("ParseGoDuration rejects with Go's messages", "[duration]") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"", "time: invalid duration \"\""},
      {"-", "time: invalid duration \"-\""},
      {"s", "time: invalid duration \"s\""},
      {".s", "time: invalid duration \".s\""},
      {"90", "time: missing unit in duration \"90\""},
      {"1m30", "time: missing unit in duration \"1m30\""},
      {"10x", "time: unknown unit \"x\" in duration \"10x\""},
      {"10 s", "time: unknown unit \" s\" in duration \"10 s\""},
      {"1d", "time: unknown unit \"d\" in duration \"1d\""},
      {"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
      {"2562048h", "time: invalid duration \"2562048h\""},
      {"99999999999999999999s", "time: invalid duration \"99999999999999999999s\""},
      {"\xc3\xa9s", "time: invalid duration \"\\xc3\\xa9s\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    CHECK_FALSE(ParseGoDuration(c.text, &error));
    CHECK(error == c.error);
  }
}

// Inputs on which sim/scenario's old parser of its own disagreed with this one (and with Go):
// the values here are Go's, which scenarios now read too.
TEST_CASE("ParseGoDuration reads with Go's integer arithmetic and truncation", "[duration]") {
  struct Case {
    const char* text;
    int64_t nanoseconds;
  };
  const Case cases[] = {
      {"+1s", kNanosPerSecond},
      {"-1s", -kNanosPerSecond},
      {"-0s", 0},
      {"1h2m3.5s", 3'723'500'000'000},
      {"1.s", kNanosPerSecond},
      // Below a nanosecond Go truncates each number; rounding the sum gave 2, 3, 1 and 1.
      {"1.5ns", 1},
      {"2.5ns", 2},
      {"0.9ns", 0},
      {"0.5ns0.5ns", 0},
      {"1.0000000005s", 1'000'000'000},
      {"646.5515us", 646'551},
      // Exact where a double sum lost the last nanosecond (or gained one).
      {"100000000.000000001s", 100'000'000'000'000'001},
      {"1000000h0.000000001s", 3'600'000'000'000'000'001},
      {"586.46h131.24h", 2'583'720'000'000'000},
      {"1300000h", 4'680'000'000'000'000'000},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    std::string error;
    const auto parsed = ParseGoDuration(c.text, &error);
    INFO(error);
    REQUIRE(parsed);
    CHECK(*parsed == c.nanoseconds);
  }
}

TEST_CASE("ParseGoDuration says what is wrong and where", "[duration]") {
  struct Case {
    const char* text;
    DurationError error;
  };
  const Case cases[] = {
      {"", {DurationFault::kEmpty, 0, 0}},
      {"-", {DurationFault::kExpectedNumber, 1, 0}},
      {"soon", {DurationFault::kExpectedNumber, 0, 0}},
      {"1s 2s", {DurationFault::kUnknownUnit, 1, 2}},
      {"1s-1s", {DurationFault::kUnknownUnit, 1, 2}},
      {"1s.s", {DurationFault::kNoDigits, 2, 1}},
      {".", {DurationFault::kNoDigits, 0, 1}},
      {"1", {DurationFault::kMissingUnit, 1, 0}},
      {"1.2.3s", {DurationFault::kMissingUnit, 3, 0}},
      {"1..2s", {DurationFault::kMissingUnit, 2, 0}},
      {"1x", {DurationFault::kUnknownUnit, 1, 1}},
      {"1m30", {DurationFault::kMissingUnit, 4, 0}},
      {"2562048h", {DurationFault::kOverflow, 0, 8}},
      {"9223372036854775808ns", {DurationFault::kOverflow, 0, 21}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto parsed = ParseGoDuration(std::string_view(c.text));
    REQUIRE(std::holds_alternative<DurationError>(parsed));
    CHECK(std::get<DurationError>(parsed) == c.error);
  }
  CHECK(GoDurationErrorText("1.2.3s", {DurationFault::kMissingUnit, 3, 0}) ==
        "time: missing unit in duration \"1.2.3s\"");
  CHECK(GoDurationErrorText("1s-1s", {DurationFault::kUnknownUnit, 1, 2}) ==
        "time: unknown unit \"s-\" in duration \"1s-1s\"");
  CHECK(GoDurationErrorText("soon", {DurationFault::kExpectedNumber, 0, 0}) ==
        "time: invalid duration \"soon\"");
}

TEST_CASE("FormatGoDuration prints as Go's Duration.String", "[duration]") {
  struct Case {
    int64_t nanoseconds;
    const char* text;
  };
  const Case cases[] = {
      {0, "0s"},
      {1, "1ns"},
      {1'100, "1.1\xc2\xb5s"},
      {2'200'000, "2.2ms"},
      {500'000'000, "500ms"},
      {kNanosPerSecond, "1s"},
      {1'500'000'000, "1.5s"},
      {90 * kNanosPerSecond, "1m30s"},
      {3600 * kNanosPerSecond, "1h0m0s"},
      {-2 * kNanosPerSecond, "-2s"},
      {72 * 3600 * kNanosPerSecond + 3 * kNanosPerSecond, "72h0m3s"},
      {INT64_MIN, "-2562047h47m16.854775808s"},
      {INT64_MAX, "2562047h47m16.854775807s"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.nanoseconds);
    CHECK(FormatGoDuration(c.nanoseconds) == c.text);
  }
}

TEST_CASE("GoQuote and ParseGoUint", "[go]") {
  CHECK(GoQuote("plain") == "\"plain\"");
  CHECK(GoQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(GoQuote("tab\tnl\n\x01") == "\"tab\\tnl\\n\\x01\"");
  CHECK(GoQuote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  std::string error;
  CHECK(ParseGoUint("65535", 16, &error) == 65535u);
  CHECK(ParseGoUint("007", 16, &error) == 7u);
  CHECK_FALSE(ParseGoUint("65536", 16, &error));
  CHECK(error == "strconv.ParseUint: parsing \"65536\": value out of range");
  CHECK_FALSE(ParseGoUint("-1", 16, &error));
  CHECK(error == "strconv.ParseUint: parsing \"-1\": invalid syntax");
  CHECK_FALSE(ParseGoUint("", 32, &error));
  CHECK(error == "strconv.ParseUint: parsing \"\": invalid syntax");
  CHECK_FALSE(ParseGoUint("99999999999x", 32, &error));
  CHECK(error == "strconv.ParseUint: parsing \"99999999999x\": invalid syntax");
  CHECK(ParseGoUint("4294967295", 32, &error) == 4294967295u);
  CHECK(ParseGoUint("18446744073709551615", 64, &error) == ~uint64_t{0});
  CHECK_FALSE(ParseGoUint("18446744073709551616", 64, &error));
}

}  // namespace metallab::config

namespace metallab::config {

TEST_CASE("GoQuote and ShortText cut very long text", "[go]") {
  const std::string long_text(1000, 'a');
  CHECK(GoQuote(long_text) == "\"" + std::string(kMaxQuoted, 'a') + "\"... (1000 bytes)");
  CHECK(ShortText(long_text) == std::string(kMaxQuoted, 'a') + "... (1000 bytes)");
  // Never inside a UTF-8 character.
  const std::string accents = std::string(kMaxQuoted - 1, 'a') + "\xc3\xa9\xc3\xa9";
  CHECK(ShortText(accents) ==
        std::string(kMaxQuoted - 1, 'a') + "... (" + std::to_string(accents.size()) + " bytes)");
  CHECK(ShortText("short") == "short");
}

}  // namespace metallab::config
