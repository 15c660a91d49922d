// L2Advertisement and BGPAdvertisement resources (spec §1.2, §1.3): pool selection, defaults,
// de-duplication, aggregation, local preference, communities and their errors.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

const std::string kPools = R"(apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: red
  namespace: metallb-system
  labels: {color: red}
spec:
  addresses: [10.0.1.0/24]
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: blue
  namespace: metallb-system
  labels: {color: blue}
spec:
  addresses: [10.0.2.0/24, "fc00::/120"]
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: range
  namespace: metallb-system
spec:
  addresses: [10.0.3.1-10.0.3.6]
---
)";

std::string L2(const std::string& name, const std::string& spec) {
  return Resource("L2Advertisement", name, spec.empty() ? "{}" : spec);
}
std::string Bgp(const std::string& name, const std::string& spec) {
  return Resource("BGPAdvertisement", name, spec.empty() ? "{}" : spec);
}
std::string Community(const std::string& spec) { return Resource("Community", "aliases", spec); }

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("L2Advertisement pool selection and defaults", "[crd][l2]") {
  // An empty spec has "spec: {}" under Resource(), i.e. no pools and no selectors.
  const std::string yaml = kPools + L2("all", "") + "---\n" +
                           L2("named", "ipAddressPools: [range, red]\ninterfaces: [eth9]") +
                           "---\n" + L2("labelled", R"(ipAddressPoolSelectors:
- matchLabels: {color: blue}
nodeSelectors:
- matchLabels: {rack: a}
interfaces: [eth0, eth1]
serviceSelectors:
- matchLabels: {app: web}
)") + "---\n" + L2("both", R"(ipAddressPools: [blue]
ipAddressPoolSelectors:
- matchLabels: {color: blue}
nodeSelectors:
- matchLabels: {rack: b}
)") + "---\n" + L2("unknown", "ipAddressPools: [green]");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const auto& ads = loaded.config->l2_advertisements;
  REQUIRE(ads.size() == 5);
  CHECK(ads[0].name == "all");
  CHECK(ads[0].pools == Names{"red", "blue", "range"});
  CHECK(ads[0].node_selectors.empty());
  CHECK(ads[0].interfaces.empty());
  CHECK(ads[0].service_selectors.empty());
  CHECK(ads[1].pools == Names{"red", "range"});  // pool order, not list order
  CHECK(ads[2].pools == Names{"blue"});
  CHECK(ads[2].interfaces == Names{"eth0", "eth1"});
  REQUIRE(ads[2].node_selectors.size() == 1);
  CHECK(ads[2].node_selectors[0].ToString() == "rack=a");
  REQUIRE(ads[2].service_selectors.size() == 1);
  CHECK(ads[3].pools == Names{"blue"});  // by name and by label: once
  CHECK(ads[4].pools.empty());
  // "all" covers every pool already; an identical advertisement adds nothing.
  const Loaded twice =
      Load(kPools + L2("all", "") + "---\n" + L2("again", "ipAddressPools: [red]"));
  REQUIRE(twice.config);
  CHECK(twice.config->l2_advertisements[1].pools.empty());
  const manifest::Diagnostic* note =
      loaded.Find("no pool is named \"green\"", manifest::Severity::kNote);
  REQUIRE(note);
  CHECK(note->where.line == PositionOf(yaml, "green").line);
}

TEST_CASE("identical L2Advertisements are de-duplicated per pool, preferences never", "[crd][l2]") {
  const std::string yaml = kPools + L2("one", "ipAddressPools: [red]\ninterfaces: [b, a]") +
                           "---\n" + L2("two", "interfaces: [a, b]") + "---\n" +
                           L2("three", R"(ipAddressPools: [red]
interfaces: [a, b]
preferredNodeSelectors:
- weight: 10
  preference:
    matchLabels: {fast: "true"}
)") + "---\n" + L2("four", R"(ipAddressPools: [red]
interfaces: [a, b]
preferredNodeSelectors:
- weight: 10
  preference:
    matchLabels: {fast: "true"}
)");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const auto& ads = loaded.config->l2_advertisements;
  REQUIRE(ads.size() == 4);
  CHECK(ads[0].pools == Names{"red"});
  CHECK(ads[1].pools == Names{"blue", "range"});  // red already has an identical ad
  CHECK(ads[2].pools == Names{"red"});
  CHECK(ads[3].pools == Names{"red"});
  REQUIRE(ads[2].preferred_nodes.size() == 1);
  CHECK(ads[2].preferred_nodes[0].weight == 10);
  CHECK(ads[2].preferred_nodes[0].preference.ToString() == "fast=true");
}

