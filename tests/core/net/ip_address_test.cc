#include "core/net/ip_address.h"

#include <catch2/catch.hpp>

namespace metallab::net {
namespace {

TEST_CASE("IPv4 text parses and prints as a dotted quad", "[net]") {
  const auto address = IpAddress::Parse("192.168.1.11");
  REQUIRE(address);
  CHECK(address->is_v4());
  CHECK(address->value() == 0xc0a8010b);
  CHECK(address->ToString() == "192.168.1.11");
}

TEST_CASE("malformed IPv4 text is rejected", "[net]") {
  for (const char* text : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
                           "1..2.3", "a.b.c.d", "1.2.3.-4", "1.2.3.4/32", "1234.1.1.1"}) {
    INFO(text);
    CHECK_FALSE(IpAddress::Parse(text));
  }
}

TEST_CASE("IPv6 text follows RFC 4291 and prints per RFC 5952", "[net]") {
  struct Case {
    const char* input;
    const char* canonical;
  };
  const Case cases[] = {
      {"2001:db8::1", "2001:db8::1"},
      {"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
      {"::", "::"},
      {"::1", "::1"},
      {"1::", "1::"},
      // §4.2.2: a single zero group is not compressed.
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
      // §4.2.3: the longest run is compressed; on ties, the first.
      {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},  // §5: IPv4-mapped keeps a dotted quad.
      {"::ffff:c000:201", "::ffff:192.0.2.1"},
      {"::fffe:c000:201", "::fffe:c000:201"},
      {"fe80::a:b:c:d", "fe80::a:b:c:d"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    const auto address = IpAddress::Parse(c.input);
    REQUIRE(address);
    CHECK(address->is_v6());
    CHECK(address->ToString() == c.canonical);
  }
}

TEST_CASE("malformed IPv6 text is rejected", "[net]") {
  for (const char* text : {":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1",
                           "fe80::1%eth0", "1:2:3:4:5:6:7", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"}) {
    INFO(text);
    CHECK_FALSE(IpAddress::Parse(text));
  }
}

TEST_CASE("addresses order by family then value", "[net]") {
  const auto v4 = *IpAddress::Parse("255.255.255.255");
  const auto v6 = *IpAddress::Parse("::");
  CHECK(v4 < v6);
  CHECK(*IpAddress::Parse("10.0.0.1") < *IpAddress::Parse("10.0.0.2"));
}

TEST_CASE("bytes are in network order", "[net]") {
  const auto bytes = IpAddress::Parse("192.0.2.7")->Bytes();
  CHECK(bytes[0] == 192);
  CHECK(bytes[3] == 7);
  const auto v6 = *IpAddress::Parse("2001:db8::ff");
  CHECK(IpAddress::FromBytes(v6.Bytes()) == v6);
}

TEST_CASE("buggy IPv4 addresses end in .0 or .255, IPv6 never", "[net]") {
  CHECK(IpAddress::Parse("10.0.0.0")->IsBuggyV4());
  CHECK(IpAddress::Parse("10.0.1.255")->IsBuggyV4());
  CHECK_FALSE(IpAddress::Parse("10.0.0.64")->IsBuggyV4());
  CHECK_FALSE(IpAddress::Parse("2001:db8::")->IsBuggyV4());
}

TEST_CASE("128-bit counts print in decimal", "[net]") {
  CHECK(Uint128ToString(0) == "0");
  CHECK(Uint128ToString(Uint128{1} << 64) == "18446744073709551616");
  CHECK(Uint128ToString(~Uint128{0}) == "340282366920938463463374607431768211455");
}

}  // namespace
}  // namespace metallab::net
