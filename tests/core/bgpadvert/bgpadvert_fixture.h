// Shared by the BGP advertisement tests: configurations loaded from YAML through core/config
// (as the CLI loads them), speaker nodes, Services and endpoints in documentation addresses.
#ifndef METALLAB_TESTS_CORE_BGPADVERT_BGPADVERT_FIXTURE_H_
#define METALLAB_TESTS_CORE_BGPADVERT_BGPADVERT_FIXTURE_H_

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/bgpadvert/advertisement_input.h"
#include "core/config/config_fixture.h"
#include "core/net/ip_prefix.h"
#include "tests/support/addresses.h"

namespace metallab::bgpadvert::testing {

using config::testing::ConfigMap;
using config::testing::Frr;
using config::testing::V09;

inline config::Config MustLoad(const std::string& yaml, const config::BuildOptions& options = {}) {
  const config::testing::Loaded loaded = config::testing::Load(yaml, options);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  return *loaded.config;
}

inline std::string Pool(const std::string& name, const std::string& spec) {
  return config::testing::Resource("IPAddressPool", name, spec) + "---\n";
}
inline std::string Ad(const std::string& name, const std::string& spec) {
  return config::testing::Resource("BGPAdvertisement", name, spec.empty() ? "{}" : spec) + "---\n";
}
inline std::string Peer(const std::string& name, const std::string& spec) {
  return config::testing::Resource("BGPPeer", name, spec, "metallb.io/v1beta2") + "---\n";
}
// An eBGP peer (AS 64500 to 64501) or, with ibgp, an iBGP one (64500 to 64500).
inline std::string SimplePeer(const std::string& name, const std::string& address,
                              bool ibgp = false, const std::string& extra = "") {
  return Peer(name, "myASN: 64500\npeerASN: " + std::string(ibgp ? "64500" : "64501") +
                        "\npeerAddress: " + address + "\n" + extra);
}

inline SpeakerNode Node(const std::string& name, k8s::Labels labels = {},
                        bool network_unavailable = false) {
  return SpeakerNode{name, layer2::ElectionNode{name, std::move(labels), network_unavailable}};
}
inline SpeakerNode NodeWithoutObject(const std::string& name) { return SpeakerNode{name, {}}; }

inline layer2::ElectionEndpoint Ready(const std::string& node) {
  return layer2::ElectionEndpoint{node, true, std::nullopt};
}
inline layer2::ElectionEndpoint NotReady(const std::string& node, bool serving = false) {
  return layer2::ElectionEndpoint{node, false, serving};
}

using ::metallab::testing::Ip;
using ::metallab::testing::Prefix;

inline layer2::LoadBalancerService Service(
    const std::string& name, const std::vector<std::string>& ips,
    std::vector<layer2::ElectionEndpoint> endpoints,
    layer2::ExternalTrafficPolicy policy = layer2::ExternalTrafficPolicy::kCluster,
    k8s::Labels labels = {}) {
  layer2::LoadBalancerService service;
  service.ns = "default";
  service.name = name;
  service.labels = std::move(labels);
  for (const std::string& ip : ips) service.ips.push_back(Ip(ip));
  service.traffic_policy = policy;
  service.endpoints = std::move(endpoints);
  return service;
}

inline PlanOptions V09Options() {
  PlanOptions options;
  options.profile = config::BehaviourProfile::kV0_9;
  return options;
}

inline config::CommunityValue Community(uint32_t high, uint32_t low) {
  return config::CommunityValue{false, 0, high, low};
}
inline config::CommunityValue Large(uint32_t global, uint32_t high, uint32_t low) {
  return config::CommunityValue{true, global, high, low};
}

}  // namespace metallab::bgpadvert::testing

#endif  // METALLAB_TESTS_CORE_BGPADVERT_BGPADVERT_FIXTURE_H_
