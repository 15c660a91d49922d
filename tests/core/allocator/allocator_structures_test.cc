// The building blocks under the allocator: the flat hash index, per-CIDR usage with the
// avoidBuggyIPs numbering, and Go-style quoting.
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "core/allocator/cidr_usage.h"
#include "core/allocator/flat_index.h"
#include "core/allocator/go_format.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::allocator {
namespace {

using testing::Ip;

TEST_CASE("flat index agrees with std::map under random inserts and erases",
          "[allocator][structures]") {
  // Keys live outside the index, as allocation records do; a few buckets force collisions.
  std::vector<uint64_t> keys(4096);
  const auto hash_of = [&](uint32_t handle) { return static_cast<size_t>(keys[handle] % 97); };
  FlatIndex index;
  std::map<uint64_t, uint32_t> reference;
  std::mt19937 rng(7);
  for (int step = 0; step < 20000; ++step) {
    const uint64_t key = rng() % 600;
    const auto matches = [&](uint32_t handle) { return keys[handle] == key; };
    const auto found = index.Find(key % 97, matches);
    const auto expected = reference.find(key);
    REQUIRE(found.has_value() == (expected != reference.end()));
    if (found) REQUIRE(*found == expected->second);
    if (rng() % 2 && !found) {
      const uint32_t handle = static_cast<uint32_t>(step % keys.size());
      if (std::any_of(reference.begin(), reference.end(),
                      [&](const auto& kv) { return kv.second == handle; })) {
        continue;
      }
      keys[handle] = key;
      index.Insert(key % 97, handle, hash_of);
      reference[key] = handle;
    } else if (found) {
      REQUIRE(index.Erase(key % 97, matches, hash_of));
      reference.erase(key);
    }
    REQUIRE(index.size() == reference.size());
  }
}

TEST_CASE("cidr usage: first free address in plain and avoidBuggyIPs numbering",
          "[allocator][structures]") {
  CidrUsage plain(*net::IpPrefix::Parse("10.0.0.0/23"), false);
  CHECK(plain.FirstFree() == Ip("10.0.0.0").value());
  for (int i = 0; i < 300; ++i) plain.MarkUsed(Ip("10.0.0.0").value() + i);
  CHECK(plain.FirstFree() == Ip("10.0.1.44").value());
  CHECK(plain.interval_count() == 1);

  CidrUsage buggy(*net::IpPrefix::Parse("10.0.0.0/22"), true);
  CHECK(buggy.FirstFree() == Ip("10.0.0.1").value());
  CHECK_FALSE(buggy.Usable(Ip("10.0.1.255")));
  CHECK_FALSE(buggy.Usable(Ip("10.0.2.0")));
  CHECK(buggy.Usable(Ip("10.0.2.1")));
  // Fill .1-.254 of the first two /24s: one interval in the skipping numbering, so the search
  // jumps straight to 10.0.2.1 instead of stepping over .255/.0 pairs.
  for (int block = 0; block < 2; ++block) {
    for (int octet = 1; octet <= 254; ++octet) {
      buggy.MarkUsed(Ip("10.0.0.0").value() + block * 256 + octet);
    }
  }
  CHECK(buggy.interval_count() == 1);
  CHECK(buggy.FirstFree() == Ip("10.0.2.1").value());
  buggy.MarkFree(Ip("10.0.1.7").value());
  CHECK(buggy.FirstFree() == Ip("10.0.1.7").value());

  CHECK_FALSE(CidrUsage(*net::IpPrefix::Parse("10.0.0.255/32"), true).FirstFree());
  CHECK_FALSE(CidrUsage(*net::IpPrefix::Parse("10.0.0.0/32"), true).FirstFree());
  CHECK(CidrUsage(*net::IpPrefix::Parse("10.0.0.254/31"), true).FirstFree() ==
        Ip("10.0.0.254").value());
  CHECK(CidrUsage(*net::IpPrefix::Parse("2001:db8::/120"), true).FirstFree() ==
        Ip("2001:db8::").value());
}

TEST_CASE("Go quoting", "[allocator][structures]") {
  CHECK(GoQuote("plain") == "\"plain\"");
  CHECK(GoQuote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(GoQuote("tab\tnl\n") == R"("tab\tnl\n")");
  CHECK(GoQuote(std::string("\x01", 1)) == R"("\x01")");
  CHECK(GoQuote("h\xc3\xa9") == "\"h\xc3\xa9\"");  // valid UTF-8 is kept
  CHECK(GoQuote("\xff") == R"("\xff")");
  CHECK(GoQuoteList(std::vector<std::string>{"a", "b"}) == R"(["a" "b"])");
  CHECK(GoQuoteList(std::vector<std::string>{}) == "[]");
  CHECK(GoList({"10.96.0.1", "fd00::1"}) == "[10.96.0.1 fd00::1]");
}

}  // namespace
}  // namespace metallab::allocator
