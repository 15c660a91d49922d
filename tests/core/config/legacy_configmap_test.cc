// The legacy ConfigMap (spec §1.1): the walkthrough, defaults, the configmaptocrs mapping, and
// every error stem, each at its line and column inside the embedded `config: |` block.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

const std::string kWalkthrough = R"(apiVersion: v1
kind: ConfigMap
metadata:
  namespace: metallb-system
  name: config
data:
  config: |
    address-pools:
    - name: nginx-ip-range
      protocol: layer2
      addresses:
      - 192.168.1.11-192.168.1.13
)";

std::string Prefixes(const Pool& pool) {
  std::string out;
  for (const net::IpPrefix& cidr : pool.cidrs) out += (out.empty() ? "" : " ") + cidr.ToString();
  return out;
}

}  // namespace

TEST_CASE("walkthrough ConfigMap loads to one layer2 pool", "[legacy]") {
  for (const BuildOptions& options : {BuildOptions{}, V09()}) {
    const Loaded loaded = Load(kWalkthrough, options);
    INFO(loaded.Dump());
    REQUIRE(loaded.config);
    const Config& config = *loaded.config;
    REQUIRE(config.pools.size() == 1);
    const Pool& pool = config.pools[0];
    CHECK(pool.name == "nginx-ip-range");
    CHECK(Prefixes(pool) == "192.168.1.11/32 192.168.1.12/31");
    CHECK(pool.legacy_protocol == LegacyProtocol::kLayer2);
    CHECK(pool.auto_assign);
    CHECK_FALSE(pool.avoid_buggy_ips);
    CHECK_FALSE(pool.service_allocation);
    CHECK(pool.where == manifest::SourceLocation{kFile, 9, 7});
    REQUIRE(config.l2_advertisements.size() == 1);
    CHECK(config.l2_advertisements[0].name == "l2advertisement1");
    CHECK(config.l2_advertisements[0].pools == std::vector<std::string>{"nginx-ip-range"});
    CHECK(config.l2_advertisements[0].node_selectors.empty());
    CHECK(config.l2_advertisements[0].interfaces.empty());
    CHECK(config.bgp_advertisements.empty());
    CHECK(config.peers.empty());
  }
}

TEST_CASE("an error inside the embedded config is located in the file", "[legacy]") {
  std::string yaml = kWalkthrough;
  yaml.replace(yaml.find("192.168.1.11-192.168.1.13"), 25, "192.168.1.11-192.168.1.300");
  const Loaded loaded = Load(yaml);
  ExpectErrorAt(loaded,
                "invalid CIDR \"192.168.1.11-192.168.1.300\" in pool \"nginx-ip-range\": invalid "
                "IP range \"192.168.1.11-192.168.1.300\": invalid end IP \"192.168.1.300\"",
                yaml, "192.168.1.11-");
  const manifest::Diagnostic* error = loaded.Find("invalid CIDR");
  CHECK(error->where.line == 12);
  CHECK(error->where.column == 9);
  CHECK(error->object == "ConfigMap metallb-system/config");
  CHECK(error->message.rfind("parsing address pool #1: ", 0) == 0);
}

