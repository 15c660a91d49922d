// BGP-mode checks (spec §1.4): what native mode refuses, and the FRR peer consistency rules.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

std::string Peer(const std::string& name, const std::string& spec) {
  return Resource("BGPPeer", name, spec, "metallb.io/v1beta2");
}

const std::string kBase = "myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.1\n";

}  // namespace

TEST_CASE("native mode refuses FRR-only peer settings", "[mode]") {
  struct Case {
    const char* extra;
    const char* stem;
    const char* needle;
  };
  const Case cases[] = {
      {"bfdProfile: b\n", "peer 10.0.0.1 has bfd-profile set on native bgp mode", "bfdProfile: ^b"},
      {"keepaliveTime: 10s\n", "peer 10.0.0.1 has keepalive-time set on native bgp mode", "10s"},
      {"vrf: red\n", "peer 10.0.0.1 has vrf set on native bgp mode", "red"},
      {"connectTime: 5s\n", "peer 10.0.0.1 has connect time set on native bgp mode", "5s"},
      {"enableGracefulRestart: true\n",
       "peer 10.0.0.1 has EnableGracefulRestart flag set on native bgp mode", "true"},
      {"disableMP: true\n", "peer 10.0.0.1 has disable MP flag set on native bgp mode", "true"},
      {"dualStackAddressFamily: true\n",
       "peer 10.0.0.1 has dualStackAddressFamily set on native bgp mode", "true"},
      {"localASN: 7\n", "peer 10.0.0.1 has localASN set on native bgp mode", "7"},
  };
  for (const Case& c : cases) {
    const std::string yaml =
        Resource("BFDProfile", "b", "{}") + "---\n" + Peer("p", kBase + c.extra);
    CAPTURE(yaml);
    const Loaded native = Load(yaml);
    ExpectErrorAt(native, c.stem, yaml, c.needle);
    CHECK(native.Find("bfd profiles section set"));
  }
  const std::string dynamic = Peer("p", "myASN: 1\ndynamicASN: external\ninterface: eth0\n");
  const Loaded loaded = Load(dynamic);
  ExpectErrorAt(loaded, "peer eth0 has dynamicASN set on native bgp mode", dynamic, "external");
  ExpectErrorAt(loaded, "peer eth0 has interface set on native bgp mode", dynamic, "eth0");
  CHECK(Load(dynamic, Frr()).config);
}

TEST_CASE("native mode: a zero keepaliveTime is allowed", "[mode]") {
  CHECK(Load(Peer("p", kBase + "holdTime: 0s\nkeepaliveTime: 0s\n")).config);
}

TEST_CASE("native mode refuses BFD profiles, IPv6 BGP pools and large communities", "[mode]") {
  const std::string bfd = Resource("BFDProfile", "b", "{}");
  ExpectErrorAt(Load(bfd), "bfd profiles section set", bfd, "apiVersion");
  CHECK(Load(bfd, Frr()).config);

  const std::string pools =
      Resource("IPAddressPool", "v6", "addresses: [10.0.0.0/24, \"fc00::/120\"]") + "---\n" +
      Resource("IPAddressPool", "v4", "addresses: [10.1.0.0/24]") + "---\n";
  const std::string selected = pools + Resource("BGPAdvertisement", "a", "{}");
  ExpectErrorAt(Load(selected),
                "pool \"v6\" has ipv6 CIDR fc00::/120, native bgp mode does not support ipv6",
                selected, "\"fc00::/120\"");
  CHECK(Load(selected, Frr()).config);
  // Not selected by any BGP advertisement: fine (L2 announces IPv6 over NDP).
  CHECK(Load(pools + Resource("BGPAdvertisement", "a", "ipAddressPools: [v4]")).config);
  CHECK(Load(pools + Resource("L2Advertisement", "a", "{}")).config);

  const std::string large = pools + Resource("BGPAdvertisement", "a",
                                             "ipAddressPools: [v4]\n"
                                             "communities: [\"large:1:2:3\"]");
  ExpectErrorAt(Load(large),
                "native BGP mode only supports legacy communities, BGP advertisement \"a\" has "
                "non legacy community \"large:1:2:3\"",
                large, "\"large:1:2:3\"");
  CHECK(Load(large, Frr()).config);
  const std::string alias =
      Resource("Community", "c", "communities:\n- name: big\n  value: \"large:1:2:3\"");
  ExpectErrorAt(Load(alias),
                "native BGP mode only supports legacy communities, BGP community CR \"c\" has "
                "non legacy community \"large:1:2:3\"",
                alias, "\"large");
}

