// The walkthrough's cluster on one LAN: workers w1-k8s..w3-k8s (192.168.1.101-103) running
// speakers, one LoadBalancer Service at 192.168.1.11 with an endpoint on every worker, and a
// client (192.168.1.200) that pings the VIP every 100 ms. The addresses are the walkthrough's;
// nothing leaves the simulator.
#ifndef METALLAB_TESTS_SIM_METALLB_L2_CLUSTER_FIXTURE_H_
#define METALLAB_TESTS_SIM_METALLB_L2_CLUSTER_FIXTURE_H_

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/metallb/announcement_log.h"
#include "sim/metallb/speaker_process.h"
#include "sim/network/lan_fixture.h"  // testing::Ip
#include "sim/network/network.h"

namespace metallab::sim::testing {

struct L2Cluster {
  static constexpr int kWorkers = 3;

  explicit L2Cluster(speaker::SpeakerOptions options = {}, uint64_t seed = 1)
      : simulator({.seed = seed}), network(simulator), vip(Ip("192.168.1.11")) {
    LearningSwitch& lan = network.AddSwitch("lan");
    for (int k = 1; k <= kWorkers; ++k) {
      IpNode& node = network.AddHost("w" + std::to_string(k) + "-k8s");
      Interface& eth = network.Attach(node, "eth1", lan);
      node.AddAddress(eth, net::IpAddress::V4(0xc0a80164u + static_cast<uint32_t>(k)), 24);
      node.AddAcceptedAddress(vip);  // kube-proxy (iptables mode) takes the VIP's packets
      workers.push_back(&node);
      view.nodes.push_back(layer2::ElectionNode{node.name(), {}, false});
      options.join.push_back(Ip("192.168.1.101"));
    }
    client = &network.AddHost("client");
    network.Attach(*client, "eth0", lan);
    client->AddAddress(*client->interfaces()[0], Ip("192.168.1.200"), 24);
    client->SetEchoReplyHandler([this](const packet::IpPacket&, const packet::IcmpEcho&) {
      replies.push_back(simulator.Now());
    });

    layer2::LoadBalancerService service;
    service.ns = "default";
    service.name = "lb-hname-svc";
    service.ips = {vip};
    for (IpNode* node : workers) service.endpoints.push_back({node->name(), true, true});
    view.services.push_back(service);
    // One pool holding the VIP, one L2Advertisement for every pool, node and interface.
    config::Pool pool;
    pool.name = "default";
    pool.cidrs = {net::IpPrefix(vip, 32)};
    view.config.pools.push_back(pool);
    view.config.l2_advertisements.push_back(config::L2Advertisement{});

    for (IpNode* node : workers) {
      auto speaker = std::make_unique<SpeakerProcess>(
          *node, view, options, SpeakerProcessParameters{.startup_jitter = 0},
          [this](const speaker::SpeakerEvent& event) {
            if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event)) {
              changes.push_back(*change);
            }
          });
      speakers.push_back(speaker.get());
      node->AddProcess("speaker", std::move(speaker));
    }
  }

  IpNode& worker(const std::string& name) { return *network.FindIpNode(name); }

  // Pings the VIP every 100 ms from `from` to `to`.
  void Ping(SimTime from, SimTime to) {
    for (SimTime t = from; t < to; t += Milliseconds(100)) {
      simulator.ScheduleAt(t, [this] { client->SendEchoRequest(vip, 1, sequence++); });
    }
  }

  // Who announces the VIP at `at`, by the speakers' own reports.
  std::vector<std::string> AnnouncersAt(SimTime at) const {
    return sim::AnnouncersAt(changes, vip, at);
  }

  // The longest time without an echo reply between `from` and `to`.
  SimDuration LongestOutage(SimTime from, SimTime to) const {
    SimTime last = from;
    SimDuration longest = 0;
    for (SimTime reply : replies) {
      if (reply < from || reply > to) continue;
      longest = std::max(longest, reply - last);
      last = reply;
    }
    return std::max(longest, to - last);
  }

  Simulator simulator;
  Network network;
  net::IpAddress vip;
  std::vector<IpNode*> workers;
  IpNode* client = nullptr;
  speaker::StaticClusterView view;
  std::vector<SpeakerProcess*> speakers;
  std::vector<speaker::AnnouncementChange> changes;
  std::vector<SimTime> replies;
  uint16_t sequence = 0;
};

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_METALLB_L2_CLUSTER_FIXTURE_H_
