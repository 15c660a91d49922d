#include "core/net/ip_range.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace metallab::net {
namespace {

std::vector<std::string> Summarize(const char* first, const char* last) {
  const auto range = IpRange::Make(*IpAddress::Parse(first), *IpAddress::Parse(last));
  REQUIRE(range);
  std::vector<std::string> out;
  for (const IpPrefix& prefix : range->ToPrefixes()) out.push_back(prefix.ToString());
  return out;
}

TEST_CASE("a range summarizes into the minimal ascending CIDR list", "[net]") {
  using V = std::vector<std::string>;
  CHECK(Summarize("192.168.1.11", "192.168.1.13") == V{"192.168.1.11/32", "192.168.1.12/31"});
  CHECK(Summarize("10.0.0.0", "10.0.0.255") == V{"10.0.0.0/24"});
  CHECK(Summarize("10.0.0.1", "10.0.0.1") == V{"10.0.0.1/32"});
  CHECK(Summarize("10.0.0.1", "10.0.0.6") ==
        V{"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"});
  CHECK(Summarize("0.0.0.0", "255.255.255.255") == V{"0.0.0.0/0"});
  CHECK(Summarize("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == V{"::/0"});
  CHECK(Summarize("2001:db8::1", "2001:db8::4") ==
        V{"2001:db8::1/128", "2001:db8::2/127", "2001:db8::4/128"});
  CHECK(Summarize("255.255.255.254", "255.255.255.255") == V{"255.255.255.254/31"});
}

TEST_CASE("a summary covers exactly the range", "[net]") {
  const auto range = *IpRange::Make(*IpAddress::Parse("10.0.3.7"), *IpAddress::Parse("10.9.0.200"));
  const auto prefixes = range.ToPrefixes();
  REQUIRE_FALSE(prefixes.empty());
  CHECK(prefixes.front().first() == range.first());
  CHECK(prefixes.back().last() == range.last());
  for (size_t k = 1; k < prefixes.size(); ++k) {
    CHECK(prefixes[k].first().value() == prefixes[k - 1].last().value() + 1);
  }
  // Minimal: at most 2 prefixes per bit of width.
  CHECK(prefixes.size() <= 62);
}

TEST_CASE("ranges reject reversed ends and mixed families", "[net]") {
  CHECK_FALSE(IpRange::Make(*IpAddress::Parse("10.0.0.2"), *IpAddress::Parse("10.0.0.1")));
  CHECK_FALSE(IpRange::Make(*IpAddress::Parse("10.0.0.1"), *IpAddress::Parse("::1")));
}

TEST_CASE("range overlap and containment", "[net]") {
  const IpRange a(*IpPrefix::Parse("10.0.0.0/24"));
  const IpRange b(*IpPrefix::Parse("10.0.0.128/25"));
  const IpRange c(*IpPrefix::Parse("10.0.1.0/24"));
  CHECK(a.Overlaps(b));
  CHECK_FALSE(a.Overlaps(c));
  CHECK(a.Contains(*IpAddress::Parse("10.0.0.255")));
  CHECK(a.SizeMinusOne() == 255);
  CHECK(a.ToString() == "10.0.0.0-10.0.0.255");
}

}  // namespace
}  // namespace metallab::net