TEST_CASE("legacy defaults and the configmaptocrs mapping", "[legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 64500
  peer-asn: 64501
  peer-address: 10.0.0.1
- my-asn: 64500
  peer-asn: 64502
  peer-address: 10.0.0.2
  peer-port: 1179
  hold-time: 1m30.9s
  router-id: 10.0.0.100
  password: secret
  node-selectors:
  - match-labels:
      rack: a
  - match-expressions:
    - key: kubernetes.io/hostname
      operator: In
      values: [node1, node2]
bgp-communities:
  no-advertise: 65535:65282
address-pools:
- name: bgp-default
  protocol: bgp
  addresses:
  - 198.51.100.0/24
- name: bgp-custom
  protocol: bgp
  auto-assign: false
  avoid-buggy-ips: true
  addresses:
  - 203.0.113.0/24
  bgp-advertisements:
  - aggregation-length: 24
    localpref: 100
    communities: [no-advertise, "1:2"]
  - {}
- name: l2
  protocol: layer2
  addresses: [192.0.2.0/28]
)");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const Config& config = *loaded.config;

  REQUIRE(config.peers.size() == 2);
  const BgpPeer& first = config.peers[0];
  CHECK(first.name == "peer1");
  CHECK(first.my_asn == 64500);
  CHECK(first.peer_asn == 64501);
  CHECK(first.address == net::IpAddress::Parse("10.0.0.1"));
  CHECK(first.port == 179);
  CHECK(first.hold_time_s == 90u);
  CHECK(first.keepalive_time_s == 30u);
  CHECK(first.node_selectors.empty());
  const BgpPeer& second = config.peers[1];
  CHECK(second.name == "peer2");
  CHECK(second.port == 1179);
  CHECK(second.hold_time_s == 90u);  // rounded down
  CHECK(second.router_id == net::IpAddress::Parse("10.0.0.100"));
  CHECK(second.password == "secret");
  REQUIRE(second.node_selectors.size() == 2);
  CHECK(second.node_selectors[0].match_labels == k8s::Labels{{"rack", "a"}});
  CHECK(second.node_selectors[1].ToString() == "kubernetes.io/hostname in (node1,node2)");

  REQUIRE(config.pools.size() == 3);
  CHECK(config.pools[0].legacy_protocol == LegacyProtocol::kBgp);
  CHECK_FALSE(config.pools[1].auto_assign);
  CHECK(config.pools[1].avoid_buggy_ips);
  CHECK(config.pools[2].legacy_protocol == LegacyProtocol::kLayer2);

  REQUIRE(config.bgp_advertisements.size() == 3);
  const BgpAdvertisement& def = config.bgp_advertisements[0];
  CHECK(def.name == "bgpadvertisement1");
  CHECK(def.pools == std::vector<std::string>{"bgp-default"});
  CHECK(def.aggregation_length == 32);
  CHECK(def.aggregation_length_v6 == 128);
  CHECK(def.local_pref == 0);
  CHECK(def.communities.empty());
  CHECK(def.peers.empty());
  const BgpAdvertisement& custom = config.bgp_advertisements[1];
  CHECK(custom.name == "bgpadvertisement2");
  CHECK(custom.aggregation_length == 24);
  CHECK(custom.local_pref == 100);
  REQUIRE(custom.communities.size() == 2);
  CHECK(custom.communities[0].ToString() == "1:2");
  CHECK(custom.communities[1].ToString() == "65535:65282");
  CHECK(config.bgp_advertisements[2].name == "bgpadvertisement3");
  CHECK(config.bgp_advertisements[2].pools == std::vector<std::string>{"bgp-custom"});

  REQUIRE(config.l2_advertisements.size() == 1);
  CHECK(config.l2_advertisements[0].pools == std::vector<std::string>{"l2"});
  CHECK(config.community_aliases.at("no-advertise").ToString() == "65535:65282");
}

TEST_CASE("legacy node selectors: an empty entry selects every node", "[legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 1
  peer-asn: 2
  peer-address: 10.0.0.1
  node-selectors:
  - {}
)");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  REQUIRE(loaded.config->peers[0].node_selectors.size() == 1);
  CHECK(loaded.config->peers[0].node_selectors[0].Empty());
}