TEST_CASE("BGPAdvertisement defaults and settings", "[crd][bgp]") {
  const std::string yaml =
      kPools + Community(R"(communities:
- name: no-advertise
  value: "65535:65282"
)") + "---\n" +
      Bgp("default", "") + "---\n" + Bgp("custom", R"(aggregationLength: 24
aggregationLengthV6: 120
localPref: 100
communities: ["large:1:2:3", no-advertise, "7:8"]
ipAddressPools: [blue]
peers: [peer-a]
nodeSelectors:
- matchLabels: {rack: a}
)") + "---\n" +
      Resource("BGPPeer", "peer-a", "myASN: 1\npeerASN: 2\npeerAddress: 10.9.0.1\n",
               "metallb.io/v1beta2");
  BuildOptions frr = Frr();
  const Loaded loaded = Load(yaml, frr);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const auto& ads = loaded.config->bgp_advertisements;
  REQUIRE(ads.size() == 2);
  CHECK(ads[0].aggregation_length == 32);
  CHECK(ads[0].aggregation_length_v6 == 128);
  CHECK(ads[0].local_pref == 0);
  CHECK(ads[0].communities.empty());
  CHECK(ads[0].peers.empty());
  CHECK(ads[0].pools == Names{"red", "blue", "range"});
  CHECK(ads[1].aggregation_length == 24);
  CHECK(ads[1].aggregation_length_v6 == 120);
  CHECK(ads[1].local_pref == 100);
  REQUIRE(ads[1].communities.size() == 3);
  CHECK(ads[1].communities[0].ToString() == "7:8");
  CHECK(ads[1].communities[1].ToString() == "65535:65282");
  CHECK(ads[1].communities[2].ToString() == "large:1:2:3");
  CHECK(ads[1].peers == Names{"peer-a"});
  CHECK(ads[1].pools == Names{"blue"});
}

TEST_CASE("aggregation length: a range passes when its widest CIDR fits", "[crd][bgp]") {
  // 10.0.3.1-10.0.3.6 is 1/32 2/31 4/31 6/32: widest /31.
  const std::string ok = kPools + Bgp("a", "aggregationLength: 31\nipAddressPools: [range]");
  CHECK(Load(ok).config);
  const std::string bad = kPools + Bgp("a", "aggregationLength: 30\nipAddressPools: [range]");
  ExpectErrorAt(Load(bad),
                "invalid aggregation length 30: prefix 31 in this pool is more specific than the "
                "aggregation length for addresses 10.0.3.1-10.0.3.6 (pool \"range\")",
                bad, "aggregationLength: ^30");
}

