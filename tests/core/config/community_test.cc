// BGP community strings in the CRD and legacy formats.
#include "core/config/community.h"

#include <catch2/catch.hpp>

namespace metallab::config {

TEST_CASE("ParseCommunity: the CRD format", "[community]") {
  struct Good {
    const char* text;
    CommunityValue value;
  };
  const Good good[] = {
      {"65535:65282", {false, 0, 65535, 65282}},
      {"0:0", {false, 0, 0, 0}},
      {"large:1:2:3", {true, 1, 2, 3}},
      {"large:4294967295:0:4294967295", {true, 4294967295u, 0, 4294967295u}},
  };
  for (const Good& g : good) {
    CAPTURE(g.text);
    const CommunityParse parsed = ParseCommunity(g.text);
    REQUIRE(parsed.value);
    CHECK(*parsed.value == g.value);
    CHECK(parsed.value->ToString() == g.text);
  }
  struct Bad {
    const char* text;
    const char* error;
    bool bad_format;
  };
  const Bad bad[] = {
      {"1:65536",
       "invalid community value: invalid section \"65536\" of community \"1:65536\", err: "
       "\"strconv.ParseUint: parsing \\\"65536\\\": value out of range\"",
       false},
      {"a:1",
       "invalid community value: invalid section \"a\" of community \"a:1\", err: "
       "\"strconv.ParseUint: parsing \\\"a\\\": invalid syntax\"",
       false},
      {"big:1:2:3",
       "invalid community value: invalid marker for large community, expected community to be "
       "of format large:<uint32>:<uint32>:<uint32> but got \"big:1:2:3\" instead",
       false},
      {"large:1:2:4294967296",
       "invalid community value: invalid section \"4294967296\" of community "
       "\"large:1:2:4294967296\", err: \"strconv.ParseUint: parsing \\\"4294967296\\\": value "
       "out of range\"",
       false},
      {"no-export", "invalid community format: no-export", true},
      {"1:2:3", "invalid community format: 1:2:3", true},
      {"", "invalid community format: ", true},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.text);
    const CommunityParse parsed = ParseCommunity(b.text);
    CHECK_FALSE(parsed.value);
    CHECK(parsed.error == b.error);
    CHECK(parsed.bad_format == b.bad_format);
  }
}

TEST_CASE("ParseLegacyCommunity: the ConfigMap format", "[community]") {
  const CommunityParse ok = ParseLegacyCommunity("64512:100");
  REQUIRE(ok.value);
  CHECK(ok.value->high == 64512);
  CHECK(ok.value->low == 100);
  CHECK(ParseLegacyCommunity("large:1:2:3").error == "invalid community string \"large:1:2:3\"");
  CHECK(ParseLegacyCommunity("x:1").error ==
        "invalid first section of community \"x\": strconv.ParseUint: parsing \"x\": invalid "
        "syntax");
  CHECK(ParseLegacyCommunity("1:x").error ==
        "invalid second section of community \"1\": strconv.ParseUint: parsing \"x\": invalid "
        "syntax");
}

}  // namespace metallab::config
