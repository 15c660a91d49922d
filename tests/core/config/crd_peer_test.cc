// BGPPeer (v1beta1 and v1beta2), BFDProfile and Community resources (spec §1.2): defaults, the
// timer rules, conversions and every error.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

std::string Peer(const std::string& name, const std::string& spec,
                 const std::string& version = "metallb.io/v1beta2") {
  return Resource("BGPPeer", name, spec, version);
}

}  // namespace

TEST_CASE("BGPPeer v1beta2 defaults and fields", "[crd][peer]") {
  const std::string yaml = Resource("BFDProfile", "fast", "receiveInterval: 100") + "---\n" +
                           Peer("minimal",
                                "myASN: 64500\npeerASN: 64501\npeerAddress: 10.0.0.1\n"
                                "routerID: 10.0.0.100") +
                           "---\n" + Peer("full", R"(myASN: 64500
dynamicASN: external
interface: eth1
sourceAddress: 10.0.0.9
peerPort: 1179
holdTime: 3m
keepaliveTime: 20s
connectTime: 10s
routerID: 10.0.0.100
nodeSelectors:
- matchLabels: {rack: a}
password: pw
bfdProfile: fast
enableGracefulRestart: true
ebgpMultiHop: true
vrf: red
disableMP: true
dualStackAddressFamily: true
localASN: 64999
)");
  const Loaded loaded = Load(yaml, Frr());
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  REQUIRE(loaded.config->peers.size() == 2);
  const BgpPeer& minimal = loaded.config->peers[0];
  CHECK(minimal.name == "minimal");
  CHECK(minimal.port == 179);
  CHECK_FALSE(minimal.hold_time_s);
  CHECK_FALSE(minimal.keepalive_time_s);
  CHECK_FALSE(minimal.connect_time_s);
  CHECK(minimal.node_selectors.empty());
  CHECK(minimal.where == PositionOf(yaml, "apiVersion", 1));
  const BgpPeer& full = loaded.config->peers[1];
  CHECK(full.dynamic_asn == "external");
  CHECK(full.peer_asn == 0);
  CHECK_FALSE(full.address);
  CHECK(full.interface == "eth1");
  CHECK(full.source_address == net::IpAddress::Parse("10.0.0.9"));
  CHECK(full.port == 1179);
  CHECK(full.hold_time_s == 180u);
  CHECK(full.keepalive_time_s == 20u);
  CHECK(full.connect_time_s == 10u);
  CHECK(full.router_id == net::IpAddress::Parse("10.0.0.100"));
  CHECK(full.node_selectors.size() == 1);
  CHECK(full.password == "pw");
  CHECK(full.bfd_profile == "fast");
  CHECK(full.enable_graceful_restart);
  CHECK(full.ebgp_multihop);
  CHECK(full.vrf == "red");
  CHECK(full.disable_mp);
  CHECK(full.dual_stack_address_family);
  CHECK(full.local_asn == 64999);
  REQUIRE(loaded.config->bfd_profiles.size() == 1);
  CHECK(loaded.config->bfd_profiles[0].receive_interval_ms == 100u);
  CHECK_FALSE(loaded.config->bfd_profiles[0].transmit_interval_ms);
  CHECK_FALSE(loaded.config->bfd_profiles[0].echo_mode);
}

TEST_CASE("BGPPeer timer rules", "[crd][peer]") {
  struct Case {
    const char* timers;
    std::optional<uint32_t> hold;
    std::optional<uint32_t> keepalive;
  };
  const Case cases[] = {
      {"", std::nullopt, std::nullopt}, {"holdTime: 90s\n", 90u, 30u},
      {"holdTime: 10s\n", 10u, 3u},  // 10/3 s, rounded down
      {"keepaliveTime: 7s\n", 21u, 7u}, {"holdTime: 0s\n", 0u, 0u},
      {"holdTime: 3.9s\n", 3u, 1u},     {"holdTime: 60s\nkeepaliveTime: 60s\n", 60u, 60u},
  };
  for (const Case& c : cases) {
    CAPTURE(c.timers);
    const Loaded loaded = Load(
        Peer("p", std::string("myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.1\n") + c.timers), Frr());
    INFO(loaded.Dump());
    REQUIRE(loaded.config);
    CHECK(loaded.config->peers[0].hold_time_s == c.hold);
    CHECK(loaded.config->peers[0].keepalive_time_s == c.keepalive);
  }
}

