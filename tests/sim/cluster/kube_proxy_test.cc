#include "sim/cluster/kube_proxy.h"

#include <map>
#include <optional>
#include <set>

#include <catch2/catch.hpp>

#include "sim/apps/http_get.h"
#include "sim/cluster/container_runtime.h"
#include "walkthrough_cluster.h"

namespace metallab::sim {
namespace {

using testing::Expose;
using testing::Ip;
using testing::WalkthroughCluster;

// The walkthrough's cluster with its data path: pods on a host-gw network, kube-proxy on every
// node, and a client on the LAN that reaches a VIP through whichever node a test picks (a
// static route stands in for the ARP answer of an announcing speaker).
struct DataPath {
  DataPath() : runtime(walkthrough.network) {
    ClusterModel& cluster = walkthrough.cluster;
    cluster.SetPodHooks({[this](const Pod& pod) { runtime.RunPod(pod); },
                         [this](const Pod& pod) { runtime.DeletePod(pod); }});
    for (const ClusterNode& node : cluster.nodes()) {
      node.host->SetForwarding(true);
      runtime.AttachNode(node);
      proxies[node.name] = std::make_unique<KubeProxy>(*node.host, nullptr);
    }
    cluster.Subscribe([this] {
      const auto frontends = walkthrough.cluster.LoadBalancerFrontends();
      for (auto& [name, proxy] : proxies) proxy->Sync(frontends);
    });
    auto* lan = dynamic_cast<LearningSwitch*>(walkthrough.network.FindNode("lan"));
    client = &walkthrough.network.AddHost("client");
    client->AddAddress(walkthrough.network.Attach(*client, "eth0", *lan), Ip("192.168.1.200"), 24);
  }

  void Deploy(const std::string& name, const std::string& image, int replicas,
              k8s::TrafficPolicy policy) {
    walkthrough.cluster.CreateDeployment("default", name, image, replicas);
    k8s::Service service = Expose(name, name);
    service.external_traffic_policy = policy;
    walkthrough.cluster.ApplyService(service);
    walkthrough.simulator.RunFor(Seconds(5));  // allocation, pod start, EndpointSlices
  }

  // The client sends traffic for `vip` to `node`'s address.
  void Via(const char* vip, const char* node) {
    client->AddRoute(net::IpPrefix(Ip(vip), 32),
                     {NextHop{Ip(node), client->interfaces()[0].get()}});
  }

  HttpGetResult Get(const char* vip) {
    std::optional<HttpGetResult> result;
    HttpGet get(*client, Ip(vip), 80, "/", [&result](const HttpGetResult& r) { result = r; });
    walkthrough.simulator.Schedule(Seconds(1), [&get] { get.Cancel(Seconds(1)); });
    walkthrough.simulator.RunFor(Seconds(1) + Milliseconds(1));
    REQUIRE(result);
    return *result;
  }

  // The bodies of `count` GETs, counted.
  std::map<std::string, int> Answers(const char* vip, int count) {
    std::map<std::string, int> answers;
    for (int k = 0; k < count; ++k) {
      const HttpGetResult result = Get(vip);
      ++answers[result.ok ? result.response.body : "curl " + std::to_string(result.curl_code)];
    }
    return answers;
  }

  std::set<std::string> PodNames(const std::string& deployment, const std::string& node = "") {
    std::set<std::string> names;
    for (const Pod& pod : walkthrough.cluster.pods()) {
      if (pod.deployment == deployment && (node.empty() || pod.node == node)) {
        names.insert(pod.name + "\n");
      }
    }
    return names;
  }

