// IPAddressPool resources (spec §1.2, §1.3): defaults, addresses, overlaps, serviceAllocation,
// and the webhook's namespace rule.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

std::string PoolYaml(const std::string& name, const std::string& spec) {
  return Resource("IPAddressPool", name, spec);
}

std::string Prefixes(const Pool& pool) {
  std::string out;
  for (const net::IpPrefix& cidr : pool.cidrs) out += (out.empty() ? "" : " ") + cidr.ToString();
  return out;
}

}  // namespace

TEST_CASE("IPAddressPool defaults and address summarization", "[crd][pool]") {
  const std::string yaml = PoolYaml("first-pool", R"(addresses:
- 192.168.10.0/24
- 192.168.9.1-192.168.9.5
- fc00:f853:0ccd:e799::/124
- 10.0.0.1 - 10.0.0.2
- 10.1.2.3/16
)");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  REQUIRE(loaded.config->pools.size() == 1);
  const Pool& pool = loaded.config->pools[0];
  CHECK(pool.name == "first-pool");
  CHECK(Prefixes(pool) ==
        "192.168.10.0/24 192.168.9.1/32 192.168.9.2/31 192.168.9.4/31 fc00:f853:ccd:e799::/124 "
        "10.0.0.1/32 10.0.0.2/32 10.1.0.0/16");
  CHECK(pool.auto_assign);
  CHECK_FALSE(pool.avoid_buggy_ips);
  CHECK_FALSE(pool.service_allocation);
  CHECK(pool.legacy_protocol == LegacyProtocol::kNone);
  CHECK(pool.where == manifest::SourceLocation{kFile, 1, 1});
  // No advertisement: allocated but silent.
  CHECK(loaded.config->l2_advertisements.empty());
  CHECK(loaded.config->bgp_advertisements.empty());
}

TEST_CASE("IPAddressPool settings and labels", "[crd][pool]") {
  const std::string yaml = R"(apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: p
  namespace: metallb-system
  labels:
    zone: east
spec:
  addresses: [10.0.0.0/24]
  autoAssign: false
  avoidBuggyIPs: true
  serviceAllocation:
    priority: 50
    namespaces: [a, b]
    serviceSelectors:
    - matchLabels: {app: web}
)";
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const Pool& pool = loaded.config->pools[0];
  CHECK_FALSE(pool.auto_assign);
  CHECK(pool.avoid_buggy_ips);
  CHECK(pool.labels == k8s::Labels{{"zone", "east"}});
  REQUIRE(pool.service_allocation);
  CHECK(pool.service_allocation->priority == 50);
  CHECK(pool.service_allocation->namespaces == std::set<std::string>{"a", "b"});
  REQUIRE(pool.service_allocation->service_selectors.size() == 1);
  CHECK(pool.service_allocation->service_selectors[0].ToString() == "app=web");
}

TEST_CASE("an empty serviceAllocation matches every service", "[crd][pool]") {
  const Loaded loaded =
      Load(PoolYaml("p", "addresses: [10.0.0.0/24]\nserviceAllocation:\n  priority: 3\n"));
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const auto& allocation = loaded.config->pools[0].service_allocation;
  REQUIRE(allocation);
  CHECK(allocation->priority == 3);
  CHECK(allocation->namespaces.empty());
  REQUIRE(allocation->service_selectors.size() == 1);
  CHECK(allocation->service_selectors[0].Empty());
}

TEST_CASE("namespaceSelectors resolve against Namespace objects", "[crd][pool]") {
  const std::string yaml = PoolYaml("p", R"(addresses: [10.0.0.0/24]
serviceAllocation:
  namespaces: [explicit]
  namespaceSelectors:
  - matchLabels: {team: blue}
  - matchLabels: {kubernetes.io/metadata.name: by-name}
)") + R"(---
apiVersion: v1
kind: Namespace
metadata:
  name: blue-1
  labels: {team: blue}
---
apiVersion: v1
kind: Namespace
metadata:
  name: red-1
  labels: {team: red}
---
apiVersion: v1
kind: Namespace
metadata:
  name: by-name
)";
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const auto& allocation = loaded.config->pools[0].service_allocation;
  REQUIRE(allocation);
  CHECK(allocation->namespaces == std::set<std::string>{"blue-1", "by-name", "explicit"});
  CHECK(allocation->namespace_selectors.size() == 2);
  CHECK(allocation->service_selectors.empty());
}

