// A scenario's world, built from its topology: one learning switch per segment, the hosts on
// them (Kubernetes nodes with their container runtime and kube-proxy, clients), the routers
// with their BGP daemons, and the cluster model over the nodes.
#ifndef METALLAB_SIM_SCENARIO_TOPOLOGY_BUILDER_H_
#define METALLAB_SIM_SCENARIO_TOPOLOGY_BUILDER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/bgp/bgp_router.h"
#include "sim/cluster/cluster_model.h"
#include "sim/cluster/container_runtime.h"
#include "sim/cluster/kube_proxy.h"
#include "sim/network/network.h"
#include "sim/scenario/run_event.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

struct ScenarioTopology {
  std::unique_ptr<ClusterModel> cluster;
  std::unique_ptr<ContainerRuntime> containers;
  std::vector<std::unique_ptr<KubeProxy>> kube_proxies;
  std::map<std::string, Link*> host_links;        // a host's cable, for link faults
  std::map<std::string, BgpRouter*> bgp_routers;  // by router name; owned by their nodes
};

struct TopologyHooks {
  RecordEvent record;  // the routers' session and route changes
  // An echo reply reached the client `client` (a host that is not a Kubernetes node).
  std::function<void(const std::string& client, const packet::IpPacket& packet,
                     const packet::IcmpEcho& echo)>
      echo_reply;
};

class TopologyBuilder {
 public:
  TopologyBuilder(const Scenario& scenario, Simulator& simulator, Network& network,
                  TopologyHooks hooks);
  ScenarioTopology Build();

 private:
  // Every host's and router's stack, as the scenario's parameters set it.
  IpNodeParameters StackParameters() const;
  void AddHost(const HostSpec& spec);
  void AddRouter(const RouterSpec& spec);
  void AddBgpRouter(IpNode& node, const RouterBgpSpec& spec);
  // Records the host's neighbour-table changes (clients and routers).
  void WatchNeighbours(IpNode& host);
  // kube-ipvs0 where IPVS runs without strictARP (Linux answers ARP for its VIPs); else null.
  Interface* ArpAnsweringDummy(IpNode& host);

  const Scenario& scenario_;
  Simulator& simulator_;
  Network& network_;
  TopologyHooks hooks_;
  std::map<std::string, LearningSwitch*> switches_;
  std::map<std::string, LinkParameters> links_;
  ScenarioTopology built_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_TOPOLOGY_BUILDER_H_
