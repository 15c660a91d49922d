#include "sim/cluster/node_lifecycle.h"

#include "sim/network/ip_node.h"

namespace metallab::sim {

NodeLifecycle::NodeLifecycle(Simulator& simulator, ClusterModel& cluster, ClusterTimings timings)
    : simulator_(simulator),
      cluster_(cluster),
      timings_(timings),
      trace_component_(simulator.Component("cluster/node-lifecycle")) {}

void NodeLifecycle::Start() {
  for (const ClusterNode& node : cluster_.nodes()) {
    // Kubelets started at different moments report at different phases.
    RngStream rng = simulator_.Rng("kubelet/" + node.name);
    const SimDuration phase = rng.UniformInt(0, timings_.node_status_update - 1);
    const std::string name = node.name;
    simulator_.Schedule(
        phase, [this, name] { Heartbeat(name); }, TraceTag{trace_component_, 1});
  }
  simulator_.Schedule(
      timings_.node_monitor_period, [this] { Monitor(); }, TraceTag{trace_component_, 2});
}

void NodeLifecycle::Heartbeat(const std::string& name) {
  ClusterNode* node = cluster_.FindNode(name);
  if (node == nullptr) return;
  if (node->host == nullptr || node->host->powered()) node->last_heartbeat = simulator_.Now();
  simulator_.Schedule(
      timings_.node_status_update, [this, name] { Heartbeat(name); },
      TraceTag{trace_component_, 1});
}

void NodeLifecycle::Monitor() {
  const SimTime now = simulator_.Now();
  for (const ClusterNode& node : cluster_.nodes()) {
    const bool silent = now - node.last_heartbeat > timings_.node_monitor_grace_period;
    if (node.ready && silent) {
      cluster_.SetNodeReady(node.name, false);
      evicted_.erase(node.name);
    } else if (!node.ready && !silent) {
      cluster_.SetNodeReady(node.name, true);
    } else if (!node.ready && evicted_.count(node.name) == 0 &&
               now >= node.not_ready_since + timings_.pod_eviction_timeout) {
      evicted_.insert(node.name);
      cluster_.EvictPods(node.name);
    }
  }
  simulator_.Schedule(
      timings_.node_monitor_period, [this] { Monitor(); }, TraceTag{trace_component_, 2});
}

}  // namespace metallab::sim