TEST_CASE("namespaceSelectors without any Namespace object get a note", "[crd][pool]") {
  const Loaded loaded =
      Load(PoolYaml("p",
                    "addresses: [10.0.0.0/24]\nserviceAllocation:\n  namespaceSelectors:\n"
                    "  - matchLabels: {team: blue}\n"));
  REQUIRE(loaded.config);
  CHECK(loaded.Find("no Namespace objects are loaded", manifest::Severity::kNote));
}

TEST_CASE("IPAddressPool errors, each with its line and column", "[crd][pool]") {
  struct Case {
    std::string yaml;
    const char* stem;
    const char* needle;
    int occurrence = 0;
  };
  const Case cases[] = {
      {PoolYaml("p", "addresses: []\n"), "pool has no prefixes defined", "[]"},
      {PoolYaml("p", "autoAssign: true\n"), "pool has no prefixes defined", "apiVersion"},
      {"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n"
       "  namespace: metallb-system\n",
       "pool has no prefixes defined", "apiVersion"},
      {PoolYaml("p", "addresses: [10.0.0.0/33]\n"),
       "invalid CIDR \"10.0.0.0/33\" in pool \"p\": invalid CIDR \"10.0.0.0/33\"", "10.0.0.0/33"},
      {PoolYaml("p", "addresses: [10.0.0.256/24]\n"), "invalid CIDR \"10.0.0.256/24\"",
       "10.0.0.256"},
      {PoolYaml("p", "addresses: [10.0.0.1]\n"), "invalid CIDR \"10.0.0.1\"", "10.0.0.1"},
      {PoolYaml("p", "addresses: [10.0.0.1-x]\n"),
       "invalid IP range \"10.0.0.1-x\": invalid end IP \"x\"", "10.0.0.1-"},
      {PoolYaml("p", "addresses: [y-10.0.0.1]\n"),
       "invalid IP range \"y-10.0.0.1\": invalid start IP \"y\"", "y-"},
      {PoolYaml("p", "addresses: [10.0.0.5-10.0.0.1]\n"),
       "invalid IP range \"10.0.0.5-10.0.0.1\": start IP \"10.0.0.5\" is after the end IP "
       "\"10.0.0.1\"",
       "10.0.0.5-"},
      {PoolYaml("p", "addresses: [10.0.0.5-fc00::1]\n"),
       "start IP \"10.0.0.5\" and end IP \"fc00::1\" are not of the same IP family", "10.0.0.5-"},
      {PoolYaml("a", "addresses: [10.0.0.0/16]\n") + "---\n" +
           PoolYaml("b", "addresses: [10.0.5.0-10.0.5.9]\n"),
       "CIDR \"10.0.5.0/29\" in pool \"b\" overlaps with already defined CIDR \"10.0.0.0/16\"",
       "10.0.5.0-"},
      {PoolYaml("a", "addresses: [fc00::/64]\n") + "---\n" +
           PoolYaml("b", "addresses: [\"fc00::/64\"]\n"),
       "CIDR \"fc00::/64\" in pool \"b\" overlaps with already defined CIDR \"fc00::/64\"",
       "\"fc00::/64\""},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\nserviceAllocation:\n  namespaces: [a, b, a]\n"),
       "duplicate definition in namespaces field", "a]"},
      {PoolYaml("p",
                "addresses: [10.0.0.0/24]\nserviceAllocation:\n  namespaceSelectors:\n"
                "  - matchLabels: {a: b}\n  - matchLabels: {a: b}\n"),
       "duplicate definition of namespaceSelectors \"a=b\"", "matchLabels", 1},
      {PoolYaml("p",
                "addresses: [10.0.0.0/24]\nserviceAllocation:\n  serviceSelectors:\n"
                "  - matchExpressions:\n    - {key: a, operator: In, values: [x, x]}\n"),
       "duplicate definition of match expression value in label selector \"x\"",
       "matchExpressions"},
      {PoolYaml("p",
                "addresses: [10.0.0.0/24]\nserviceAllocation:\n  serviceSelectors:\n"
                "  - matchExpressions:\n    - {key: a, operator: Exists}\n"
                "    - {key: a, operator: Exists}\n"),
       "duplicate definition of match expressions \"a\"", "matchExpressions"},
      {PoolYaml("p",
                "addresses: [10.0.0.0/24]\nserviceAllocation:\n  serviceSelectors:\n"
                "  - matchLabels: {a: b}\n  - matchLabels: {a: b}\n"),
       "duplicate definition of serviceSelectors \"a=b\"", "matchLabels", 1},
      {"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  namespace: "
       "metallb-system\nspec:\n  addresses: [10.0.0.0/24]\n",
       "missing pool name", "apiVersion"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\n") + "---\n" +
           "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n"
           "  namespace: other\nspec:\n  addresses: [10.1.0.0/24]\n",
       "resource must be created in metallb-system namespace", "other"},
      {"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\nspec:\n"
       "  addresses: [10.1.0.0/24]\n",
       "resource must be created in metallb-system namespace (metadata.namespace is not set",
       "apiVersion"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\nautoAssign: maybe\n"),
       "spec.autoAssign: expected a boolean (true or false), got \"maybe\"", "maybe"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\nserviceAllocation:\n  priority: x\n"),
       "spec.serviceAllocation.priority: expected an integer, got \"x\"", "priority: ^x"},
      {PoolYaml("p", "addresses: {a: b}\n"), "spec.addresses: expected a list, got a mapping",
       "{a: b}"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\nserviceAllocation: [a]\n"),
       "spec.serviceAllocation: expected a mapping, got a list", "[a]"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\naddress: [10.1.0.0/24]\n"),
       "spec.address: unknown field \"address\"", "address:"},
      {PoolYaml("p", "addresses: [10.0.0.0/24]\naddresses: [10.1.0.0/24]\n"),
       "spec.addresses: mapping key \"addresses\" already defined", "addresses", 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    ExpectErrorAt(Load(c.yaml), c.stem, c.yaml, c.needle, c.occurrence);
  }
}

