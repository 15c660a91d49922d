// Pool address entries: CIDRs, ranges, summarization, and the profiles' range rules.
#include "core/config/pool_address.h"

#include <catch2/catch.hpp>

namespace metallab::config {
namespace {

std::string Cidrs(const PoolAddressParse& parsed) {
  std::string out;
  for (const auto& cidr : parsed.cidrs) out += (out.empty() ? "" : " ") + cidr.ToString();
  return out;
}

}  // namespace

TEST_CASE("ParsePoolAddress summarizes into ascending CIDRs", "[address]") {
  struct Case {
    const char* text;
    const char* cidrs;
  };
  const Case cases[] = {
      {"192.168.1.0/24", "192.168.1.0/24"},
      {"192.168.1.77/24", "192.168.1.0/24"},
      {"192.168.1.11-192.168.1.13", "192.168.1.11/32 192.168.1.12/31"},
      {"192.168.1.0 - 192.168.1.255", "192.168.1.0/24"},
      {"10.0.0.0-10.0.0.0", "10.0.0.0/32"},
      {"0.0.0.0-255.255.255.255", "0.0.0.0/0"},
      {"10.0.0.1-10.0.0.6", "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32"},
      {"fc00::/64", "fc00::/64"},
      {"fc00::1-fc00::2", "fc00::1/128 fc00::2/128"},
      {"::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const PoolAddressParse parsed = ParsePoolAddress(c.text, BehaviourProfile::kCurrent);
    CHECK(parsed.error.empty());
    CHECK(Cidrs(parsed) == c.cidrs);
  }
  // The worst case a single entry can produce: bounded by twice the address width.
  const PoolAddressParse wide =
      ParsePoolAddress("::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", BehaviourProfile::kCurrent);
  CHECK(wide.cidrs.size() == 254);
}

TEST_CASE("ParsePoolAddress errors", "[address]") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"10.0.0.0/33", "invalid CIDR \"10.0.0.0/33\""},
      {"10.0.0.0", "invalid CIDR \"10.0.0.0\""},
      {" 10.0.0.0/8", "invalid CIDR \" 10.0.0.0/8\""},
      {"010.0.0.0/8", "invalid CIDR \"010.0.0.0/8\""},
      {"fc00::/129", "invalid CIDR \"fc00::/129\""},
      {"a-10.0.0.1", "invalid IP range \"a-10.0.0.1\": invalid start IP \"a\""},
      {"10.0.0.1 -b ", "invalid IP range \"10.0.0.1 -b \": invalid end IP \"b \""},
      {"10.0.0.1-10.0.0.2-10.0.0.3",
       "invalid IP range \"10.0.0.1-10.0.0.2-10.0.0.3\": invalid end IP \"10.0.0.2-10.0.0.3\""},
      {"10.0.0.0/24-10.0.1.0",
       "invalid IP range \"10.0.0.0/24-10.0.1.0\": invalid start IP \"10.0.0.0/24\""},
      {"10.0.0.9-10.0.0.1",
       "invalid IP range \"10.0.0.9-10.0.0.1\": start IP \"10.0.0.9\" is after the end IP "
       "\"10.0.0.1\""},
      {"10.0.0.9-::1",
       "invalid IP range \"10.0.0.9-::1\": start IP \"10.0.0.9\" and end IP \"::1\" are not of "
       "the same IP family"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const PoolAddressParse parsed = ParsePoolAddress(c.text, BehaviourProfile::kCurrent);
    CHECK(parsed.error == c.error);
    CHECK(parsed.cidrs.empty());
  }
}

TEST_CASE("v0.9 accepts reversed and mixed ranges and takes nothing from them", "[address]") {
  for (const char* text : {"10.0.0.9-10.0.0.1", "10.0.0.9-::1"}) {
    CAPTURE(text);
    const PoolAddressParse parsed = ParsePoolAddress(text, BehaviourProfile::kV0_9);
    CHECK(parsed.error.empty());
    CHECK(parsed.cidrs.empty());
    CHECK_FALSE(parsed.note.empty());
  }
  CHECK(ParsePoolAddress("x-10.0.0.1", BehaviourProfile::kV0_9).error ==
        "invalid IP range \"x-10.0.0.1\": invalid start IP \"x\"");
}

}  // namespace metallab::config