TEST_CASE("BGPPeer v1beta1 is converted as v1beta2", "[crd][peer]") {
  const std::string yaml = Peer("old", R"(myASN: 64500
peerASN: 64501
peerAddress: 10.0.0.1
peerPort: 0
holdTime: 30s
nodeSelectors:
- matchLabels: {rack: a}
  matchExpressions:
  - {key: zone, operator: In, values: [z1]}
)",
                                "metallb.io/v1beta1");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  const BgpPeer& peer = loaded.config->peers[0];
  CHECK(peer.port == 179);
  CHECK(peer.hold_time_s == 30u);
  CHECK(peer.keepalive_time_s == 10u);
  REQUIRE(peer.node_selectors.size() == 1);
  CHECK(peer.node_selectors[0].ToString() == "rack=a,zone in (z1)");
  // Fields only v1beta2 has are unknown in v1beta1; ASNs are 16-bit there.
  const std::string newer = Peer("old",
                                 "myASN: 64500\npeerASN: 70000\npeerAddress: 10.0.0.1\n"
                                 "vrf: red\n",
                                 "metallb.io/v1beta1");
  const Loaded refused = Load(newer);
  ExpectErrorAt(refused, "spec.vrf: unknown field \"vrf\"", newer, "vrf");
  CHECK(refused.Find("spec.peerASN: value 70000 is out of range [0, 65535]"));
}

TEST_CASE("a passwordSecret is recorded with a note", "[crd][peer]") {
  const std::string yaml =
      Peer("p", "myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.1\npasswordSecret:\n  name: s\n");
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  CHECK(loaded.config->peers[0].password_secret == "s");
  CHECK(loaded.config->peers[0].password.empty());
  const manifest::Diagnostic* note =
      loaded.Find("passwordSecret \"s\" is recorded but not resolved", manifest::Severity::kNote);
  REQUIRE(note);
  CHECK(note->where.line == PositionOf(yaml, "name: s").line);
}

