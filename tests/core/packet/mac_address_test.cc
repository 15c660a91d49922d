#include "core/packet/mac_address.h"

#include <sstream>

#include <catch2/catch.hpp>

namespace metallab::packet {
namespace {

TEST_CASE("a MAC address parses from and prints as six colon-separated pairs", "[mac]") {
  const auto parsed = MacAddress::Parse("02:42:AC:11:00:0f");
  REQUIRE(parsed);
  CHECK(parsed->ToString() == "02:42:ac:11:00:0f");
  CHECK(*parsed == MacAddress("02:42:ac:11:00:0f"));
  CHECK(parsed->bytes() == MacAddress::Bytes{0x02, 0x42, 0xac, 0x11, 0x00, 0x0f});
  std::ostringstream out;
  out << *parsed;
  CHECK(out.str() == "02:42:ac:11:00:0f");
}

TEST_CASE("malformed MAC address text is refused", "[mac]") {
  for (const char* text : {"", "02:42:ac:11:00", "02:42:ac:11:00:0f:00", "02-42-ac-11-00-0f",
                           "02:42:ac:11:00:0g", "2:42:ac:11:00:0f0", "02:42:ac:11:00:0f "}) {
    INFO(text);
    CHECK_FALSE(MacAddress::Parse(text));
  }
}

TEST_CASE("a MAC address reads six bytes of a frame and knows its group bit", "[mac]") {
  const uint8_t frame[] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0xff};
  const MacAddress multicast(frame);
  CHECK(multicast == MacAddress("33:33:00:00:00:01"));
  CHECK(multicast.IsMulticast());
  CHECK_FALSE(multicast.IsBroadcast());
  CHECK(kBroadcastMac.IsBroadcast());
  CHECK(kBroadcastMac.IsMulticast());
  CHECK_FALSE(MacAddress("02:00:00:00:00:01").IsMulticast());
  CHECK(MacAddress() == MacAddress("00:00:00:00:00:00"));
  CHECK(MacAddress("02:00:00:00:00:01") < MacAddress("02:00:00:00:00:02"));
}

}  // namespace
}  // namespace metallab::packet