TEST_CASE("legacy errors, each with its line and column", "[legacy]") {
  struct Case {
    const char* config;
    const char* stem;
    const char* needle;  // where the error points ('^' marks the column)
    bool v09;
    int occurrence = 0;
  };
  const Case cases[] = {
      {"peers:\n- my-asn: 0\n  peer-asn: 2\n  peer-address: 10.0.0.1\n",
       "parsing peer #1: missing local ASN", "my-asn: ^0", true},
      {"peers:\n- peer-asn: 2\n  peer-address: 10.0.0.1\n", "missing local ASN", "peer-asn", true},
      {"peers:\n- my-asn: 1\n  peer-address: 10.0.0.1\n", "parsing peer #1: missing peer ASN",
       "my-asn", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.300\n",
       "invalid peer IP \"10.0.0.300\"", "10.0.0.300", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n", "invalid peer IP \"\"", "my-asn", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  hold-time: 2s\n",
       "invalid hold time \"2s\": must be 0 or >=3s", "2s", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  hold-time: 90\n",
       "invalid hold time \"90\": time: missing unit in duration \"90\"", "90", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  hold-time: soon\n",
       "invalid hold time \"soon\": time: invalid duration \"soon\"", "soon", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  router-id: abc\n",
       "invalid router ID \"abc\"", "abc", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  source-address: x\n",
       "invalid source IP \"x\"", "source-address: ^x", false},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  node-selectors:\n"
       "  - match-expressions:\n    - key: a\n      operator: Within\n      values: [b]\n",
       "parsing node selector: \"Within\" is not a valid label selector operator", "key: a", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  node-selectors:\n"
       "  - match-expressions:\n    - operator: Exists\n",
       "parsing node selector: match expression has no key", "operator", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  node-selectors:\n"
       "  - match-expressions:\n    - key: a\n      operator: In\n",
       "parsing node selector: values must be non-empty for operator In", "key: a", true},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  keepalive-time: 100s\n",
       "invalid BGPPeer timers: invalid keepaliveTime \"1m40s\", must be lower than holdTime "
       "\"1m30s\"",
       "100s", false},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  keepalive-time: x\n",
       "invalid keepalive time \"x\": time: invalid duration \"x\"", "keepalive-time: ^x", false},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n"
       "- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n",
       "parsing peer #2: peer peer2 already exists", "my-asn", true, 1},
      {"address-pools:\n- protocol: layer2\n  addresses: [10.0.0.0/24]\n", "missing pool name",
       "protocol", true},
      {"address-pools:\n- name: a\n  protocol: layer2\n  addresses: [10.0.0.0/24]\n"
       "- name: a\n  protocol: layer2\n  addresses: [10.1.0.0/24]\n",
       "duplicate definition of pool \"a\"", "name: a", true, 1},
      {"address-pools:\n- name: a\n  addresses: [10.0.0.0/24]\n",
       "address pool is missing the protocol field", "name: a", true},
      {"address-pools:\n- name: a\n  protocol: arp\n  addresses: [10.0.0.0/24]\n",
       "unknown protocol \"arp\"", "arp", true},
      {"address-pools:\n- name: a\n  protocol: layer2\n", "pool has no prefixes defined", "name: a",
       true},
      {"address-pools:\n- name: a\n  protocol: layer2\n  addresses: []\n",
       "pool has no prefixes defined", "[]", true},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/33]\n",
       "invalid CIDR \"10.0.0.0/33\" in pool \"p\": invalid CIDR \"10.0.0.0/33\"", "10.0.0.0/33",
       true},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.9-10.0.0.2]\n",
       "invalid IP range \"10.0.0.9-10.0.0.2\": start IP \"10.0.0.9\" is after the end IP "
       "\"10.0.0.2\"",
       "10.0.0.9", false},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [x-10.0.0.2]\n",
       "invalid IP range \"x-10.0.0.2\": invalid start IP \"x\"", "x-", true},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/24]\n"
       "- name: q\n  protocol: layer2\n  addresses: [10.0.0.128/25]\n",
       "CIDR \"10.0.0.128/25\" in pool \"q\" overlaps with already defined CIDR \"10.0.0.0/24\"",
       "10.0.0.128/25", true},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/24, 10.0.0.0/24]\n",
       "CIDR \"10.0.0.0/24\" in pool \"p\" overlaps with already defined CIDR \"10.0.0.0/24\"",
       "10.0.0.0/24", true, 1},
      {"address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - localpref: 1\n",
       "cannot have bgp-advertisements configuration element in a layer2 address pool",
       "- localpref", true},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - aggregation-length: 33\n",
       "invalid aggregation length 33", "length: ^33", true},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - aggregation-length: 16\n",
       "invalid aggregation length 16: prefix \"10.0.0.0/24\" in this pool is more specific than "
       "the aggregation length",
       "16", true},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - aggregation-length: 16\n",
       "invalid aggregation length 16: prefix 24 in this pool is more specific than the "
       "aggregation length for addresses 10.0.0.0/24",
       "16", false},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - communities: [\"1:2:3\"]\n",
       "invalid community \"1:2:3\" in BGP advertisement: invalid community string \"1:2:3\"",
       "\"1:2:3\"", true},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - communities: [\"x:2\"]\n",
       "invalid first section of community \"x\": strconv.ParseUint: parsing \"x\": invalid "
       "syntax",
       "\"x:2\"", true},
      {"address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
       "  bgp-advertisements:\n  - communities: [\"1:70000\"]\n",
       "invalid second section of community \"1\": strconv.ParseUint: parsing \"70000\": value "
       "out of range",
       "\"1:70000\"", true},
      {"bgp-communities:\n  bad: \"1\"\n", "parsing community \"bad\": invalid community string",
       "\"1\"", true},
      {"bfd-profiles:\n- name: b\n  detect-multiplier: 1\n",
       "invalid detect multiplier value: invalid value 1, must be in 2-255 range", "multiplier: ^1",
       false},
      {"bfd-profiles:\n- receive-interval: 20\n", "missing bfd profile name", "receive", false},
      {"bfd-profiles:\n- name: b\n- name: b\n", "found duplicate bfd profile name b", "name: b",
       false, 1},
  };
  for (const Case& c : cases) {
    const std::string yaml = ConfigMap(c.config);
    CAPTURE(c.config);
    const Loaded loaded = Load(yaml, c.v09 ? V09() : BuildOptions{});
    ExpectErrorAt(loaded, c.stem, yaml, c.needle, c.occurrence);
  }
}

