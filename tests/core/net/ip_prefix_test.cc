#include "core/net/ip_prefix.h"

#include <catch2/catch.hpp>

namespace metallab::net {
namespace {

TEST_CASE("prefixes clear host bits as Go's ParseCIDR does", "[net]") {
  const auto prefix = IpPrefix::Parse("192.168.1.77/24");
  REQUIRE(prefix);
  CHECK(prefix->ToString() == "192.168.1.0/24");
  CHECK(prefix->first().ToString() == "192.168.1.0");
  CHECK(prefix->last().ToString() == "192.168.1.255");
  CHECK(prefix->host_bits() == 8);
}

TEST_CASE("prefix lengths at the edges", "[net]") {
  CHECK(IpPrefix::Parse("0.0.0.0/0")->last().ToString() == "255.255.255.255");
  CHECK(IpPrefix::Parse("::/0")->last().ToString() == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  CHECK(IpPrefix::Parse("10.0.0.1/32")->last().ToString() == "10.0.0.1");
  CHECK(IpPrefix::Parse("2001:db8::/48")->last().ToString() == "2001:db8:0:ffff:ffff:ffff:ffff:ffff");
}

TEST_CASE("malformed prefixes are rejected", "[net]") {
  for (const char* text : {"10.0.0.0/33", "10.0.0.0", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/024",
                           "2001:db8::/129", "x/24", "10.0.0.0/2a"}) {
    INFO(text);
    CHECK_FALSE(IpPrefix::Parse(text));
  }
}

TEST_CASE("containment and overlap", "[net]") {
  const auto wide = *IpPrefix::Parse("10.0.0.0/8");
  const auto narrow = *IpPrefix::Parse("10.1.0.0/16");
  const auto other = *IpPrefix::Parse("11.0.0.0/8");
  CHECK(wide.Contains(narrow));
  CHECK_FALSE(narrow.Contains(wide));
  CHECK(wide.Overlaps(narrow));
  CHECK(narrow.Overlaps(wide));
  CHECK_FALSE(wide.Overlaps(other));
  CHECK(wide.Overlaps(wide));
  CHECK(wide.Contains(*IpAddress::Parse("10.255.255.255")));
  CHECK_FALSE(wide.Contains(*IpAddress::Parse("2001:db8::1")));
  CHECK_FALSE(IpPrefix::Parse("::/0")->Contains(wide));
}

}  // namespace
}  // namespace metallab::net
