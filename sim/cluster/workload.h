// The Kubernetes objects the cluster model schedules: Nodes as the API sees them, Deployments
// and their Pods. Plain values; ClusterModel owns and changes them.
#ifndef METALLAB_SIM_CLUSTER_WORKLOAD_H_
#define METALLAB_SIM_CLUSTER_WORKLOAD_H_

#include <string>
#include <vector>

#include "core/k8s/label_selector.h"
#include "core/net/ip_address.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

class IpNode;

struct Taint {
  std::string key;
  std::string value;
  std::string effect;  // NoSchedule, NoExecute, PreferNoSchedule
};

inline constexpr const char* kControlPlaneTaint = "node-role.kubernetes.io/control-plane";

struct ClusterNode {
  std::string name;
  IpNode* host = nullptr;
  k8s::Labels labels;
  std::vector<Taint> taints;
  bool ready = true;                 // the Ready condition
  bool network_unavailable = false;  // the NetworkUnavailable condition
  bool unschedulable = false;        // cordoned
  SimTime last_heartbeat = 0;
  SimTime not_ready_since = kNever;
  uint32_t pod_network = 0;  // the node's pod /24 (10.244.k.0), as an IPv4 value
  uint32_t next_pod_host = 2;

  bool HasNoScheduleTaint() const {
    for (const Taint& taint : taints) {
      if (taint.effect == "NoSchedule" || taint.effect == "NoExecute") return true;
    }
    return false;
  }
};

struct Deployment {
  std::string ns = "default";
  std::string name;
  std::string image;
  int replicas = 1;
  int container_port = 80;    // `--port`; images that declare none serve on 80 here
  std::string template_hash;  // the pod-template-hash part of pod names
  k8s::Labels labels;         // app=<name>, as `kubectl create deployment` sets
};

struct Pod {
  std::string ns = "default";
  std::string name;
  std::string deployment;
  std::string node;
  net::IpAddress ip;
  k8s::Labels labels;
  std::string image;
  int container_port = 80;
  SimTime created = 0;
  SimTime ready_at = kNever;  // when the readiness probe first passes
  bool ready = false;         // the Ready condition (false while its node is NotReady)
};

// MetalLB v0.14's ServiceL2Status: which node announces a Service in Layer 2 mode. The speaker
// creates it (generateName `l2-`, in metallb-system) when it starts announcing and deletes it
// when it stops (spec §5).
struct ServiceL2Status {
  std::string name;  // l2-xxxxx
  std::string node;
  std::string service_name;
  std::string service_namespace;
  std::vector<std::string> interfaces;  // empty: every interface
  SimTime created = 0;
};

// One address of an EndpointSlice as watchers (speakers, kube-proxy) see it.
struct ServiceEndpoint {
  std::string pod;
  std::string node;
  net::IpAddress address;
  int container_port = 80;
  bool ready = false;

  friend bool operator==(const ServiceEndpoint&, const ServiceEndpoint&) = default;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_WORKLOAD_H_
