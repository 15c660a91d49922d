// Spec §2.5: Assign (explicit addresses and re-validation) and the sharing rules.
#include <catch2/catch.hpp>

#include "core/allocator/allocator.h"
#include "core/allocator/sharing_rules.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::allocator {
namespace {

using testing::Ip;
using testing::MakePool;
using testing::Request;
using testing::Shared;
using testing::Texts;

Allocator WithPools(std::vector<config::Pool> pools,
                    config::BehaviourProfile profile = config::BehaviourProfile::kCurrent) {
  Allocator allocator(profile);
  REQUIRE_FALSE(allocator.SetPools(std::move(pools)));
  return allocator;
}

TEST_CASE("assign: an address outside every pool is not allowed", "[allocator][assign]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24"})});
  CHECK(allocator.Assign(Request("ns/s"), {Ip("10.0.0.1")}) ==
        std::optional<std::string>(R"(["10.0.0.1"] is not allowed in config)"));
  CHECK(allocator.allocation_count() == 0);

  auto v09 = WithPools({MakePool("a", {"192.168.1.0/24"})}, config::BehaviourProfile::kV0_9);
  CHECK(v09.Assign(Request("ns/s"), {Ip("10.0.0.1")}) ==
        std::optional<std::string>(R"("10.0.0.1" is not allowed in config)"));
}

TEST_CASE("assign: a buggy address does not belong to an avoidBuggyIPs pool",
          "[allocator][assign]") {
  auto allocator = WithPools({MakePool("a", {"10.0.0.0/23"}, true, true)});
  CHECK(allocator.Assign(Request("ns/s"), {Ip("10.0.0.255")}) ==
        std::optional<std::string>(R"(["10.0.0.255"] is not allowed in config)"));
  CHECK(allocator.Assign(Request("ns/s"), {Ip("10.0.1.0")}) ==
        std::optional<std::string>(R"(["10.0.1.0"] is not allowed in config)"));
  CHECK_FALSE(allocator.Assign(Request("ns/s"), {Ip("10.0.1.1")}));
  // Without avoidBuggyIPs network and broadcast addresses are plain addresses.
  auto plain = WithPools({MakePool("a", {"10.0.0.0/24"})});
  CHECK_FALSE(plain.Assign(Request("ns/s"), {Ip("10.0.0.0")}));
  CHECK_FALSE(plain.Assign(Request("ns/t"), {Ip("10.0.0.255")}));
}

TEST_CASE("assign: the addresses must all belong to one pool", "[allocator][assign]") {
  auto allocator =
      WithPools({MakePool("v4", {"192.168.1.0/24"}), MakePool("v6", {"2001:db8::/64"})});
  CHECK(allocator.Assign(Request("ns/s", ServiceFamily::kDualStack),
                         {Ip("192.168.1.1"), Ip("2001:db8::1")}) ==
        std::optional<std::string>(R"(["192.168.1.1" "2001:db8::1"] is not allowed in config)"));
}

TEST_CASE("assign: serviceAllocation must admit the service", "[allocator][assign]") {
  auto pool = MakePool("team", {"192.168.1.0/24"});
  pool.service_allocation = config::ServiceAllocation{};
  pool.service_allocation->namespaces = {"team-a"};
  auto allocator = WithPools({pool});
  CHECK(allocator.Assign(Request("team-b/s"), {Ip("192.168.1.1")}) ==
        std::optional<std::string>("pool team not compatible for ip assignment"));
  CHECK_FALSE(allocator.Assign(Request("team-a/s"), {Ip("192.168.1.1")}));
}

TEST_CASE("assign: at most two addresses, of different families", "[allocator][assign]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24", "2001:db8::/64"})});
  CHECK(allocator.Assign(Request("ns/s"),
                         {Ip("192.168.1.1"), Ip("192.168.1.2"), Ip("2001:db8::1")}) ==
        std::optional<std::string>(
            R"(more than two addresses ["192.168.1.1" "192.168.1.2" "2001:db8::1"])"));
  CHECK(allocator.Assign(Request("ns/s"), {Ip("192.168.1.1"), Ip("192.168.1.2")}) ==
        std::optional<std::string>(R"("192.168.1.1" "192.168.1.2" has the same family)"));
  CHECK_FALSE(allocator.Assign(Request("ns/s", ServiceFamily::kDualStack),
                               {Ip("2001:db8::5"), Ip("192.168.1.1")}));
  CHECK(Texts(allocator.Addresses("ns/s")) ==
        std::vector<std::string>{"2001:db8::5", "192.168.1.1"});  // request order is kept
}