TEST_CASE("BGPPeer, BFDProfile and Community errors, each with its line and column",
          "[crd][peer]") {
  struct Case {
    std::string yaml;
    const char* stem;
    const char* needle;
    int occurrence = 0;
  };
  const std::string base = "peerASN: 2\npeerAddress: 10.0.0.1\n";
  const Case cases[] = {
      {Peer("p", "myASN: 0\n" + base), "missing local ASN", "myASN: ^0"},
      {Peer("p", base), "missing local ASN", "apiVersion"},
      {Peer("p", "myASN: 1\npeerAddress: 10.0.0.1\n"), "missing peer ASN and dynamicASN",
       "apiVersion"},
      {Peer("p", "myASN: 1\n" + base + "dynamicASN: internal\n"),
       "both peer ASN and dynamicASN specified", "internal"},
      {Peer("p", "myASN: 1\npeerAddress: 10.0.0.1\ndynamicASN: sometimes\n"),
       "invalid dynamicASN sometimes", "sometimes"},
      {Peer("p", "myASN: 1\npeerASN: 2\n"), "peer has no Address or Interface specified",
       "apiVersion"},
      {Peer("p", "myASN: 1\n" + base + "interface: eth0\n"),
       "peer has both Address and Interface specified", "eth0"},
      {Peer("p", "myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.256\n"),
       "invalid BGPPeer address \"10.0.0.256\"", "10.0.0.256"},
      {Peer("p", "myASN: 1\n" + base + "sourceAddress: here\n"), "invalid source IP \"here\"",
       "here"},
      {Peer("p", "myASN: 1\n" + base + "routerID: 1.2.3\n"), "invalid router ID \"1.2.3\"",
       "1.2.3"},
      {Peer("p", "myASN: 1\n" + base + "holdTime: 2s\n"),
       "invalid BGPPeer timers: invalid hold time \"2s\": must be 0 or >=3s", "2s"},
      {Peer("p", "myASN: 1\n" + base + "keepaliveTime: 500ms\n"),
       "invalid BGPPeer timers: invalid hold time \"1.5s\": must be 0 or >=3s", "500ms"},
      {Peer("p", "myASN: 1\n" + base + "holdTime: 30s\nkeepaliveTime: 31s\n"),
       "invalid BGPPeer timers: invalid keepaliveTime \"31s\", must be lower than holdTime "
       "\"30s\"",
       "31s"},
      {Peer("p", "myASN: 1\n" + base + "holdTime: 20h\n"),
       "invalid hold time \"20h0m0s\": must be at most 65535s", "20h"},
      {Peer("p", "myASN: 1\n" + base + "holdTime: 30\n"),
       "spec.holdTime: time: missing unit in duration \"30\"", "holdTime: ^30"},
      {Peer("p", "myASN: 1\n" + base + "connectTime: 1500ms\n"),
       "connect time should contain a whole number of seconds", "1500ms"},
      {Peer("p", "myASN: 1\n" + base + "connectTime: 0s\n"),
       "connect time should be between 1 seconds to 65535", "0s"},
      {Peer("p", "myASN: 1\npeerASN: 1\npeerAddress: 10.0.0.1\nebgpMultiHop: true\n"),
       "invalid ebgp-multihop parameter set for an ibgp peer", "true"},
      {Peer("p", "myASN: 1\n" + base + "password: a\npasswordSecret: {name: s}\n"),
       "can not have both password and secret ref set in peer config "
       "\"metallb-system\"/\"p\"",
       "{name: ^s}"},
      {Peer("p", "myASN: 1\n" + base + "password: \"a\\nb\"\n"),
       "password for peer \"metallb-system\"/\"p\" contains invalid characters", "\"a\\nb\""},
      {Peer("p", "myASN: 1\n" + base + "bfdProfile: nope\n"),
       "peer p referencing non existing bfd profile nope", "nope"},
      {Peer("p", "myASN: 1\n" + base + "peerPort: 16385\n"),
       "spec.peerPort: value 16385 is out of range [1, 16384]", "16385"},
      {Peer("p", "myASN: 1\n" + base +
                     "nodeSelectors:\n- matchLabels: {a: b}\n"
                     "- matchLabels: {a: b}\n"),
       "duplicate definition of nodeSelectors \"a=b\"", "matchLabels", 1},
      {Peer("p", "myASN: 1\n" + base) + "---\n" + Peer("q", "myASN: 1\n" + base),
       "peer q already exists", "apiVersion", 1},
      {Peer("p", "myASN: x\n" + base), "spec.myASN: expected an integer, got \"x\"", "x\n"},
      {Peer("p", "- myASN: 1\n"), "spec: expected a mapping, got a list", "- myASN"},
      {Resource("BFDProfile", "b", "detectMultiplier: 256"),
       "invalid detect multiplier value: invalid value 256, must be in 2-255 range", "256"},
      {Resource("BFDProfile", "b", "receiveInterval: 9"),
       "invalid receive interval value: invalid value 9, must be in 10-60000 range", "9"},
      {Resource("BFDProfile", "b", "transmitInterval: 60001"),
       "invalid transmit interval value: invalid value 60001, must be in 10-60000 range", "60001"},
      {Resource("BFDProfile", "b", "echoInterval: 5"),
       "invalid echo interval value: invalid value 5, must be in 10-60000 range", "Interval: ^5"},
      {Resource("BFDProfile", "b", "minimumTtl: 255"),
       "invalid minimum ttl value: invalid value 255, must be in 1-254 range", "255"},
      {Resource("BFDProfile", "b", "echoMode: sometimes"),
       "spec.echoMode: expected a boolean (true or false), got \"sometimes\"", "sometimes"},
      {"apiVersion: metallb.io/v1beta1\nkind: BFDProfile\nmetadata:\n  namespace: "
       "metallb-system\n",
       "missing bfd profile name", "apiVersion"},
      {Resource("Community", "c",
                "communities:\n- name: a\n  value: \"1:2\"\n- name: a\n"
                "  value: \"1:3\""),
       "duplicate definition of community \"a\"", "name: ^a", 1},
      {Resource("Community", "c", "communities:\n- name: a\n  value: \"1:2\"") + "---\n" +
           Resource("Community", "d", "communities:\n- name: a\n  value: \"1:3\""),
       "duplicate definition of community \"a\"", "name: ^a", 1},
      {Resource("Community", "c", "communities:\n- name: a\n  value: \"1:x\""),
       "parsing community \"a\": invalid community value: invalid section \"x\" of community "
       "\"1:x\"",
       "\"1:x\""},
      {Resource("Community", "c", "communities:\n- name: a\n  value: \"big:1:2:3\""),
       "parsing community \"a\": invalid community value: invalid marker for large community",
       "\"big:1:2:3\""},
      {Resource("Community", "c", "communities:\n- name: a\n  value: \"1\""),
       "parsing community \"a\": invalid community format: 1", "\"1\""},
      {Resource("Community", "c", "communities:\n- name: a"), "value: required field is missing",
       "name: a"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    ExpectErrorAt(Load(c.yaml, Frr()), c.stem, c.yaml, c.needle, c.occurrence);
  }
}

TEST_CASE("the same peer twice in one ConfigMap is refused, distinct peers are not",
          "[crd][peer]") {
  const std::string base = "myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.1\n";
  CHECK(Load(Peer("p", base) + "---\n" + Peer("q", base + "holdTime: 30s\n")).config);
}

}  // namespace metallab::config::testing