TEST_CASE("BGPAdvertisement errors, each with its line and column", "[crd][bgp]") {
  struct Case {
    std::string yaml;
    const char* stem;
    const char* needle;
    int occurrence = 0;
  };
  const Case cases[] = {
      {kPools + Bgp("a", "aggregationLength: 33"), "invalid aggregation length 33 for IPv4", "33"},
      {kPools + Bgp("a", "aggregationLengthV6: 129"), "invalid aggregation length 129 for IPv6",
       "129"},
      {kPools + Bgp("a", "aggregationLength: 0"),
       "spec.aggregationLength: should be greater than or equal to 1", "Length: ^0"},
      {kPools + Bgp("a", "aggregationLength: 16\nipAddressPools: [red]"),
       "invalid aggregation length 16: prefix 24 in this pool is more specific than the "
       "aggregation length for addresses 10.0.1.0/24",
       "Length: ^16"},
      {kPools + Bgp("a", "aggregationLengthV6: 64\nipAddressPools: [blue]"),
       "invalid aggregation length 64: prefix 120 in this pool is more specific than the "
       "aggregation length for addresses fc00::/120",
       "V6: ^64"},
      {kPools + Bgp("a", "aggregationLength: 24\nserviceSelectors:\n- matchLabels: {a: b}"),
       "serviceSelectors and aggregationLength are mutually exclusive, both cannot be set in a",
       "Length: ^24"},
      {kPools + Bgp("a", "aggregationLengthV6: 64\nserviceSelectors:\n- matchLabels: {a: b}"),
       "serviceSelectors and aggregationLengthV6 are mutually exclusive", "V6: ^64"},
      {kPools + Bgp("a", "communities: [\"1:99999\"]"),
       "invalid community \"1:99999\" in BGP advertisement: invalid community value: invalid "
       "section \"99999\" of community \"1:99999\", err: \"strconv.ParseUint: parsing "
       "\\\"99999\\\": value out of range\"",
       "\"1:99999\""},
      {kPools + Bgp("a", "communities: [unknown-alias]"),
       "invalid community \"unknown-alias\" in BGP advertisement: invalid community format: "
       "unknown-alias",
       "unknown-alias"},
      {kPools + Bgp("a", "communities: [\"big:1:2:3\"]"),
       "invalid community \"big:1:2:3\" in BGP advertisement: invalid community value: invalid "
       "marker for large community",
       "\"big:1:2:3\""},
      {kPools + Bgp("a", "localPref: 100\nipAddressPools: [red]") + "---\n" +
           Bgp("b", "localPref: 200\nipAddressPools: [red]"),
       "invalid local preference 200: local preferernce 100 was already set for the same type "
       "of BGP update",
       "200"},
      {kPools + Bgp("a", "localPref: 7\nipAddressPools: [red]") + "---\n" +
           Bgp("b", "localPref: 7\nipAddressPools: [red]"),
       "duplicate definition of bgpadvertisements. advertisement a and b are equal", "apiVersion",
       4},
      {kPools + Bgp("a", "ipAddressPools: [red, red]"),
       "duplicate definition of ipAddressPools \"red\"", "red]"},
      {kPools + Bgp("a", "communities: [\"1:1\", \"1:1\"]"),
       "duplicate definition of community \"1:1\"", "\"1:1\"", 1},
      {kPools + Bgp("a", "peers: [x, x]"), "duplicate definition of peers \"x\"", "x]"},
      {kPools + Bgp("a", "nodeSelectors:\n- matchLabels: {a: b}\n- matchLabels: {a: b}"),
       "duplicate definition of nodeSelectors \"a=b\"", "matchLabels", 1},
      {kPools + Bgp("a",
                    "ipAddressPoolSelectors:\n- matchLabels: {a: b}\n"
                    "- matchLabels: {a: b}"),
       "duplicate definition of ipAddressPoolSelectors \"a=b\"", "matchLabels", 1},
      {kPools + Bgp("a", "serviceSelectors:\n- matchLabels: {a: b}\n- matchLabels: {a: b}"),
       "duplicate definition of serviceSelectors \"a=b\"", "matchLabels", 1},
      {kPools + L2("a", "ipAddressPools: [red, red]"),
       "duplicate definition of ipAddressPools \"red\"", "red]"},
      {kPools + L2("a", "nodeSelectors:\n- matchLabels: {a: b}\n- matchLabels: {a: b}"),
       "duplicate definition of nodeSelectors \"a=b\"", "matchLabels", 1},
      {kPools + L2("a", "preferredNodeSelectors:\n- weight: 101\n  preference: {}"),
       "spec.preferredNodeSelectors[0].weight: value 101 is out of range [1, 100]", "101"},
      {kPools + L2("a", "interfaces: eth0"), "spec.interfaces: expected a list, got \"eth0\"",
       "eth0"},
      {kPools + Bgp("a", "localPref: -1"), "spec.localPref: value -1 is out of range",
       "localPref: ^-1"},
      {kPools + Bgp("a", "nodeSelectors:\n- matchExpressions:\n  - {key: a, operator: Near}"),
       "\"Near\" is not a valid label selector operator", "Near"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    ExpectErrorAt(Load(c.yaml, Frr()), c.stem, c.yaml, c.needle, c.occurrence);
  }
}

TEST_CASE("local preferences that cannot collide are accepted", "[crd][bgp]") {
  const auto accepted = [](const std::string& a, const std::string& b) {
    const Loaded loaded =
        Load(kPools + Bgp("a", a) + "---\n" + Bgp("b", b) + "---\n" +
                 Resource("BGPPeer", "p1", "myASN: 1\npeerASN: 2\npeerAddress: 10.9.0.1",
                          "metallb.io/v1beta2") +
                 "---\n" +
                 Resource("BGPPeer", "p2", "myASN: 1\npeerASN: 3\npeerAddress: 10.9.0.2",
                          "metallb.io/v1beta2"),
             Frr());
    INFO(loaded.Dump());
    return loaded.config.has_value();
  };
  // Different aggregation lengths on an IPv4-only pool.
  CHECK(accepted("localPref: 1\nipAddressPools: [red]",
                 "localPref: 2\naggregationLength: 25\nipAddressPools: [red]"));
  // blue has both families: both lengths must differ.
  CHECK_FALSE(accepted("localPref: 1\nipAddressPools: [blue]",
                       "localPref: 2\naggregationLength: 25\nipAddressPools: [blue]"));
  CHECK(accepted("localPref: 1\nipAddressPools: [blue]",
                 "localPref: 2\naggregationLength: 25\naggregationLengthV6: 121\n"
                 "ipAddressPools: [blue]"));
  // Disjoint peers.
  CHECK(accepted("localPref: 1\nipAddressPools: [red]\npeers: [p1]",
                 "localPref: 2\nipAddressPools: [red]\npeers: [p2]"));
  // Different node selectors.
  CHECK(accepted("localPref: 1\nipAddressPools: [red]\nnodeSelectors:\n- matchLabels: {r: a}",
                 "localPref: 2\nipAddressPools: [red]\nnodeSelectors:\n- matchLabels: {r: b}"));
  // Service selectors opt out of the check.
  CHECK(accepted("localPref: 1\nipAddressPools: [red]",
                 "localPref: 2\nipAddressPools: [red]\nserviceSelectors:\n- matchLabels: {a: b}"));
  // Different pools.
  CHECK(accepted("localPref: 1\nipAddressPools: [red]", "localPref: 2\nipAddressPools: [range]"));
}

TEST_CASE("BFD echo on a peer receiving IPv6 pools is refused", "[crd][bgp]") {
  const std::string yaml = kPools + Resource("BFDProfile", "echo", "echoMode: true") + "---\n" +
                           Resource("BGPPeer", "router",
                                    "myASN: 1\npeerASN: 2\npeerAddress: 10.9.0.1\n"
                                    "bfdProfile: echo",
                                    "metallb.io/v1beta2") +
                           "---\n" + Bgp("v6", "ipAddressPools: [blue]");
  const Loaded loaded = Load(yaml, Frr());
  ExpectErrorAt(loaded,
                "pool blue has bgpadvertisement v6 which references peer router which has bfd "
                "echo enabled, which is not possible",
                yaml, "apiVersion", 5);
  const std::string v4_only = kPools + Resource("BFDProfile", "echo", "echoMode: true") + "---\n" +
                              Resource("BGPPeer", "router",
                                       "myASN: 1\npeerASN: 2\npeerAddress: 10.9.0.1\n"
                                       "bfdProfile: echo",
                                       "metallb.io/v1beta2") +
                              "---\n" + Bgp("v4", "ipAddressPools: [red]");
  CHECK(Load(v4_only, Frr()).config);
}

TEST_CASE("a pool selected by no advertisement, and by both protocols", "[crd]") {
  const std::string yaml =
      kPools + L2("l2", "ipAddressPools: [red]") + "---\n" + Bgp("bgp", "ipAddressPools: [red]");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  CHECK(loaded.config->l2_advertisements[0].pools == Names{"red"});
  CHECK(loaded.config->bgp_advertisements[0].pools == Names{"red"});
}

}  // namespace metallab::config::testing
