#include "sim/apps/curl_command.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

TEST_CASE("curl -m refuses numbers that are not finite", "[apps]") {
  for (const char* seconds : {"nan", "NAN", "-nan", "inf", "infinity", "1e999"}) {
    INFO(seconds);
    std::string error;
    CHECK_FALSE(ParseCurlCommand(std::string("curl -m ") + seconds + " 192.168.1.11", &error));
    CHECK(error == "-m needs a number of seconds (0 < s <= 86400)");
  }
}

}  // namespace
}  // namespace metallab::sim
