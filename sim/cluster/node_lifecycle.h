// Kubernetes' node lifecycle as failover depends on it: each live node's kubelet reports in
// every node_status_update; the node lifecycle controller checks every node_monitor_period and
// marks a node NotReady (its pods unready) once it has been silent for the grace period, then
// evicts its pods pod_eviction_timeout later. A node whose host is back reports in again and is
// Ready at the next check. "Live" means the host is powered.
#ifndef METALLAB_SIM_CLUSTER_NODE_LIFECYCLE_H_
#define METALLAB_SIM_CLUSTER_NODE_LIFECYCLE_H_

#include <set>
#include <string>

#include "sim/cluster/cluster_model.h"

namespace metallab::sim {

class NodeLifecycle {
 public:
  NodeLifecycle(Simulator& simulator, ClusterModel& cluster, ClusterTimings timings = {});
  // Starts the kubelets' reports (staggered per node) and the controller's checks.
  void Start();

 private:
  void Heartbeat(const std::string& node);
  void Monitor();

  Simulator& simulator_;
  ClusterModel& cluster_;
  ClusterTimings timings_;
  std::set<std::string> evicted_;  // nodes whose pods are gone for this NotReady period
  uint32_t trace_component_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_NODE_LIFECYCLE_H_