TEST_CASE("a wrongly typed address list is not also reported as empty", "[crd][pool]") {
  const Loaded loaded = Load(PoolYaml("p", "addresses: {a: b}\n"));
  CHECK(loaded.errors() == 1);
}

TEST_CASE("avoidBuggyIPs and autoAssign reach the model, ranges may hold one address",
          "[crd][pool]") {
  const Loaded loaded = Load(PoolYaml("p", "addresses: [10.0.0.7-10.0.0.7, \"::1-::1\"]\n"));
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  CHECK(Prefixes(loaded.config->pools[0]) == "10.0.0.7/32 ::1/128");
}

TEST_CASE("pools keep first-seen order, a re-applied pool keeps its place", "[crd][pool]") {
  const std::string yaml = PoolYaml("b", "addresses: [10.0.1.0/24]\n") + "---\n" +
                           PoolYaml("a", "addresses: [10.0.2.0/24]\n") + "---\n" +
                           PoolYaml("b", "addresses: [10.0.3.0/24]\n");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  REQUIRE(loaded.config->pools.size() == 2);
  CHECK(loaded.config->pools[0].name == "b");
  CHECK(Prefixes(loaded.config->pools[0]) == "10.0.3.0/24");
  CHECK(loaded.config->pools[1].name == "a");
}

}  // namespace metallab::config::testing
