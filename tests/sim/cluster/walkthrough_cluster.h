// The walkthrough's cluster for cluster-model tests: control plane m-k8s (192.168.1.10),
// workers w1-k8s..w3-k8s (192.168.1.101-103) on one LAN, MetalLB's pool 192.168.1.11-13 in
// Layer 2 mode, and optionally a speaker on every node reading the cluster model.
#ifndef METALLAB_TESTS_SIM_CLUSTER_WALKTHROUGH_CLUSTER_H_
#define METALLAB_TESTS_SIM_CLUSTER_WALKTHROUGH_CLUSTER_H_

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/net/ip_range.h"
#include "sim/cluster/cluster_model.h"
#include "sim/cluster/node_lifecycle.h"
#include "sim/metallb/announcement_log.h"
#include "sim/metallb/speaker_process.h"
#include "sim/network/lan_fixture.h"  // testing::Ip
#include "sim/network/network.h"

namespace metallab::sim::testing {

inline config::Config WalkthroughConfig() {
  config::Pool pool;
  pool.name = "default";
  pool.cidrs = net::IpRange::Make(Ip("192.168.1.11"), Ip("192.168.1.13"))->ToPrefixes();
  pool.legacy_protocol = config::LegacyProtocol::kLayer2;
  config::L2Advertisement ad;
  ad.name = "default";
  ad.pools = {"default"};
  config::Config config;
  config.pools = {pool};
  config.l2_advertisements = {ad};
  return config;
}

// `kubectl expose deployment NAME --type=LoadBalancer --name=SERVICE --port=80`.
inline k8s::Service Expose(const std::string& deployment, const std::string& name) {
  k8s::Service service;
  service.name = name;
  service.type = k8s::ServiceType::kLoadBalancer;
  service.selector = {{"app", deployment}};
  service.ports = {k8s::ServicePort{"", "TCP", 80, "80", 0}};
  return service;
}

struct WalkthroughCluster {
  explicit WalkthroughCluster(bool speakers, speaker::SpeakerOptions options = {},
                              config::BehaviourProfile profile = config::BehaviourProfile::kCurrent)
      : network(simulator),
        cluster(simulator, {}, controller::ControllerOptions{profile, std::nullopt}),
        lifecycle(simulator, cluster) {
    LearningSwitch& lan = network.AddSwitch("lan");
    const std::vector<std::pair<std::string, const char*>> hosts = {{"m-k8s", "192.168.1.10"},
                                                                    {"w1-k8s", "192.168.1.101"},
                                                                    {"w2-k8s", "192.168.1.102"},
                                                                    {"w3-k8s", "192.168.1.103"}};
    for (const auto& [name, address] : hosts) {
      IpNode& host = network.AddHost(name);
      host.AddAddress(network.Attach(host, "eth1", lan), Ip(address), 24);
      cluster.AddNode(host, name == "m-k8s");
      options.join.push_back(Ip("192.168.1.10"));
    }
    REQUIRE_FALSE(cluster.SetConfig(WalkthroughConfig()));
    if (speakers) {
      for (const ClusterNode& node : cluster.nodes()) {
        auto speaker = std::make_unique<SpeakerProcess>(
            *node.host, cluster, options, SpeakerProcessParameters{.startup_jitter = 0},
            [this](const speaker::SpeakerEvent& event) {
              if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event)) {
                changes.push_back(*change);
              }
            });
        SpeakerProcess* raw = speaker.get();
        cluster.Subscribe([raw] { raw->Resync(); });
        node.host->AddProcess("speaker", std::move(speaker));
      }
    }
    lifecycle.Start();
  }

  // Who announces `ip` at `at`, by the speakers' reports.
  std::vector<std::string> AnnouncersAt(const net::IpAddress& ip, SimTime at) const {
    return sim::AnnouncersAt(changes, ip, at);
  }

  Simulator simulator;
  Network network;
  ClusterModel cluster;
  NodeLifecycle lifecycle;
  std::vector<speaker::AnnouncementChange> changes;
};

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_CLUSTER_WALKTHROUGH_CLUSTER_H_