TEST_CASE("strict decoding: unknown keys, repeated keys and wrong types", "[legacy]") {
  struct Case {
    const char* config;
    const char* stem;
    const char* needle;
  };
  const Case cases[] = {
      {"address-pool:\n- name: a\n", "could not parse config: unknown field \"address-pool\"",
       "address-pool"},
      {"address-pools:\n- name: a\n  protocol: layer2\n  adresses: [10.0.0.0/24]\n",
       "could not parse config: address-pools[0]: unknown field \"adresses\"", "adresses"},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  my-asn: 3\n",
       "could not parse config: peers[0]: mapping key \"my-asn\" already defined", "my-asn: 3"},
      {"address-pools:\n- name: a\n  protocol: layer2\n  auto-assign: maybe\n"
       "  addresses: [10.0.0.0/24]\n",
       "could not parse config: address-pools[0].auto-assign: cannot unmarshal \"maybe\" into "
       "bool",
       "maybe"},
      {"peers:\n- my-asn: \"64500\"\n  peer-asn: 2\n  peer-address: 10.0.0.1\n",
       "could not parse config: peers[0].my-asn: cannot unmarshal \"64500\" into uint32",
       "\"64500\""},
      {"peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  peer-port: 70000\n",
       "could not parse config: peers[0].peer-port: cannot unmarshal \"70000\" into uint16",
       "70000"},
      {"peers:\n  my-asn: 1\n",
       "could not parse config: peers: cannot unmarshal a mapping into a list", "my-asn"},
      {"address-pools:\n- name: a\n  protocol: layer2\n  addresses:\n    x: 1\n",
       "could not parse config: address-pools[0].addresses: cannot unmarshal a mapping into a "
       "list",
       "x: 1"},
      {"address-pools:\n- [a, b]\n",
       "could not parse config: address-pools[0]: expected a mapping, got a list", "[a, b]"},
      {"- a\n- b\n", "could not parse config: expected a mapping, got a list", "- a"},
  };
  for (const Case& c : cases) {
    const std::string yaml = ConfigMap(c.config);
    CAPTURE(c.config);
    const Loaded loaded = Load(yaml);
    ExpectErrorAt(loaded, c.stem, yaml, c.needle);
  }
}

TEST_CASE("a YAML syntax error inside the block is located inside it", "[legacy]") {
  const std::string yaml = ConfigMap("address-pools:\n- name: [a\n  protocol: layer2\n");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  const manifest::Diagnostic* error = loaded.Find("could not parse config: ");
  REQUIRE(error);
  CHECK(error->where.line >= PositionOf(yaml, "- name").line);
  CHECK(error->where.line <= PositionOf(yaml, "protocol").line + 1);
}

TEST_CASE("YAML 1.1 scalars decode as MetalLB's yaml.v2 does", "[legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 0xFBF4
  peer-asn: 64_501
  peer-address: 10.0.0.1
address-pools:
- name: a
  protocol: layer2
  auto-assign: no
  avoid-buggy-ips: yes
  addresses: [10.0.0.0/24]
)");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  CHECK(loaded.config->peers[0].my_asn == 64500);
  CHECK(loaded.config->peers[0].peer_asn == 64501);
  CHECK_FALSE(loaded.config->pools[0].auto_assign);
  CHECK(loaded.config->pools[0].avoid_buggy_ips);
}

TEST_CASE("every problem in a ConfigMap is reported, not only the first", "[legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 0
  peer-asn: 2
  peer-address: nowhere
address-pools:
- name: a
  protocol: layer2
  addresses: [10.0.0.0/33, 10.1.0.0/16]
- name: b
  protocol: layer2
  addresses: [10.1.2.0/24]
)");
  const Loaded loaded = Load(yaml, V09());
  INFO(loaded.Dump());
  CHECK_FALSE(loaded.config);
  CHECK(loaded.Find("missing local ASN"));
  CHECK(loaded.Find("invalid peer IP \"nowhere\""));
  CHECK(loaded.Find("invalid CIDR \"10.0.0.0/33\""));
  CHECK(loaded.Find("overlaps with already defined CIDR \"10.1.0.0/16\""));
  CHECK(loaded.errors() == 4);
}