  WalkthroughCluster walkthrough{false};
  ContainerRuntime runtime;
  std::map<std::string, std::unique_ptr<KubeProxy>> proxies;
  IpNode* client = nullptr;
};

std::set<std::string> Keys(const std::map<std::string, int>& counted) {
  std::set<std::string> keys;
  for (const auto& [key, count] : counted) keys.insert(key);
  return keys;
}

TEST_CASE("Cluster policy spreads connections over every ready endpoint", "[kube-proxy]") {
  DataPath path;
  path.Deploy("lb-hname-pods", "sysnet4admin/echo-hname", 3, k8s::TrafficPolicy::kCluster);
  path.Via("192.168.1.11", "192.168.1.101");
  const auto answers = path.Answers("192.168.1.11", 30);
  CHECK(Keys(answers) == path.PodNames("lb-hname-pods"));
  CHECK(path.proxies.at("w1-k8s")->counters().translated == 30);
  CHECK(path.proxies.at("w2-k8s")->counters().translated == 0);
}

TEST_CASE("Cluster policy masquerades: a pod sees the node, never the client", "[kube-proxy]") {
  DataPath path;
  path.Deploy("lb-ip-pods", "sysnet4admin/echo-ip", 3, k8s::TrafficPolicy::kCluster);
  path.Via("192.168.1.11", "192.168.1.101");
  const auto answers = path.Answers("192.168.1.11", 30);
  // Remote pods see w1-k8s's LAN address; its own pod sees cni0's, its pod gateway.
  CHECK(Keys(answers) == std::set<std::string>{"192.168.1.101\n", "10.244.1.1\n"});
}

TEST_CASE("Local policy keeps the client's address and stays on the node", "[kube-proxy]") {
  DataPath path;
  path.Deploy("lb-ip-pods", "sysnet4admin/echo-ip", 3, k8s::TrafficPolicy::kLocal);
  path.Deploy("lb-hname-pods", "sysnet4admin/echo-hname", 3, k8s::TrafficPolicy::kLocal);
  path.Via("192.168.1.11", "192.168.1.102");
  path.Via("192.168.1.12", "192.168.1.102");
  CHECK(path.Answers("192.168.1.11", 5) == std::map<std::string, int>{{"192.168.1.200\n", 5}});
  CHECK(Keys(path.Answers("192.168.1.12", 10)) == path.PodNames("lb-hname-pods", "w2-k8s"));
}

TEST_CASE("Local policy drops traffic on a node without a local endpoint", "[kube-proxy]") {
  DataPath path;
  path.Deploy("web", "nginx", 1, k8s::TrafficPolicy::kLocal);
  REQUIRE(path.PodNames("web", "w1-k8s").size() == 1);
  path.Via("192.168.1.11", "192.168.1.103");
  const HttpGetResult result = path.Get("192.168.1.11");
  CHECK(result.curl_code == 28);
  CHECK(path.proxies.at("w3-k8s")->counters().no_local_endpoint > 0);
  // Any other image is a plain HTTP 200 with nothing to say.
  path.client->fib().Remove(net::IpPrefix(Ip("192.168.1.11"), 32), RouteOrigin::kStatic);
  path.Via("192.168.1.11", "192.168.1.101");
  const HttpGetResult served = path.Get("192.168.1.11");
  REQUIRE(served.ok);
  CHECK(served.response.status == 200);
  CHECK(served.response.body.empty());
}

TEST_CASE("a connection stays on its endpoint, a new node resets it", "[kube-proxy]") {
  DataPath path;
  path.Deploy("lb-hname-pods", "sysnet4admin/echo-hname", 3, k8s::TrafficPolicy::kCluster);
  path.Via("192.168.1.11", "192.168.1.101");
  std::shared_ptr<TcpConnection> connection = path.client->tcp().Connect(Ip("192.168.1.11"), 80);
  std::optional<TcpCloseReason> closed;
  connection->on_closed = [&closed](TcpCloseReason reason) { closed = reason; };
  path.walkthrough.simulator.RunFor(Seconds(1));
  REQUIRE(connection->state() == TcpState::kEstablished);
  CHECK(path.proxies.at("w1-k8s")->tracked_connections() == 1);
  // The VIP moves to w2-k8s (a failover): its conntrack picks the connection up mid-stream and
  // sends it to some pod, which has no such socket and resets it.
  path.client->fib().Remove(net::IpPrefix(Ip("192.168.1.11"), 32), RouteOrigin::kStatic);
  path.Via("192.168.1.11", "192.168.1.102");
  const std::string more = "GET / HTTP/1.1\r\n\r\n";
  connection->Send(std::span(reinterpret_cast<const uint8_t*>(more.data()), more.size()));
  path.walkthrough.simulator.RunFor(Seconds(3));
  REQUIRE(closed);
  CHECK(*closed == TcpCloseReason::kReset);
}

TEST_CASE("kube-proxy forgets UDP flows to endpoints that went away", "[kube-proxy]") {
  DataPath path;
  ClusterModel& cluster = path.walkthrough.cluster;
  cluster.CreateDeployment("default", "dns", "coredns", 1, 53);
  k8s::Service service = Expose("dns", "dns");
  service.ports = {k8s::ServicePort{"", "UDP", 53, "53", 0}};
  cluster.ApplyService(service);
  path.walkthrough.simulator.RunFor(Seconds(5));
  path.Via("192.168.1.11", "192.168.1.102");
  // One client port throughout: a single long-lived UDP flow.
  int answers = 0;
  path.client->BindUdp(
      5000, [&answers](const packet::IpPacket&, const packet::UdpDatagram&) { ++answers; });
  const auto send_for = [&path](SimDuration duration) {
    for (SimDuration t = 0; t < duration; t += Milliseconds(200)) {
      path.client->SendUdp(Ip("192.168.1.11"), 5000, 53, {'q'});
      path.walkthrough.simulator.RunFor(Milliseconds(200));
    }
  };
  send_for(Seconds(2));
  CHECK(answers == 10);
  // The pod is replaced (a new address); the pinned flow must follow it, not stay dark.
  cluster.ScaleDeployment("default", "dns", 0);
  send_for(Seconds(2));
  cluster.ScaleDeployment("default", "dns", 1);
  path.walkthrough.simulator.RunFor(Seconds(4));
  CHECK(path.proxies.at("w2-k8s")->counters().udp_flows_cleared >= 1);
  answers = 0;
  send_for(Seconds(2));
  CHECK(answers == 10);
}

}  // namespace
}  // namespace metallab::sim
