#include "sim/cluster/cluster_model.h"

#include <regex>

#include <catch2/catch.hpp>

#include "core/speaker/layer2_selection.h"
#include "walkthrough_cluster.h"

namespace metallab::sim {
namespace {

using testing::Expose;
using testing::Ip;
using testing::WalkthroughCluster;

std::map<std::string, int> PodsPerNode(const ClusterModel& cluster, const std::string& deployment) {
  std::map<std::string, int> count;
  for (const Pod& pod : cluster.pods()) {
    if (pod.deployment == deployment) ++count[pod.node];
  }
  return count;
}

TEST_CASE("replicas spread over the workers and never land on the control plane", "[cluster]") {
  WalkthroughCluster walkthrough(false);
  ClusterModel& cluster = walkthrough.cluster;
  cluster.CreateDeployment("default", "lb-hname-pods", "sysnet4admin/echo-hname");
  CHECK(PodsPerNode(cluster, "lb-hname-pods") == std::map<std::string, int>{{"w1-k8s", 1}});
  cluster.ScaleDeployment("default", "lb-hname-pods", 3);
  CHECK(PodsPerNode(cluster, "lb-hname-pods") ==
        std::map<std::string, int>{{"w1-k8s", 1}, {"w2-k8s", 1}, {"w3-k8s", 1}});
  cluster.ScaleDeployment("default", "lb-hname-pods", 7);
  CHECK(PodsPerNode(cluster, "lb-hname-pods") ==
        std::map<std::string, int>{{"w1-k8s", 3}, {"w2-k8s", 2}, {"w3-k8s", 2}});
  cluster.ScaleDeployment("default", "lb-hname-pods", 2);
  CHECK(cluster.pods().size() == 2);
  // Names as Kubernetes makes them: <deployment>-<pod-template-hash>-<suffix>.
  const std::regex name(
      "lb-hname-pods-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}");
  for (const Pod& pod : cluster.pods()) {
    CHECK(std::regex_match(pod.name, name));
    CHECK(pod.ip.ToString().rfind("10.244.", 0) == 0);
  }
}

TEST_CASE("the walkthrough's services get .11 and .12 once the controller has run", "[cluster]") {
  WalkthroughCluster walkthrough(false);
  ClusterModel& cluster = walkthrough.cluster;
  cluster.CreateDeployment("default", "lb-hname-pods", "sysnet4admin/echo-hname", 3);
  cluster.CreateDeployment("default", "lb-ip-pods", "sysnet4admin/echo-ip", 3);
  cluster.ApplyService(Expose("lb-hname-pods", "lb-hname-svc"));
  cluster.ApplyService(Expose("lb-ip-pods", "lb-ip-svc"));
  CHECK(cluster.Services().empty());  // the controller has not reconciled yet
  walkthrough.simulator.RunUntil(Milliseconds(200));
  const auto services = cluster.Services();
  REQUIRE(services.size() == 2);
  // Both in the walkthrough's Layer 2 pool, so both are the speakers' to elect an owner for.
  CHECK(speaker::SelectLayer2Services(cluster.MetallbConfig(), cluster.Nodes(), services).size() ==
        2);
  CHECK(services[0].name == "lb-hname-svc");
  CHECK(services[0].ips == std::vector<net::IpAddress>{Ip("192.168.1.11")});
  CHECK(services[1].ips == std::vector<net::IpAddress>{Ip("192.168.1.12")});
}

TEST_CASE("endpoints reach watchers after pod start-up and propagation", "[cluster]") {
  WalkthroughCluster walkthrough(false);
  ClusterModel& cluster = walkthrough.cluster;
  cluster.CreateDeployment("default", "lb-hname-pods", "sysnet4admin/echo-hname", 3);
  cluster.ApplyService(Expose("lb-hname-pods", "lb-hname-svc"));
  const auto ready_endpoints = [&] {
    int ready = 0;
    for (const auto& endpoint : cluster.PublishedEndpoints("default/lb-hname-svc")) {
      ready += endpoint.ready.value_or(false);
    }
    return ready;
  };
  walkthrough.simulator.RunUntil(Milliseconds(2400));
  CHECK(ready_endpoints() == 0);  // started at 2 s, not yet propagated
  walkthrough.simulator.RunUntil(Milliseconds(2600));
  CHECK(ready_endpoints() == 3);
}

TEST_CASE(
    "a node that loses power is NotReady after the grace period and its pods move "
    "five minutes later",
    "[cluster]") {
  WalkthroughCluster walkthrough(false);
  ClusterModel& cluster = walkthrough.cluster;
  cluster.CreateDeployment("default", "web", "nginx", 3);
  walkthrough.simulator.RunUntil(Seconds(10));
  cluster.FindNode("w1-k8s")->host->PowerOff();
  walkthrough.simulator.RunUntil(Seconds(49));
  CHECK(cluster.FindNode("w1-k8s")->ready);  // 40 s of grace have not passed since its last report
  walkthrough.simulator.RunUntil(Seconds(66));
  REQUIRE_FALSE(cluster.FindNode("w1-k8s")->ready);
  const SimTime not_ready = cluster.FindNode("w1-k8s")->not_ready_since;
  // Last report somewhere in the 10 s before the power cut; the check runs every 5 s.
  CHECK(not_ready > Seconds(50) - Seconds(10));
  CHECK(not_ready <= Seconds(65));
  for (const Pod& pod : cluster.pods()) {
    if (pod.node == "w1-k8s") CHECK_FALSE(pod.ready);
  }
  walkthrough.simulator.RunUntil(not_ready + Seconds(299));
  CHECK(PodsPerNode(cluster, "web").count("w1-k8s") == 1);
  walkthrough.simulator.RunUntil(not_ready + Seconds(306));
  CHECK(PodsPerNode(cluster, "web") == std::map<std::string, int>{{"w2-k8s", 2}, {"w3-k8s", 1}});
}

TEST_CASE(
    "v0.9 with one replica: the VIP is dark for about five minutes after its node dies "
    "(metallb#767)",
    "[cluster][metallb]") {
  speaker::SpeakerOptions options;
  options.profile = layer2::ElectionProfile::kV0_9;
  WalkthroughCluster walkthrough(true, options, config::BehaviourProfile::kV0_9);
  ClusterModel& cluster = walkthrough.cluster;
  cluster.CreateDeployment("default", "lb-hname-pods", "sysnet4admin/echo-hname", 1);
  cluster.ApplyService(Expose("lb-hname-pods", "lb-hname-svc"));
  walkthrough.simulator.RunUntil(Seconds(10));
  const net::IpAddress vip = Ip("192.168.1.11");
  REQUIRE(walkthrough.AnnouncersAt(vip, Seconds(10)) == std::vector<std::string>{"w1-k8s"});
  cluster.FindNode("w1-k8s")->host->PowerOff();
  walkthrough.simulator.RunUntil(Seconds(500));
  // Memberlist drops w1 within seconds, but v0.9 announces only from nodes with a ready
  // endpoint: nobody may announce until the pod is evicted and restarted elsewhere.
  CHECK(walkthrough.AnnouncersAt(vip, Seconds(60)).empty());
  SimTime back = kNever;
  for (const speaker::AnnouncementChange& change : walkthrough.changes) {
    if (change.ip == vip && change.announcing && change.at > Seconds(10)) {
      back = std::min(back, change.at);
    }
  }
  INFO("announced again at " << FormatTime(back));
  CHECK(back > Seconds(10) + Seconds(330));
  CHECK(back < Seconds(10) + Seconds(370));
  CHECK(walkthrough.AnnouncersAt(vip, Seconds(499)) == std::vector<std::string>{"w2-k8s"});
}

}  // namespace
}  // namespace metallab::sim
