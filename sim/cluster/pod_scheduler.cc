#include "sim/cluster/pod_scheduler.h"

#include <tuple>

namespace metallab::sim {

std::optional<std::string> SchedulePod(const std::vector<ClusterNode>& nodes,
                                       const std::vector<Pod>& pods,
                                       const std::string& deployment_ns,
                                       const std::string& deployment) {
  std::optional<std::string> best;
  std::tuple<int, int> best_load{0, 0};
  for (const ClusterNode& node : nodes) {
    if (!node.ready || node.unschedulable || node.HasNoScheduleTaint()) continue;
    int same = 0;
    int all = 0;
    for (const Pod& pod : pods) {
      if (pod.node != node.name) continue;
      ++all;
      if (pod.ns == deployment_ns && pod.deployment == deployment) ++same;
    }
    const std::tuple<int, int> load{same, all};
    if (!best || load < best_load) {
      best = node.name;
      best_load = load;
    }
  }
  return best;
}

}  // namespace metallab::sim