TEST_CASE("native mode checks the ConfigMap too", "[mode][legacy]") {
  const std::string yaml = ConfigMap(R"(peers:
- my-asn: 1
  peer-asn: 2
  peer-address: 10.0.0.1
  keepalive-time: 10s
  bfd-profile: b
bfd-profiles:
- name: b
address-pools:
- name: p
  protocol: bgp
  addresses: ["fc00::/120"]
)");
  const Loaded loaded = Load(yaml);
  ExpectErrorAt(loaded, "peer 10.0.0.1 has keepalive-time set on native bgp mode", yaml, "10s");
  ExpectErrorAt(loaded, "peer 10.0.0.1 has bfd-profile set on native bgp mode", yaml,
                "bfd-profile: ^b");
  ExpectErrorAt(loaded, "bfd profiles section set", yaml, "name: b");
  ExpectErrorAt(loaded, "native bgp mode does not support ipv6", yaml, "\"fc00::/120\"");
  // The default keepalive (hold/3) is not "set".
  const std::string plain =
      ConfigMap("peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  hold-time: 30s\n");
  CHECK(Load(plain).config);
}

TEST_CASE("FRR modes: peers must agree on router ID and myASN, and not repeat", "[mode]") {
  for (const BgpMode mode : {BgpMode::kFrr, BgpMode::kFrrK8s}) {
    BuildOptions options;
    options.mode = mode;
    const std::string router_ids =
        Peer("a", kBase + "routerID: 10.0.0.100") + "---\n" +
        Peer("b", "myASN: 1\npeerASN: 2\npeerAddress: 10.0.0.2\nrouterID: 10.0.0.101");
    ExpectErrorAt(Load(router_ids, options),
                  "peer 10.0.0.101 has RouterID different from 10.0.0.100, in FRR mode all "
                  "RouterID must be equal",
                  router_ids, "apiVersion", 1);
    CHECK(Load(router_ids).config);  // native does not care

    const std::string duplicate =
        Peer("a", kBase) + "---\n" + Peer("b", "myASN: 1\npeerASN: 3\npeerAddress: 10.0.0.1");
    ExpectErrorAt(Load(duplicate, options),
                  "peer 10.0.0.1 already exists, FRR mode doesn't support duplicate BGPPeers",
                  duplicate, "apiVersion", 1);
    const std::string other_vrf = Peer("a", kBase) + "---\n" +
                                  Peer("b",
                                       "myASN: 1\npeerASN: 3\npeerAddress: 10.0.0.1\n"
                                       "vrf: red");
    CHECK(Load(other_vrf, options).config);

    const std::string asns =
        Peer("a", kBase) + "---\n" + Peer("b", "myASN: 5\npeerASN: 3\npeerAddress: 10.0.0.2");
    ExpectErrorAt(Load(asns, options),
                  "peer 10.0.0.2 has myAsn different from 10.0.0.1, in FRR mode all myAsn must "
                  "be equal for the same VRF",
                  asns, "apiVersion", 1);
    const std::string asns_vrf = Peer("a", kBase) + "---\n" +
                                 Peer("b",
                                      "myASN: 5\npeerASN: 3\npeerAddress: 10.0.0.2\n"
                                      "vrf: red");
    CHECK(Load(asns_vrf, options).config);
  }
}

TEST_CASE("BgpMode names", "[mode]") {
  CHECK(ParseBgpMode("native") == BgpMode::kNative);
  CHECK(ParseBgpMode("frr") == BgpMode::kFrr);
  CHECK(ParseBgpMode("frr-k8s") == BgpMode::kFrrK8s);
  CHECK_FALSE(ParseBgpMode("bird"));
  CHECK(BgpModeName(BgpMode::kFrrK8s) == "frr-k8s");
}

}  // namespace metallab::config::testing
