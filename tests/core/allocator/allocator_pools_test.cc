// Spec §2.6 (pool accounting) and §2.7 (pool changes: revocation, re-keying, v0.9 refusal).
#include <catch2/catch.hpp>

#include "core/allocator/allocator.h"
#include "core/allocator/pool_capacity.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::allocator {
namespace {

using testing::Ip;
using testing::MakePool;
using testing::Request;
using testing::Shared;
using testing::Texts;
using Strings = std::vector<std::string>;

TEST_CASE("capacity per CIDR", "[allocator][capacity]") {
  struct Case {
    std::string cidr;
    bool avoid_buggy;
    int64_t capacity;
  };
  const std::vector<Case> cases = {
      {"10.0.0.0/24", false, 256},
      {"10.0.0.0/24", true, 254},
      {"10.0.0.0/22", true, 1024 - 8},
      {"10.0.0.0/8", true, (int64_t{1} << 24) - 2 * 65536},
      {"10.0.0.0/25", true, 127},    // starts on .0
      {"10.0.0.128/25", true, 127},  // ends on .255
      {"10.0.0.64/26", true, 64},    // neither
      {"10.0.0.0/32", true, 0},
      {"10.0.0.255/32", true, 0},
      {"10.0.0.254/31", true, 1},
      {"2001:db8::/120", true, 256},  // IPv6 is never skipped
      {"2001:db8::/67", false, int64_t{1} << 61},
      {"2001:db8::/66", false, kInfiniteCapacity},  // 62 host bits
      {"2001:db8::/64", false, kInfiniteCapacity},
  };
  for (const auto& c : cases) {
    CAPTURE(c.cidr, c.avoid_buggy);
    CHECK(CidrCapacity(*net::IpPrefix::Parse(c.cidr), c.avoid_buggy) == c.capacity);
  }
}

TEST_CASE("capacity per pool and family, saturating at MaxInt64", "[allocator][capacity]") {
  CHECK(CapacityOf(MakePool("p", {"192.168.1.11-192.168.1.13"})) == PoolCapacity{3, 3, 0});
  CHECK(CapacityOf(MakePool("p", {"10.0.0.0/24", "2001:db8::/120"})) ==
        PoolCapacity{512, 256, 256});
  CHECK(CapacityOf(MakePool("p", {"2001:db8::/64", "10.0.0.0/24"})) ==
        PoolCapacity{kInfiniteCapacity, 256, kInfiniteCapacity});
  CHECK(CapacityOf(MakePool("p", {"10.0.0.0/24", "2001:db8::/64", "2001:db8:1::/120"})) ==
        PoolCapacity{kInfiniteCapacity, 256, kInfiniteCapacity});
}

TEST_CASE("in-use counters per family, a shared address counts once", "[allocator][capacity]") {
  Allocator allocator;
  REQUIRE_FALSE(allocator.SetPools({MakePool("p", {"10.0.0.0/24", "2001:db8::/64"})}));
  auto dual = Request("ns/dual", ServiceFamily::kDualStack);
  dual.policy = k8s::IpFamilyPolicy::kRequireDualStack;
  REQUIRE(allocator.Allocate(dual).ok());
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/a"), "k", {{"TCP", 1}}), {Ip("10.0.0.9")}));
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/b"), "k", {{"TCP", 2}}), {Ip("10.0.0.9")}));
  auto usage = allocator.Usage("p");
  CHECK(usage.in_use_v4 == 2);
  CHECK(usage.in_use_v6 == 1);
  CHECK(usage.in_use_total == 3);
  CHECK(usage.available_v4() == 254);
  CHECK(usage.available_v6() == kInfiniteCapacity - 1);
  allocator.Unassign("ns/a");
  CHECK(allocator.Usage("p").in_use_v4 == 2);
  allocator.Unassign("ns/b");
  CHECK(allocator.Usage("p").in_use_v4 == 1);
  CHECK(allocator.Usage("unknown").in_use_total == 0);
}

TEST_CASE("set pools: addresses outside every pool are released", "[allocator][setpools]") {
  Allocator allocator;
  REQUIRE_FALSE(
      allocator.SetPools({MakePool("a", {"10.0.0.0/30"}), MakePool("b", {"10.1.0.0/30"})}));
  REQUIRE(allocator.AllocateFromPool(Request("ns/in-a"), "a").ok());
  REQUIRE(allocator.AllocateFromPool(Request("ns/in-b"), "b").ok());
  REQUIRE_FALSE(allocator.SetPools({MakePool("b", {"10.1.0.0/30"})}));
  CHECK(allocator.Addresses("ns/in-a").empty());
  CHECK(Texts(allocator.Addresses("ns/in-b")) == Strings{"10.1.0.0"});
  CHECK(allocator.Usage("b").in_use_v4 == 1);
  // The next allocation does not reuse b's address.
  CHECK(Texts(allocator.Allocate(Request("ns/new")).addresses) == Strings{"10.1.0.1"});
  // Deleting every pool releases everything.
  REQUIRE_FALSE(allocator.SetPools({}));
  CHECK(allocator.allocation_count() == 0);
}

TEST_CASE("set pools: a renamed or split pool re-keys the allocation", "[allocator][setpools]") {
  Allocator allocator;
  REQUIRE_FALSE(allocator.SetPools({MakePool("old", {"10.0.0.0/29"})}));
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/a"), "k", {{"TCP", 1}}), {Ip("10.0.0.5")}));
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/b"), "k", {{"TCP", 2}}), {Ip("10.0.0.5")}));
  REQUIRE_FALSE(allocator.Assign(Request("ns/c"), {Ip("10.0.0.1")}));
  REQUIRE_FALSE(
      allocator.SetPools({MakePool("low", {"10.0.0.0/30"}), MakePool("high", {"10.0.0.4/30"})}));
  CHECK(allocator.Pool("ns/a") == "high");
  CHECK(allocator.Pool("ns/b") == "high");
  CHECK(allocator.Pool("ns/c") == "low");
  CHECK(allocator.Usage("high").in_use_v4 == 1);
  CHECK(allocator.Usage("low").in_use_v4 == 1);
  CHECK(allocator.Usage("old").in_use_v4 == 0);
  // Sharing still works in the new pool: once .4 is taken, a third sharer joins .5 before the
  // free .6.
  CHECK(Texts(allocator.AllocateFromPool(Request("ns/e"), "high").addresses) ==
        Strings{"10.0.0.4"});
  CHECK(Texts(allocator.AllocateFromPool(Shared(Request("ns/d"), "k", {{"TCP", 3}}), "high")
                  .addresses) == Strings{"10.0.0.5"});
}

TEST_CASE("set pools: turning avoidBuggyIPs on revokes .0 and .255 holders",
          "[allocator][setpools]") {
  Allocator allocator;
  REQUIRE_FALSE(allocator.SetPools({MakePool("p", {"10.0.0.0/24"})}));
  REQUIRE(allocator.Allocate(Request("ns/zero")).ok());
  REQUIRE(allocator.Allocate(Request("ns/one")).ok());
  REQUIRE_FALSE(allocator.Assign(Request("ns/top"), {Ip("10.0.0.255")}));
  REQUIRE_FALSE(allocator.SetPools({MakePool("p", {"10.0.0.0/24"}, true, true)}));
  CHECK(allocator.Addresses("ns/zero").empty());
  CHECK(allocator.Addresses("ns/top").empty());
  CHECK(Texts(allocator.Addresses("ns/one")) == Strings{"10.0.0.1"});
  CHECK(Texts(allocator.Allocate(Request("ns/next")).addresses) == Strings{"10.0.0.2"});
}

TEST_CASE("set pools under v0.9: refused when an address would lose its pool",
          "[allocator][setpools]") {
  Allocator allocator(config::BehaviourProfile::kV0_9);
  REQUIRE_FALSE(
      allocator.SetPools({MakePool("a", {"10.0.0.0/30"}), MakePool("b", {"10.1.0.0/30"})}));
  REQUIRE(allocator.AllocateFromPool(Request("ns/z"), "a").ok());
  REQUIRE(allocator.AllocateFromPool(Request("ns/y"), "a").ok());
  CHECK(
      allocator.SetPools({MakePool("b", {"10.1.0.0/30"})}) ==
      std::optional<std::string>(
          R"(new config not compatible with assigned IPs: service "ns/y" cannot own "10.0.0.1" under new config)"));
  CHECK(allocator.Pool("ns/z") == "a");
  CHECK(allocator.pool_set().size() == 2);
  // A rename keeps the addresses and is accepted.
  CHECK_FALSE(allocator.SetPools({MakePool("renamed", {"10.0.0.0/29"})}));
  CHECK(allocator.Pool("ns/z") == "renamed");
}

}  // namespace
}  // namespace metallab::allocator
