// What the Kubernetes side does on its own after a failure, for the run's record: the node
// lifecycle controller marking a node NotReady or Ready again, evicting its pods, pods
// becoming ready, and EndpointSlices reaching watchers.
#ifndef METALLAB_SIM_CLUSTER_CLUSTER_LIFECYCLE_EVENT_H_
#define METALLAB_SIM_CLUSTER_CLUSTER_LIFECYCLE_EVENT_H_

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace metallab::sim {

struct NodeReadiness {
  std::string node;
  bool ready = false;
};

struct PodsEvicted {
  std::string node;
  size_t count = 0;
};

struct PodReady {
  std::string pod;
  std::string node;
};

// A new EndpointSlice state reached watchers (speakers, kube-proxy).
struct EndpointsPublished {
  std::vector<std::string> nodes_with_ready_endpoints;  // sorted, over every Service
};

using ClusterLifecycleEvent =
    std::variant<NodeReadiness, PodsEvicted, PodReady, EndpointsPublished>;

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_CLUSTER_LIFECYCLE_EVENT_H_