TEST_CASE("v0.9 rules for ConfigMap pools", "[legacy][profile]") {
  SECTION("a reversed range is accepted and yields no address") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: layer2\n  addresses:\n  - 10.0.0.9-10.0.0.2\n"
        "  - 10.0.1.0/30\n");
    const Loaded loaded = Load(yaml, V09());
    INFO(loaded.Dump());
    REQUIRE(loaded.config);
    CHECK(Prefixes(loaded.config->pools[0]) == "10.0.1.0/30");
    const manifest::Diagnostic* note =
        loaded.Find("starts after its end", manifest::Severity::kNote);
    REQUIRE(note);
    CHECK(note->where.line == PositionOf(yaml, "10.0.0.9").line);
  }
  SECTION("the current profile rejects it") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.9-10.0.0.2]\n");
    CHECK(Load(yaml).Find("is after the end IP"));
  }
  SECTION("aggregation length must cover every CIDR in v0.9, the widest per entry today") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: bgp\n  addresses: [192.168.1.11-192.168.1.13]\n"
        "  bgp-advertisements:\n  - aggregation-length: 31\n");
    CHECK(Load(yaml).config);
    CHECK(Load(yaml, V09()).Find("prefix \"192.168.1.11/32\" in this pool is more specific"));
  }
  SECTION("identical bgp-advertisements are duplicates only under current rules") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
        "  bgp-advertisements:\n  - localpref: 5\n  - localpref: 5\n");
    CHECK(Load(yaml, V09()).config);
    ExpectErrorAt(Load(yaml),
                  "duplicate definition of bgpadvertisements. advertisement bgpadvertisement1 "
                  "and bgpadvertisement2 are equal",
                  yaml, "localpref", 1);
  }
  SECTION("conflicting localprefs on one pool: accepted by v0.9, rejected today") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
        "  bgp-advertisements:\n  - localpref: 5\n  - localpref: 6\n");
    CHECK(Load(yaml, V09()).config);
    ExpectErrorAt(Load(yaml), "invalid local preference 6: local preferernce 5 was already set",
                  yaml, "6\n");
  }
  SECTION("large communities are not legacy communities") {
    const std::string yaml = ConfigMap(
        "address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n"
        "  bgp-advertisements:\n  - communities: [\"large:1:2:3\"]\n");
    CHECK(Load(yaml, V09()).Find("invalid community string \"large:1:2:3\""));
  }
}

TEST_CASE("keys newer than v0.9 are accepted, with a note in the v0.9 profile", "[legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 1
  peer-asn: 2
  peer-address: 10.0.0.1
  source-address: 10.0.0.2
  ebgp-multihop: true
address-pools:
- name: p
  protocol: bgp
  addresses: [10.0.0.0/24]
  bgp-advertisements:
  - aggregation-length-v6: 120
)");
  const Loaded current = Load(yaml);
  INFO(current.Dump());
  REQUIRE(current.config);
  CHECK(current.config->peers[0].source_address == net::IpAddress::Parse("10.0.0.2"));
  CHECK(current.config->peers[0].ebgp_multihop);
  CHECK(current.config->bgp_advertisements[0].aggregation_length_v6 == 120);
  CHECK(current.diagnostics.all().empty());
  const Loaded v09 = Load(yaml, V09());
  REQUIRE(v09.config);
  const manifest::Diagnostic* note =
      v09.Find("\"source-address\" is not known to MetalLB v0.9", manifest::Severity::kNote);
  REQUIRE(note);
  CHECK(note->where.line == PositionOf(yaml, "source-address").line);
}

TEST_CASE("a ConfigMap without data.config is an empty configuration", "[legacy]") {
  const Loaded loaded = Load(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: metallb-system\n"
      "  name: config\n");
  REQUIRE(loaded.config);
  CHECK(loaded.config->pools.empty());
  CHECK(loaded.Find("no data.config", manifest::Severity::kNote));
}

TEST_CASE("other ConfigMaps are not configuration", "[legacy]") {
  const Loaded loaded = Load(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: default\n  name: config\n"
      "data:\n  config: 'address-pools: 5'\n");
  REQUIRE(loaded.config);
  CHECK(loaded.diagnostics.all().empty());
}

TEST_CASE("a quoted config string pins positions to the string", "[legacy]") {
  const std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: metallb-system\n  name: config\n"
      "data:\n  config: \"address-pools: [{name: p, protocol: layer2, addresses: [bad]}]\"\n";
  const Loaded loaded = Load(yaml);
  ExpectErrorAt(loaded, "invalid CIDR \"bad\"", yaml, "\"address-pools");
}

}  // namespace metallab::config::testing