TEST_CASE("sharing rules: the reasons two services may not share", "[allocator][sharing]") {
  struct Case {
    SharingKeys existing;
    SharingKeys incoming;
    std::optional<std::string> conflict;
  };
  const std::vector<Case> cases = {
      {{"", ""}, {"k", ""}, "existing service does not allow sharing"},
      {{"k", ""}, {"", ""}, "new service does not allow sharing"},
      {{"a", ""}, {"b", ""}, R"(sharing key "b" does not match existing sharing key "a")"},
      {{"k", "app=x"},
       {"k", "app=y"},
       R"(backend key "app=y" does not match existing sharing key "app=x")"},
      {{"k", ""}, {"k", ""}, std::nullopt},
      {{"k", "app=x"}, {"k", "app=x"}, std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.existing.sharing, c.existing.backend, c.incoming.sharing, c.incoming.backend);
    CHECK(SharingConflict(c.existing, c.incoming) == c.conflict);
  }
  CHECK(BackendKey(false, {{"app", "x"}}).empty());
  CHECK(BackendKey(true, {{"tier", "web"}, {"app", "x"}}) == "app=x,tier=web");
}

TEST_CASE("assign: a used address is joined only with matching keys", "[allocator][sharing]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24"})});
  const auto ip = Ip("192.168.1.10");
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/a"), "k", {{"TCP", 80}}), {ip}));

  struct Case {
    std::string name;
    AllocationRequest request;
    std::optional<std::string> error;
  };
  auto local = Shared(Request("ns/local"), "k", {{"TCP", 81}});
  local.backend_key = "app=x";
  const std::vector<Case> cases = {
      {"no sharing key", Shared(Request("ns/b"), "", {{"TCP", 81}}),
       R"(can't change sharing key for "ns/b", address also in use by ns/a)"},
      {"other sharing key", Shared(Request("ns/b"), "other", {{"TCP", 81}}),
       R"(can't change sharing key for "ns/b", address also in use by ns/a)"},
      {"Local vs Cluster", local,
       R"(can't change sharing key for "ns/local", address also in use by ns/a)"},
      {"same port", Shared(Request("ns/b"), "k", {{"TCP", 80}}),
       R"(port TCP/80 is already in use on "192.168.1.10")"},
      {"UDP/80 next to TCP/80", Shared(Request("ns/b"), "k", {{"UDP", 80}}), std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(allocator.Assign(c.request, {ip}) == c.error);
  }
  CHECK(allocator.ServicesOn(ip) == std::vector<std::string>{"ns/a", "ns/b"});
  CHECK(allocator.Usage("a").in_use_v4 == 1);  // a shared address counts once
}

TEST_CASE("assign: TCP/53 and UDP/53 share, the first colliding port is reported",
          "[allocator][sharing]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24"})});
  const auto ip = Ip("192.168.1.53");
  REQUIRE_FALSE(allocator.Assign(Shared(Request("dns/tcp"), "dns", {{"TCP", 53}}), {ip}));
  REQUIRE_FALSE(allocator.Assign(Shared(Request("dns/udp"), "dns", {{"UDP", 53}}), {ip}));
  CHECK(allocator.Assign(Shared(Request("dns/both"), "dns", {{"TCP", 9}, {"UDP", 53}, {"TCP", 53}}),
                         {ip}) ==
        std::optional<std::string>(R"(port UDP/53 is already in use on "192.168.1.53")"));
}

