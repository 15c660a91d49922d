// The Kubernetes side of a simulation: Nodes, Deployments and their Pods, Services, MetalLB's
// controller allocating their IPs, and the EndpointSlices speakers read, each change reaching
// watchers after the delays of ClusterTimings. It is the ClusterView every simulated speaker
// reads, and tells its subscribers (the speakers) whenever what they read may have changed.
//
// Simplifications (docs/cluster-model.md): one Deployment controller and scheduler acting
// instantly; pods never terminate gracefully; readiness is "started and its node Ready".
#ifndef METALLAB_SIM_CLUSTER_CLUSTER_MODEL_H_
#define METALLAB_SIM_CLUSTER_CLUSTER_MODEL_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/controller/service_controller.h"
#include "core/k8s/cluster_ip_assigner.h"
#include "core/speaker/cluster_view.h"
#include "sim/cluster/cluster_lifecycle_event.h"
#include "sim/cluster/cluster_timings.h"
#include "sim/cluster/load_balancer_frontend.h"
#include "sim/cluster/workload.h"
#include "sim/engine/simulator.h"

namespace metallab::sim {

class ClusterModel : public speaker::ClusterView {
 public:
  ClusterModel(Simulator& simulator, ClusterTimings timings = {},
               controller::ControllerOptions controller_options = {});

  // A Node object for `host` (named after it); the control plane carries the NoSchedule taint.
  ClusterNode& AddNode(IpNode& host, bool control_plane = false);
  ClusterNode* FindNode(const std::string& name);
  const std::vector<ClusterNode>& nodes() const { return nodes_; }
  // kubectl label node NAME key=value / key- (nullopt removes).
  bool LabelNode(const std::string& name, const std::string& key,
                 const std::optional<std::string>& value);

  void CreateDeployment(const std::string& ns, const std::string& name, const std::string& image,
                        int replicas = 1, int container_port = 80);
  bool ScaleDeployment(const std::string& ns, const std::string& name, int replicas);
  // Deletes the Deployment and its pods.
  bool DeleteDeployment(const std::string& ns, const std::string& name);
  const Deployment* FindDeployment(const std::string& ns, const std::string& name) const;
  const std::vector<Deployment>& deployments() const { return deployments_; }
  const std::vector<Pod>& pods() const { return pods_; }

  // The API server fills in cluster IPs (kept across updates); the Service reaches MetalLB's
  // controller after controller_reconcile.
  void ApplyService(k8s::Service service);
  void DeleteService(const std::string& key);
  // The Service as the API server holds it (spec and cluster IPs), or nullptr.
  const k8s::Service* FindService(const std::string& key) const;
  const std::map<std::string, k8s::Service>& services() const { return services_; }
  // MetalLB's configuration: an error (and the old one kept) when the controller refuses it.
  std::optional<std::string> SetConfig(const config::Config& config);
  const controller::ServiceController& controller() const { return controller_; }
  const config::Config& config() const { return config_; }

  // ServiceL2Status objects, kept by the speakers (node, namespace/name of the Service).
  void SetServiceL2Status(const std::string& node, const std::string& service,
                          std::vector<std::string> interfaces);
  void DeleteServiceL2Status(const std::string& node, const std::string& service);
  const std::vector<ServiceL2Status>& service_l2_statuses() const { return l2_statuses_; }

  // The node lifecycle controller's verdicts (NodeLifecycle decides when).
  void SetNodeReady(const std::string& name, bool ready);
  void EvictPods(const std::string& node);

  // Called after anything a speaker reads may have changed.
  void Subscribe(std::function<void()> on_change) { subscribers_.push_back(std::move(on_change)); }
  // Told of node readiness changes, evictions, pods becoming ready and EndpointSlice states
  // reaching watchers, as they happen.
  void SetLifecycleObserver(std::function<void(ClusterLifecycleEvent)> observer) {
    lifecycle_observer_ = std::move(observer);
  }
  // The kubelets' side: told when a pod is placed on a node and when it is deleted.
  struct PodHooks {
    std::function<void(const Pod& pod)> created;
    std::function<void(const Pod& pod)> deleted;
  };
  void SetPodHooks(PodHooks hooks) { pod_hooks_ = std::move(hooks); }

  // What kube-proxy programs: every LoadBalancer ingress IP and port with the endpoints
  // watchers currently see.
  std::vector<LoadBalancerFrontend> LoadBalancerFrontends() const;

  // speaker::ClusterView
  std::vector<layer2::ElectionNode> Nodes() const override;
  // Built once per change and shared by every speaker's reconciliation.
  const std::vector<layer2::LoadBalancerService>& Services() const override;
  const config::Config& MetallbConfig() const override { return config_; }
  uint64_t Generation() const override { return generation_; }
  // The endpoints watchers currently see for a Service (namespace/name).
  std::vector<layer2::ElectionEndpoint> PublishedEndpoints(const std::string& key) const;

 private:
  void ReconcileDeployments();
  // Deletes the pods `doomed` selects, telling the pod hooks.
  template <typename Predicate>
  size_t DeletePods(Predicate doomed);
  void CreatePod(const Deployment& deployment);
  void StartPod(const std::string& pod_name, SimTime ready_at);
  std::map<std::string, std::vector<ServiceEndpoint>> CurrentEndpoints() const;
  void PublishEndpoints();
  void Notify();
  std::vector<std::string> NodesWithReadyEndpoints() const;  // in the published EndpointSlices
  std::string RandomSuffix(size_t length);

  Simulator& simulator_;
  ClusterTimings timings_;
  RngStream names_;
  std::vector<ClusterNode> nodes_;
  std::vector<Deployment> deployments_;
  std::vector<Pod> pods_;
  std::map<std::string, k8s::Service> services_;  // as applied, by key
  k8s::ClusterIpAssigner cluster_ips_;
  controller::ServiceController controller_;
  config::Config config_;
  std::map<std::string, std::vector<ServiceEndpoint>> published_;
  PodHooks pod_hooks_;
  std::vector<ServiceL2Status> l2_statuses_;
  bool snapshot_pending_ = false;  // an EndpointSlice snapshot is due at the end of this instant
  std::vector<layer2::LoadBalancerService> BuildServices() const;
  // Cleared, and the generation counted up, on every change a speaker can see.
  mutable std::optional<std::vector<layer2::LoadBalancerService>> services_view_;
  uint64_t generation_ = 0;
  std::vector<std::function<void()>> subscribers_;
  std::function<void(ClusterLifecycleEvent)> lifecycle_observer_;
  void Tell(ClusterLifecycleEvent event) const {
    if (lifecycle_observer_) lifecycle_observer_(std::move(event));
  }
  uint32_t trace_component_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_CLUSTER_MODEL_H_
