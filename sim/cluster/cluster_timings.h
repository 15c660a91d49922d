// How fast the simulated Kubernetes reacts. Defaults are upstream Kubernetes' (kubelet and
// kube-controller-manager flags), because they, not MetalLB, decide most "five minute" failovers
// (engineering notes, "Failover in the field").
#ifndef METALLAB_SIM_CLUSTER_CLUSTER_TIMINGS_H_
#define METALLAB_SIM_CLUSTER_CLUSTER_TIMINGS_H_

#include "sim/engine/sim_time.h"

namespace metallab::sim {

struct ClusterTimings {
  // kubelet --node-status-update-frequency: how often a live node reports in.
  SimDuration node_status_update = Seconds(10);
  // kube-controller-manager --node-monitor-period and --node-monitor-grace-period: a node that
  // has not reported for the grace period is NotReady, and its pods' Ready condition is false.
  SimDuration node_monitor_period = Seconds(5);
  SimDuration node_monitor_grace_period = Seconds(40);
  // The default tolerationSeconds for node.kubernetes.io/not-ready and /unreachable: pods on a
  // NotReady node are evicted (and replaced elsewhere) this long after it went NotReady.
  SimDuration pod_eviction_timeout = Seconds(300);
  // From scheduling to Ready (image present, readiness probe passing).
  SimDuration pod_startup = Seconds(2);
  // EndpointSlice controller plus watch delivery: a pod's readiness reaches watchers this late.
  SimDuration endpoint_propagation = Milliseconds(500);
  // MetalLB's controller reacting to a Service or config change.
  SimDuration controller_reconcile = Milliseconds(100);
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_CLUSTER_TIMINGS_H_
