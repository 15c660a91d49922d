// `kubectl get` against the simulated cluster: the rows kubectl would list for services, pods,
// nodes and deployments, rendered as kubectl prints them (sim/kubectl/kubectl_table.h).
#ifndef METALLAB_SIM_SCENARIO_KUBECTL_VIEWS_H_
#define METALLAB_SIM_SCENARIO_KUBECTL_VIEWS_H_

#include <map>
#include <string>

#include "sim/cluster/cluster_model.h"
#include "sim/engine/rng_stream.h"
#include "sim/kubectl/kubectl_command.h"

namespace metallab::sim {

// Node ports are handed out on first sight of a NodePort or LoadBalancer port, as the API
// server does, from 30000-32767; `node_ports` remembers them ("ns/name/port").
std::string RenderGet(const KubectlGet& get, const ClusterModel& cluster, SimTime now,
                      std::map<std::string, uint16_t>& node_ports, RngStream& rng);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_KUBECTL_VIEWS_H_
