#include "daemon/json_log.h"

#include <cstdio>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace metallab::daemon {
namespace {

std::string Logged(LogLevel threshold, LogLevel level, const LogFields& fields) {
  char* text = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  JsonLog(threshold, out).Write(level, "hello", fields);
  std::fclose(out);
  std::string line(text, size);
  std::free(text);  // NOLINT: open_memstream's buffer
  return line;
}

TEST_CASE("a log line is one JSON object whatever a peer sent") {
  const std::string line =
      Logged(LogLevel::kInfo, LogLevel::kWarn,
             {{"member", std::string("evil\n\"name\"\xff")}, {"count", uint64_t{3}}});
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);
  const auto json = nlohmann::json::parse(line);
  CHECK(json["level"] == "warn");
  CHECK(json["msg"] == "hello");
  CHECK(json["count"] == 3);
  CHECK(json["member"].get<std::string>().substr(0, 11) == "evil\n\"name\"");
  CHECK(json["ts"].get<std::string>().back() == 'Z');
}

TEST_CASE("lines below the level are not written") {
  CHECK(Logged(LogLevel::kWarn, LogLevel::kInfo, {}).empty());
  CHECK(ParseLogLevel("debug") == LogLevel::kDebug);
  CHECK_FALSE(ParseLogLevel("loud"));
}

}  // namespace
}  // namespace metallab::daemon