namespace metallab::config::testing {

TEST_CASE("line breaks and odd timers in peers", "[crd][peer]") {
  const std::string base = "myASN: 1\npeerASN: 2\n";
  struct Case {
    std::string spec;
    const char* stem;
    const char* needle;
  };
  const Case cases[] = {
      {base + "interface: \"eth0\\n\"\n",
       "interface for peer \"metallb-system\"/\"p\" contains invalid characters", "\"eth0"},
      {base + "peerAddress: 10.0.0.1\nvrf: \"red\\r\"\n",
       "VRF name for peer \"metallb-system\"/\"p\" contains invalid characters", "\"red"},
      {base + "peerAddress: 10.0.0.1\nholdTime: 30s\nkeepaliveTime: -1s\n",
       "invalid keepaliveTime \"-1s\": must not be negative", "-1s"},
      {base + "peerAddress: 10.0.0.1\nkeepaliveTime: 1000000h\n",
       "invalid keepaliveTime \"1000000h0m0s\": three times it overflows", "1000000h"},
      {base + "peerAddress: 10.0.0.1\nholdTime: -5s\n",
       "invalid hold time \"-5s\": must be 0 or >=3s", "-5s"},
  };
  for (const Case& c : cases) {
    const std::string yaml = Resource("BGPPeer", "p", c.spec, "metallb.io/v1beta2");
    CAPTURE(yaml);
    ExpectErrorAt(Load(yaml, Frr()), c.stem, yaml, c.needle);
  }
}

TEST_CASE("an advertisement naming an unknown peer gets a note", "[crd][peer]") {
  const std::string yaml = Resource("IPAddressPool", "p", "addresses: [10.0.0.0/24]") + "---\n" +
                           Resource("BGPAdvertisement", "a", "peers: [ghost]");
  const Loaded loaded = Load(yaml);
  REQUIRE(loaded.config);
  const manifest::Diagnostic* note =
      loaded.Find("no BGPPeer is named \"ghost\"", manifest::Severity::kNote);
  REQUIRE(note);
  CHECK(note->where == PositionOf(yaml, "ghost"));
}

}  // namespace metallab::config::testing
