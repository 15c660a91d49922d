// Where a new pod goes: like kube-scheduler's defaults for a Deployment, it spreads replicas
// (fewest pods of the same Deployment first, then fewest pods overall) over nodes that are
// Ready, not cordoned and without a taint the pod does not tolerate (workloads tolerate none,
// so the control plane's NoSchedule taint keeps them off it). Ties go to the node declared
// first, so a scenario always schedules the same way.
#ifndef METALLAB_SIM_CLUSTER_POD_SCHEDULER_H_
#define METALLAB_SIM_CLUSTER_POD_SCHEDULER_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/workload.h"

namespace metallab::sim {

// The node for a new pod of `deployment`, or nullopt when no node fits (the pod stays Pending).
std::optional<std::string> SchedulePod(const std::vector<ClusterNode>& nodes,
                                       const std::vector<Pod>& pods,
                                       const std::string& deployment_ns,
                                       const std::string& deployment);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_POD_SCHEDULER_H_
