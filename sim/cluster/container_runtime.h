// The node side of pods: the CNI plugin and the kubelet. Pod networking is modelled on flannel's
// host-gw backend: each node owns a /24 of 10.244.0.0/16 behind a cni0 bridge holding the
// first address, and routes every other node's /24 via that node's address on the LAN. A pod's
// address is accepted by its node (the pod's network namespace is folded into the node's stack:
// the veth hop is not simulated), and its container runs as a PodServer process on the node,
// so it dies with the node's power and comes back when the node boots. As with host-gw, every
// node must sit on one L2 segment.
#ifndef METALLAB_SIM_CLUSTER_CONTAINER_RUNTIME_H_
#define METALLAB_SIM_CLUSTER_CONTAINER_RUNTIME_H_

#include <string>
#include <vector>

#include "sim/cluster/workload.h"
#include "sim/network/network.h"

namespace metallab::sim {

class ContainerRuntime {
 public:
  explicit ContainerRuntime(Network& network) : network_(network) {}

  // Gives `node` its cni0 and its pod /24, and routes between its pods and every node's
  // attached before.
  void AttachNode(const ClusterNode& node);
  void RunPod(const Pod& pod);
  void DeletePod(const Pod& pod);

 private:
  struct AttachedNode {
    IpNode* host;
    Interface* lan;
    net::IpAddress lan_address;
    net::IpPrefix pod_prefix;
  };
  static std::string ProcessName(const Pod& pod) { return "pod/" + pod.name; }
  IpNode* HostOf(const std::string& node) const;
  static void RouteTo(const AttachedNode& from, const AttachedNode& to);

  Network& network_;
  std::vector<AttachedNode> nodes_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_CONTAINER_RUNTIME_H_
