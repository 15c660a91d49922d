// Spec §2.3 (decision order, pool choice, dual stack) and §2.4 (free-address order).
#include <catch2/catch.hpp>

#include "core/allocator/allocator.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::allocator {
namespace {

using testing::Ip;
using testing::MakePool;
using testing::Request;
using testing::Shared;
using testing::Texts;
using Strings = std::vector<std::string>;

Allocator WithPools(std::vector<config::Pool> pools,
                    config::BehaviourProfile profile = config::BehaviourProfile::kCurrent) {
  Allocator allocator(profile);
  REQUIRE_FALSE(allocator.SetPools(std::move(pools)));
  return allocator;
}

std::string AllocateText(Allocator& allocator, const AllocationRequest& request) {
  const auto result = allocator.Allocate(request);
  if (!result.ok()) return "error: " + result.error;
  std::string out;
  for (const auto& address : result.addresses) out += (out.empty() ? "" : ",") + address.ToString();
  return out;
}

config::Pool WithAllocation(config::Pool pool, int priority, std::set<std::string> namespaces,
                            std::vector<k8s::LabelSelector> selectors = {}) {
  pool.service_allocation = config::ServiceAllocation{};
  pool.service_allocation->priority = priority;
  pool.service_allocation->namespaces = std::move(namespaces);
  pool.service_allocation->service_selectors = std::move(selectors);
  return pool;
}

k8s::LabelSelector Selects(const std::string& key, const std::string& value) {
  k8s::LabelSelector selector;
  selector.match_labels[key] = value;
  return selector;
}

TEST_CASE("free order: CIDRs in declaration order, network and broadcast included",
          "[allocator][order]") {
  auto allocator = WithPools({MakePool("a", {"10.0.1.0/30", "10.0.0.0/31"})});
  Strings got;
  for (int i = 0; i < 7; ++i)
    got.push_back(AllocateText(allocator, Request("ns/s" + std::to_string(i))));
  CHECK(got == Strings{"10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.0.0", "10.0.0.1",
                       "error: no available IPs"});
  // A released address is the next one handed out.
  allocator.Unassign("ns/s2");
  CHECK(AllocateText(allocator, Request("ns/again")) == "10.0.1.2");
}

TEST_CASE("free order: the walkthrough range 192.168.1.11-192.168.1.13", "[allocator][order]") {
  auto allocator = WithPools({MakePool("nginx-ip-range", {"192.168.1.11-192.168.1.13"})});
  REQUIRE(allocator.pool_set().pool(0).cidrs.size() == 2);  // .11/32 and .12/31
  CHECK(AllocateText(allocator, Request("default/lb-hname-svc")) == "192.168.1.11");
  CHECK(AllocateText(allocator, Request("default/lb-ip-svc")) == "192.168.1.12");
  CHECK(AllocateText(allocator, Request("default/third")) == "192.168.1.13");
  CHECK(AllocateText(allocator, Request("default/fourth")) == "error: no available IPs");
}

TEST_CASE("avoidBuggyIPs skips .0 and .255 by last octet only", "[allocator][order]") {
  auto allocator = WithPools({MakePool("a", {"10.0.0.254/31", "10.0.1.0/30"}, true, true)});
  CHECK(AllocateText(allocator, Request("ns/a")) == "10.0.0.254");
  CHECK(AllocateText(allocator, Request("ns/b")) == "10.0.1.1");
  // Not subnet-aware: the network address of a /26 not on a /24 boundary is allocatable.
  auto subnet = WithPools({MakePool("a", {"10.0.0.64/26"}, true, true)});
  CHECK(AllocateText(subnet, Request("ns/a")) == "10.0.0.64");
  // Across /24 boundaries of a larger CIDR.
  auto wide =
      WithPools({MakePool("a", {"10.0.0.253/32", "10.0.0.254/31", "10.0.1.0/24"}, true, true)});
  Strings got;
  for (int i = 0; i < 4; ++i)
    got.push_back(AllocateText(wide, Request("ns/s" + std::to_string(i))));
  CHECK(got == Strings{"10.0.0.253", "10.0.0.254", "10.0.1.1", "10.0.1.2"});
}

TEST_CASE("sharing services pack onto the lowest compatible shared address",
          "[allocator][order][sharing]") {
  auto allocator = WithPools({MakePool("a", {"10.0.0.0/29"})});
  CHECK(AllocateText(allocator, Shared(Request("ns/a"), "k", {{"TCP", 80}})) == "10.0.0.0");
  CHECK(AllocateText(allocator, Request("ns/b")) == "10.0.0.1");
  // Same port as ns/a: cannot join .0, takes a fresh address.
  CHECK(AllocateText(allocator, Shared(Request("ns/c"), "k", {{"TCP", 80}})) == "10.0.0.2");
  // A different port joins the lowest compatible shared address rather than a fresh one.
  CHECK(AllocateText(allocator, Shared(Request("ns/d"), "k", {{"UDP", 53}})) == "10.0.0.0");
  // A different key or backend never joins.
  CHECK(AllocateText(allocator, Shared(Request("ns/e"), "other", {{"TCP", 443}})) == "10.0.0.3");
  auto local = Shared(Request("ns/f"), "k", {{"TCP", 443}});
  local.backend_key = "app=x";
  CHECK(AllocateText(allocator, local) == "10.0.0.4");
  // A free address lower than every compatible shared one wins.
  allocator.Unassign("ns/b");
  CHECK(AllocateText(allocator, Shared(Request("ns/g"), "k", {{"TCP", 80}})) == "10.0.0.1");
  CHECK(allocator.ServicesOn(Ip("10.0.0.0")) == Strings{"ns/a", "ns/d"});
  const auto usage = allocator.Usage("a");
  CHECK(usage.in_use_v4 == 5);
  CHECK(usage.in_use_total == 5);
}

TEST_CASE("pinned pools by priority, 0 last, then fallback pools", "[allocator][pools]") {
  const auto team = Selects("team", "x");
  auto allocator = WithPools({
      WithAllocation(MakePool("prio0", {"10.0.0.0/32"}), 0, {"a"}),
      WithAllocation(MakePool("prio2", {"10.0.2.0/32"}), 2, {"a"}),
      WithAllocation(MakePool("prio1-selector", {"10.0.1.0/32"}), 1, {}, {team}),
      WithAllocation(MakePool("not-auto", {"10.0.3.0/32"}, false), 1, {"a"}),
      MakePool("fallback", {"10.0.9.0/30"}),
  });
  auto labelled = Request("a/s1");
  labelled.labels["team"] = "x";
  CHECK(AllocateText(allocator, labelled) == "10.0.1.0");
  labelled.key = "a/s2";
  CHECK(AllocateText(allocator, labelled) == "10.0.2.0");
  labelled.key = "a/s3";
  CHECK(AllocateText(allocator, labelled) == "10.0.0.0");
  labelled.key = "a/s4";
  CHECK(AllocateText(allocator, labelled) == "10.0.9.0");
  // Other namespaces never use namespace-pinned pools; a matching label pins anywhere.
  auto other = Request("b/s1");
  CHECK(AllocateText(allocator, other) == "10.0.9.1");
  allocator.Unassign("a/s1");
  other.key = "b/s2";
  other.labels["team"] = "x";
  CHECK(AllocateText(allocator, other) == "10.0.1.0");
}

TEST_CASE("pools with serviceAllocation are never a fallback", "[allocator][pools]") {
  auto allocator = WithPools({WithAllocation(MakePool("team-a", {"10.0.0.0/24"}), 0, {"a"})});
  CHECK(AllocateText(allocator, Request("b/s")) == "error: no available IPs");
  // Namespace listed but the service selector does not match: not admitted.
  auto both = WithPools(
      {WithAllocation(MakePool("both", {"10.0.0.0/24"}), 0, {"a"}, {Selects("team", "x")})});
  CHECK(AllocateText(both, Request("a/s")) == "error: no available IPs");
  auto labelled = Request("a/t");
  labelled.labels["team"] = "x";
  CHECK(AllocateText(both, labelled) == "10.0.0.0");
  // The config parser turns an empty serviceAllocation into one empty selector: every service.
  auto everyone =
      WithPools({WithAllocation(MakePool("all", {"10.0.0.0/24"}), 5, {}, {k8s::LabelSelector{}})});
  CHECK(AllocateText(everyone, Request("z/s")) == "10.0.0.0");
}

TEST_CASE("autoAssign=false pools serve only explicit requests", "[allocator][pools]") {
  auto allocator = WithPools({MakePool("manual", {"10.0.0.0/30"}, false)});
  CHECK(AllocateText(allocator, Request("ns/a")) == "error: no available IPs");
  const auto result = allocator.AllocateFromPool(Request("ns/a"), "manual");
  REQUIRE(result.ok());
  CHECK(Texts(result.addresses) == Strings{"10.0.0.0"});
}

TEST_CASE("allocate from a named pool: errors", "[allocator][pools]") {
  auto pinned = WithAllocation(MakePool("pinned", {"10.1.0.0/30"}), 0, {"team"});
  auto allocator = WithPools({MakePool("one", {"10.0.0.0/32"}), pinned});
  CHECK(allocator.AllocateFromPool(Request("ns/a"), "nope").error == R"(unknown pool "nope")");
  REQUIRE(allocator.AllocateFromPool(Request("ns/a"), "one").ok());
  CHECK(allocator.AllocateFromPool(Request("ns/b"), "one").error ==
        "no available IPs in pool one for ipv4 IPFamily");
  CHECK(allocator.AllocateFromPool(Request("ns/b", ServiceFamily::kIPv6), "one").error ==
        "no available IPs in pool one for ipv6 IPFamily");
  CHECK(allocator.AllocateFromPool(Request("ns/b"), "pinned").error ==
        "pool pinned not compatible for ip assignment");
  // A service holding an address gets it back, or an error on a family mismatch.
  CHECK(Texts(allocator.AllocateFromPool(Request("ns/a"), "pinned").addresses) ==
        Strings{"10.0.0.0"});
  CHECK(allocator.AllocateFromPool(Request("ns/a", ServiceFamily::kIPv6), "one").error ==
        "IP for wrong family assigned alloc ipv4 service family ipv6");
  CHECK(Texts(allocator.Allocate(Request("ns/a")).addresses) == Strings{"10.0.0.0"});

  auto v09 = WithPools({MakePool("one", {"10.0.0.0/32"})}, config::BehaviourProfile::kV0_9);
  REQUIRE(v09.AllocateFromPool(Request("ns/a"), "one").ok());
  CHECK(v09.AllocateFromPool(Request("ns/b"), "one").error == R"(no available IPs in pool "one")");
}

TEST_CASE("dual stack: pool choice per policy", "[allocator][dualstack]") {
  const auto v4 = MakePool("v4", {"10.0.0.0/30"});
  const auto v6 = MakePool("v6", {"2001:db8:6::/126"});
  const auto dual = MakePool("dual", {"10.9.0.0/30", "2001:db8:9::/126"});
  auto request = [](const std::string& key, k8s::IpFamilyPolicy policy, bool v6_first = false) {
    auto r = Request(key, ServiceFamily::kDualStack);
    r.policy = policy;
    r.ipv6_primary = v6_first;
    return r;
  };
  using P = k8s::IpFamilyPolicy;

  auto allocator = WithPools({v4, v6, dual});
  CHECK(AllocateText(allocator, request("ns/req", P::kRequireDualStack)) ==
        "10.9.0.0,2001:db8:9::");
  CHECK(AllocateText(allocator, request("ns/pref", P::kPreferDualStack)) ==
        "10.9.0.1,2001:db8:9::1");
  // IPv6-primary services still list IPv4 first when they get both.
  CHECK(AllocateText(allocator, request("ns/pref6", P::kPreferDualStack, true)) ==
        "10.9.0.2,2001:db8:9::2");

  auto single_family = WithPools({v6, v4});
  CHECK(AllocateText(single_family, request("ns/req", P::kRequireDualStack)) ==
        "error: no available IPs");
  CHECK(single_family.FindBestPool({0, 1}, request("ns/req", P::kRequireDualStack)).error ==
        "no suitable pool for dual IPFamily");
  // PreferDualStack falls back to the primary family's first pool, then the secondary's.
  CHECK(AllocateText(single_family, request("ns/p4", P::kPreferDualStack)) == "10.0.0.0");
  CHECK(AllocateText(single_family, request("ns/p6", P::kPreferDualStack, true)) == "2001:db8:6::");
  auto only_v6 = WithPools({v6});
  CHECK(AllocateText(only_v6, request("ns/p", P::kPreferDualStack)) == "2001:db8:6::");
  CHECK(only_v6.AllocateFromPool(request("ns/r", P::kRequireDualStack), "v6").error ==
        "no available IPs in pool v6 for dual IPFamily");
  // A single-family service takes its family from a dual-stack pool.
  CHECK(AllocateText(allocator, Request("ns/six", ServiceFamily::kIPv6)) == "2001:db8:6::");
}

TEST_CASE("dual stack: adding the missing family from the same pool", "[allocator][dualstack]") {
  auto allocator = WithPools(
      {MakePool("dual", {"10.9.0.0/30", "2001:db8:9::/126"}), MakePool("v4", {"10.0.0.0/30"})});
  auto request = Request("ns/s", ServiceFamily::kDualStack);
  request.policy = k8s::IpFamilyPolicy::kPreferDualStack;
  REQUIRE_FALSE(allocator.Assign(request, {Ip("10.9.0.3")}));
  const auto added = allocator.AllocateFromPoolForAdditionalFamily(request, Ip("10.9.0.3"), "dual");
  REQUIRE(added.ok());
  CHECK(added.address->ToString() == "2001:db8:9::");
  CHECK(Texts(allocator.Addresses("ns/s")) == Strings{"10.9.0.3", "2001:db8:9::"});

  request.key = "ns/t";
  REQUIRE_FALSE(allocator.Assign(request, {Ip("10.0.0.1")}));
  CHECK(allocator.AllocateFromPoolForAdditionalFamily(request, Ip("10.0.0.1"), "v4").error ==
        "no available IPs in pool v4 for ipv6 IPFamily");
  CHECK(allocator.AllocateFromPoolForAdditionalFamily(request, Ip("10.0.0.1"), "gone").error ==
        R"(unknown pool "gone")");
  CHECK(Texts(allocator.Addresses("ns/t")) == Strings{"10.0.0.1"});
}

TEST_CASE("a /8 and a /48 allocate without walking", "[allocator][scale]") {
  auto allocator =
      WithPools({MakePool("big4", {"10.0.0.0/8"}), MakePool("big6", {"2001:db8::/48"})});
  for (int i = 0; i < 2000; ++i) {
    REQUIRE(allocator.Allocate(Request("ns/v4-" + std::to_string(i))).ok());
    REQUIRE(allocator.Allocate(Request("ns/v6-" + std::to_string(i), ServiceFamily::kIPv6)).ok());
  }
  CHECK(Texts(allocator.Addresses("ns/v4-1999")) == Strings{"10.0.7.207"});
  CHECK(Texts(allocator.Addresses("ns/v6-1999")) == Strings{"2001:db8::7cf"});
  allocator.Unassign("ns/v4-1000");
  allocator.Unassign("ns/v6-3");
  CHECK(AllocateText(allocator, Request("ns/refill4")) == "10.0.3.232");
  CHECK(AllocateText(allocator, Request("ns/refill6", ServiceFamily::kIPv6)) == "2001:db8::3");
  const auto usage = allocator.Usage("big6");
  CHECK(usage.capacity.ipv6 == kInfiniteCapacity);
  CHECK(usage.in_use_v6 == 2000);
  CHECK(allocator.Usage("big4").capacity.ipv4 == (int64_t{1} << 24));
}

}  // namespace
}  // namespace metallab::allocator