TEST_CASE("assign: Local services share only with identical selectors", "[allocator][sharing]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24"})});
  const auto ip = Ip("192.168.1.7");
  auto first = Shared(Request("ns/a"), "k", {{"TCP", 80}});
  first.backend_key = BackendKey(true, {{"app", "web"}});
  REQUIRE_FALSE(allocator.Assign(first, {ip}));
  auto same = Shared(Request("ns/b"), "k", {{"TCP", 443}});
  same.backend_key = BackendKey(true, {{"app", "web"}});
  CHECK_FALSE(allocator.Assign(same, {ip}));
  auto cluster = Shared(Request("ns/c"), "k", {{"TCP", 8080}});
  CHECK(allocator.Assign(cluster, {ip}) ==
        std::optional<std::string>(
            R"(can't change sharing key for "ns/c", address also in use by ns/a,ns/b)"));
}

TEST_CASE("assign: a sole user may change its keys in place", "[allocator][sharing]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24"})});
  const auto ip = Ip("192.168.1.20");
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/a"), "one", {{"TCP", 80}}), {ip}));
  // Alone on the address: new key, new ports, same address.
  CHECK_FALSE(allocator.Assign(Shared(Request("ns/a"), "two", {{"TCP", 81}}), {ip}));
  CHECK(allocator.KeysOf("ns/a")->sharing == "two");
  // Now shared: changing the key is refused and nothing changes.
  REQUIRE_FALSE(allocator.Assign(Shared(Request("ns/b"), "two", {{"TCP", 82}}), {ip}));
  CHECK(allocator.Assign(Shared(Request("ns/a"), "three", {{"TCP", 81}}), {ip}) ==
        std::optional<std::string>(
            R"(can't change sharing key for "ns/a", address also in use by ns/b)"));
  CHECK(allocator.KeysOf("ns/a")->sharing == "two");
  // Ports may change freely while compatible, but not onto another sharer's port.
  CHECK_FALSE(allocator.Assign(Shared(Request("ns/a"), "two", {{"TCP", 90}}), {ip}));
  CHECK(allocator.Assign(Shared(Request("ns/a"), "two", {{"TCP", 82}}), {ip}) ==
        std::optional<std::string>(R"(port TCP/82 is already in use on "192.168.1.20")"));
}

TEST_CASE("assign is atomic and replaces the previous allocation", "[allocator][assign]") {
  auto allocator = WithPools({MakePool("a", {"192.168.1.0/24", "2001:db8::/120"})});
  REQUIRE_FALSE(allocator.Assign(Request("ns/other"), {Ip("2001:db8::9")}));
  REQUIRE_FALSE(allocator.Assign(Request("ns/s"), {Ip("192.168.1.1")}));
  // The IPv6 half collides, so the IPv4 half is not taken either and the old address stays.
  CHECK(allocator.Assign(Request("ns/s", ServiceFamily::kDualStack),
                         {Ip("192.168.1.2"), Ip("2001:db8::9")}) ==
        std::optional<std::string>(
            R"(can't change sharing key for "ns/s", address also in use by ns/other)"));
  CHECK(Texts(allocator.Addresses("ns/s")) == std::vector<std::string>{"192.168.1.1"});
  CHECK(allocator.ServicesOn(Ip("192.168.1.2")).empty());
  // A successful assign replaces: the old address is released.
  REQUIRE_FALSE(allocator.Assign(Request("ns/s"), {Ip("192.168.1.3")}));
  CHECK(allocator.ServicesOn(Ip("192.168.1.1")).empty());
  CHECK(allocator.Usage("a").in_use_v4 == 1);
  allocator.Unassign("ns/s");
  allocator.Unassign("ns/unknown");
  CHECK(allocator.Usage("a").in_use_v4 == 0);
  CHECK(allocator.Pool("ns/s").empty());
}

TEST_CASE("assign: autoAssign=false does not block explicit addresses", "[allocator][assign]") {
  auto allocator = WithPools({MakePool("manual", {"192.168.9.0/24"}, false)});
  CHECK_FALSE(allocator.Assign(Request("ns/s"), {Ip("192.168.9.9")}));
  CHECK(allocator.Pool("ns/s") == "manual");
}

}  // namespace
}  // namespace metallab::allocator
