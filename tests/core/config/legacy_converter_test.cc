// ConfigMap to resources conversion (configmaptocrs): the output, and that loading it gives the
// configuration the ConfigMap itself gives.
#include "core/config/legacy_converter.h"

#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {
namespace {

const std::string kFull = R"(peers:
- my-asn: 64500
  peer-asn: 64501
  peer-address: 10.0.0.1
  peer-port: 1179
  hold-time: 2m
  keepalive-time: 40.5s
  router-id: 10.0.0.100
  source-address: 10.0.0.2
  password: "yes"
  bfd-profile: slow
  node-selectors:
  - match-labels:
      rack: a
    match-expressions:
    - key: kubernetes.io/hostname
      operator: NotIn
      values: [n1]
  - {}
- my-asn: 64500
  peer-asn: 64502
  peer-address: 10.0.0.3
  router-id: 10.0.0.100
  ebgp-multihop: true
bgp-communities:
  no-advertise: 65535:65282
  "123": "1:2"
bfd-profiles:
- name: slow
  receive-interval: 300
  detect-multiplier: 5
  echo-mode: true
address-pools:
- name: bgp-a
  protocol: bgp
  avoid-buggy-ips: true
  auto-assign: false
  addresses:
  - 198.51.100.0/24
  - 198.51.101.10-198.51.101.20
  bgp-advertisements:
  - aggregation-length: 30
    localpref: 100
    communities: [no-advertise, "123"]
  - aggregation-length: 32
    localpref: 100
- name: bgp-b
  protocol: bgp
  addresses: [203.0.113.0/25]
- name: l2
  protocol: layer2
  addresses: [192.0.2.0/28, "2001:db8::/120"]
)";

void CheckSameConfig(const Config& a, const Config& b) {
  REQUIRE(a.pools.size() == b.pools.size());
  for (size_t i = 0; i < a.pools.size(); ++i) {
    Pool left = a.pools[i];
    Pool right = b.pools[i];
    left.legacy_protocol = right.legacy_protocol = LegacyProtocol::kNone;
    CHECK(left == right);
  }
  REQUIRE(a.l2_advertisements.size() == b.l2_advertisements.size());
  for (size_t i = 0; i < a.l2_advertisements.size(); ++i) {
    CHECK(a.l2_advertisements[i].name == b.l2_advertisements[i].name);
    CHECK(a.l2_advertisements[i].pools == b.l2_advertisements[i].pools);
  }
  REQUIRE(a.bgp_advertisements.size() == b.bgp_advertisements.size());
  for (size_t i = 0; i < a.bgp_advertisements.size(); ++i) {
    const BgpAdvertisement& x = a.bgp_advertisements[i];
    const BgpAdvertisement& y = b.bgp_advertisements[i];
    CHECK(x.name == y.name);
    CHECK(x.aggregation_length == y.aggregation_length);
    CHECK(x.aggregation_length_v6 == y.aggregation_length_v6);
    CHECK(x.local_pref == y.local_pref);
    CHECK(x.communities == y.communities);
    CHECK(x.pools == y.pools);
    CHECK(x.peers == y.peers);
  }
  REQUIRE(a.peers.size() == b.peers.size());
  for (size_t i = 0; i < a.peers.size(); ++i) {
    const BgpPeer& x = a.peers[i];
    const BgpPeer& y = b.peers[i];
    CHECK(x.name == y.name);
    CHECK(x.my_asn == y.my_asn);
    CHECK(x.peer_asn == y.peer_asn);
    CHECK(x.address == y.address);
    CHECK(x.port == y.port);
    CHECK(x.source_address == y.source_address);
    CHECK(x.hold_time_s == y.hold_time_s);
    CHECK(x.keepalive_time_s == y.keepalive_time_s);
    CHECK(x.router_id == y.router_id);
    CHECK(x.node_selectors == y.node_selectors);
    CHECK(x.password == y.password);
    CHECK(x.bfd_profile == y.bfd_profile);
    CHECK(x.ebgp_multihop == y.ebgp_multihop);
  }
  REQUIRE(a.bfd_profiles.size() == b.bfd_profiles.size());
  CHECK(a.community_aliases == b.community_aliases);
}

std::optional<std::string> Convert(const std::string& yaml, manifest::Diagnostics& diagnostics) {
  const auto documents = manifest::ParseManifestText(kFile, yaml, diagnostics);
  REQUIRE(documents.size() == 1);
  return ConvertLegacyConfigMap(documents[0], diagnostics);
}

}  // namespace

TEST_CASE("converted resources load to the ConfigMap's configuration", "[converter]") {
  for (const std::string& config : {kFull, std::string(R"(address-pools:
- name: nginx-ip-range
  protocol: layer2
  addresses:
  - 192.168.1.11-192.168.1.13
)")}) {
    const std::string yaml = ConfigMap(config);
    manifest::Diagnostics diagnostics;
    const auto converted = Convert(yaml, diagnostics);
    INFO(yaml);
    std::string messages;
    for (const auto& d : diagnostics.all()) messages += d.ToString() + "\n";
    INFO(messages);
    REQUIRE(converted);
    INFO(*converted);
    const Loaded from_configmap = Load(yaml, Frr());
    const Loaded from_resources = Load(*converted, Frr());
    INFO(from_configmap.Dump());
    INFO(from_resources.Dump());
    REQUIRE(from_configmap.config);
    REQUIRE(from_resources.config);
    CheckSameConfig(*from_configmap.config, *from_resources.config);
    // Deterministic.
    manifest::Diagnostics again;
    CHECK(Convert(yaml, again) == converted);
  }
}

TEST_CASE("the converted walkthrough", "[converter]") {
  manifest::Diagnostics diagnostics;
  const auto converted = Convert(R"(apiVersion: v1
kind: ConfigMap
metadata:
  namespace: metallb-system
  name: config
data:
  config: |
    peers:
    - peer-address: 10.0.0.1
      peer-asn: 64501
      my-asn: 64500
    address-pools:
    - name: nginx-ip-range
      protocol: layer2
      addresses:
      - 192.168.1.11-192.168.1.13
)",
                                 diagnostics);
  REQUIRE(converted);
  CHECK(*converted ==
        R"(# Converted by metallab from ConfigMap metallb-system/config (configmaptocrs mapping)
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: peer1
  namespace: metallb-system
spec:
  myASN: 64500
  peerASN: 64501
  peerAddress: 10.0.0.1
  holdTime: 1m30s
...
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: nginx-ip-range
  namespace: metallb-system
spec:
  addresses:
    - 192.168.1.11-192.168.1.13
...
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: l2advertisement1
  namespace: metallb-system
spec:
  ipAddressPools:
    - nginx-ip-range
...
)");
}

TEST_CASE("conversion refuses what does not load", "[converter]") {
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(Convert(ConfigMap("address-pools:\n- name: a\n  protocol: layer2\n"
                                "  addresses: [10.0.0.0/33]\n"),
                      diagnostics));
  CHECK(diagnostics.HasErrors());
  manifest::Diagnostics not_configmap;
  CHECK_FALSE(Convert("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n", not_configmap));
  CHECK(not_configmap.HasErrors());
}

}  // namespace metallab::config::testing
