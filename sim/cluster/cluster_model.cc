#include "sim/cluster/cluster_model.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/speaker/speaker_service.h"
#include "sim/cluster/pod_scheduler.h"
#include "sim/network/ip_node.h"

namespace metallab::sim {
namespace {

// Kubernetes' alphabet for generated name suffixes (no vowels, no look-alikes).
constexpr std::string_view kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

bool SelectorMatches(const k8s::Labels& selector, const k8s::Labels& labels) {
  if (selector.empty()) return false;  // a Service without a selector has no managed endpoints
  for (const auto& [key, value] : selector) {
    const auto found = labels.find(key);
    if (found == labels.end() || found->second != value) return false;
  }
  return true;
}

// The port a Service port reaches on an endpoint: targetPort when it is a number, the port
// itself when unset, and the container's port for a named one (pods here have one port).
uint16_t TargetPort(const k8s::ServicePort& port, const ServiceEndpoint& endpoint) {
  if (port.target_port.empty()) return static_cast<uint16_t>(port.port);
  const std::string& text = port.target_port;
  uint16_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size()) return number;
  return static_cast<uint16_t>(endpoint.container_port);
}

// status.loadBalancer.ingress as addresses, in order (the controller only writes valid ones).
std::vector<net::IpAddress> IngressAddresses(const k8s::Service& service) {
  std::vector<net::IpAddress> ips;
  for (const std::string& text : service.ingress_ips) {
    if (const auto ip = net::IpAddress::Parse(text)) ips.push_back(*ip);
  }
  return ips;
}

}  // namespace

ClusterModel::ClusterModel(Simulator& simulator, ClusterTimings timings,
                           controller::ControllerOptions controller_options)
    : simulator_(simulator),
      timings_(timings),
      names_(simulator.Rng("cluster/names")),
      controller_(controller_options),
      trace_component_(simulator.Component("cluster")) {}

ClusterNode& ClusterModel::AddNode(IpNode& host, bool control_plane) {
  ClusterNode node;
  node.name = host.name();
  node.host = &host;
  node.labels = {{"kubernetes.io/hostname", host.name()}, {"kubernetes.io/os", "linux"}};
  if (control_plane) {
    node.labels["node-role.kubernetes.io/control-plane"] = "";
    // kubeadm (1.20 and later) labels its control plane so load balancers skip it; MetalLB
    // v0.13+ honours the label (metallb#2021, #2274).
    node.labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
    node.taints.push_back(Taint{kControlPlaneTaint, "", "NoSchedule"});
  }
  node.last_heartbeat = simulator_.Now();
  node.pod_network = 0x0af40000u | (static_cast<uint32_t>(nodes_.size()) << 8);  // 10.244.k.0
  nodes_.push_back(std::move(node));
  services_view_.reset();
  ++generation_;
  ReconcileDeployments();  // Pending pods may fit now
  return nodes_.back();
}

ClusterNode* ClusterModel::FindNode(const std::string& name) {
  for (ClusterNode& node : nodes_) {
    if (node.name == name) return &node;
  }
  return nullptr;
}

bool ClusterModel::LabelNode(const std::string& name, const std::string& key,
                             const std::optional<std::string>& value) {
  ClusterNode* node = FindNode(name);
  if (node == nullptr) return false;
  if (value) {
    node->labels[key] = *value;
  } else {
    node->labels.erase(key);
  }
  Notify();
  return true;
}

std::string ClusterModel::RandomSuffix(size_t length) {
  std::string suffix;
  for (size_t k = 0; k < length; ++k) {
    suffix += kNameAlphabet[static_cast<size_t>(
        names_.UniformInt(0, static_cast<int64_t>(kNameAlphabet.size()) - 1))];
  }
  return suffix;
}

void ClusterModel::CreateDeployment(const std::string& ns, const std::string& name,
                                    const std::string& image, int replicas, int container_port) {
  Deployment deployment;
  deployment.ns = ns;
  deployment.name = name;
  deployment.image = image;
  deployment.replicas = replicas;
  deployment.container_port = container_port;
  deployment.template_hash = RandomSuffix(10);
  deployment.labels = {{"app", name}};
  deployments_.push_back(std::move(deployment));
  ReconcileDeployments();
}

bool ClusterModel::ScaleDeployment(const std::string& ns, const std::string& name, int replicas) {
  for (Deployment& deployment : deployments_) {
    if (deployment.ns != ns || deployment.name != name) continue;
    deployment.replicas = replicas;
    ReconcileDeployments();
    return true;
  }
  return false;
}

bool ClusterModel::DeleteDeployment(const std::string& ns, const std::string& name) {
  const auto before = deployments_.size();
  std::erase_if(deployments_, [&](const Deployment& d) { return d.ns == ns && d.name == name; });
  if (deployments_.size() == before) return false;
  DeletePods([&](const Pod& pod) { return pod.ns == ns && pod.deployment == name; });
  PublishEndpoints();
  return true;
}

const k8s::Service* ClusterModel::FindService(const std::string& key) const {
  const auto found = services_.find(key);
  return found == services_.end() ? nullptr : &found->second;
}

const Deployment* ClusterModel::FindDeployment(const std::string& ns,
                                               const std::string& name) const {
  for (const Deployment& deployment : deployments_) {
    if (deployment.ns == ns && deployment.name == name) return &deployment;
  }
  return nullptr;
}

void ClusterModel::CreatePod(const Deployment& deployment) {
  const auto node_name = SchedulePod(nodes_, pods_, deployment.ns, deployment.name);
  if (!node_name) return;  // Pending: retried when nodes change
  ClusterNode& node = *FindNode(*node_name);
  Pod pod;
  pod.ns = deployment.ns;
  pod.name = deployment.name + "-" + deployment.template_hash + "-" + RandomSuffix(5);
  pod.deployment = deployment.name;
  pod.node = node.name;
  pod.ip = net::IpAddress::V4(node.pod_network | node.next_pod_host++);
  pod.labels = deployment.labels;
  pod.image = deployment.image;
  pod.container_port = deployment.container_port;
  pod.created = simulator_.Now();
  pod.ready_at = simulator_.Now() + timings_.pod_startup;
  StartPod(pod.name, pod.ready_at);
  pods_.push_back(std::move(pod));
  if (pod_hooks_.created) pod_hooks_.created(pods_.back());
}

template <typename Predicate>
size_t ClusterModel::DeletePods(Predicate doomed) {
  size_t deleted = 0;
  for (auto pod = pods_.begin(); pod != pods_.end();) {
    if (!doomed(*pod)) {
      ++pod;
      continue;
    }
    if (pod_hooks_.deleted) pod_hooks_.deleted(*pod);
    pod = pods_.erase(pod);
    ++deleted;
  }
  return deleted;
}

void ClusterModel::StartPod(const std::string& pod_name, SimTime ready_at) {
  simulator_.ScheduleAt(
      ready_at,
      [this, pod_name, ready_at] {
        for (Pod& pod : pods_) {
          if (pod.name != pod_name || pod.ready_at != ready_at) continue;
          const ClusterNode* node = FindNode(pod.node);
          pod.ready = node != nullptr && node->ready;
          if (pod.ready) Tell(PodReady{pod.name, pod.node});
          PublishEndpoints();
        }
      },
      TraceTag{trace_component_, 1});
}

void ClusterModel::ReconcileDeployments() {
  bool changed = false;
  for (const Deployment& deployment : deployments_) {
    std::vector<size_t> own;
    for (size_t k = 0; k < pods_.size(); ++k) {
      if (pods_[k].ns == deployment.ns && pods_[k].deployment == deployment.name) own.push_back(k);
    }
    // Scaling down removes the newest pods first.
    for (int extra = static_cast<int>(own.size()) - deployment.replicas; extra > 0; --extra) {
      const Pod& newest = pods_[own.back()];
      if (pod_hooks_.deleted) pod_hooks_.deleted(newest);
      pods_.erase(pods_.begin() + static_cast<std::ptrdiff_t>(own.back()));
      own.pop_back();
      changed = true;
    }
    for (int missing = deployment.replicas - static_cast<int>(own.size()); missing > 0; --missing) {
      const size_t before = pods_.size();
      CreatePod(deployment);
      changed = changed || pods_.size() != before;
    }
  }
  if (changed) PublishEndpoints();
}

void ClusterModel::ApplyService(k8s::Service service) {
  const auto existing = services_.find(service.Key());
  if (existing != services_.end() && service.cluster_ips.empty()) {
    service.cluster_ips = existing->second.cluster_ips;
    service.ip_families = existing->second.ip_families;
  }
  cluster_ips_.Fill(service);
  services_[service.Key()] = service;
  simulator_.Schedule(
      timings_.controller_reconcile,
      [this, service] {
        controller_.Apply(service);
        Notify();
      },
      TraceTag{trace_component_, 2});
  PublishEndpoints();
}

void ClusterModel::DeleteService(const std::string& key) {
  services_.erase(key);
  simulator_.Schedule(
      timings_.controller_reconcile,
      [this, key] {
        controller_.Delete(key);
        Notify();
      },
      TraceTag{trace_component_, 3});
}

std::optional<std::string> ClusterModel::SetConfig(const config::Config& config) {
  const auto error = controller_.SetConfig(config);
  if (!error) config_ = config;
  Notify();
  return error;
}

void ClusterModel::SetServiceL2Status(const std::string& node, const std::string& service,
                                      std::vector<std::string> interfaces) {
  const size_t slash = service.find('/');
  const std::string ns = service.substr(0, slash);
  const std::string name = service.substr(slash + 1);
  for (ServiceL2Status& status : l2_statuses_) {
    if (status.node == node && status.service_namespace == ns && status.service_name == name) {
      status.interfaces = std::move(interfaces);
      return;
    }
  }
  l2_statuses_.push_back(ServiceL2Status{"l2-" + RandomSuffix(5), node, name, ns,
                                         std::move(interfaces), simulator_.Now()});
}

void ClusterModel::DeleteServiceL2Status(const std::string& node, const std::string& service) {
  std::erase_if(l2_statuses_, [&](const ServiceL2Status& status) {
    return status.node == node && status.service_namespace + "/" + status.service_name == service;
  });
}

void ClusterModel::SetNodeReady(const std::string& name, bool ready) {
  ClusterNode* node = FindNode(name);
  if (node == nullptr || node->ready == ready) return;
  node->ready = ready;
  node->not_ready_since = ready ? kNever : simulator_.Now();
  Tell(NodeReadiness{name, ready});
  for (Pod& pod : pods_) {
    if (pod.node != name) continue;
    if (!ready) {
      pod.ready = false;
    } else {
      // The node came back (a reboot): its containers start again.
      pod.ready_at = simulator_.Now() + timings_.pod_startup;
      StartPod(pod.name, pod.ready_at);
    }
  }
  PublishEndpoints();
  if (ready) ReconcileDeployments();
  Notify();
}

void ClusterModel::EvictPods(const std::string& node) {
  const size_t evicted = DeletePods([&node](const Pod& pod) { return pod.node == node; });
  if (evicted == 0) return;
  Tell(PodsEvicted{node, evicted});
  ReconcileDeployments();
  PublishEndpoints();
}

std::map<std::string, std::vector<ServiceEndpoint>> ClusterModel::CurrentEndpoints() const {
  std::map<std::string, std::vector<ServiceEndpoint>> endpoints;
  // Services often share a selector (many Services in front of one Deployment): match the pods
  // once per distinct selector.
  std::map<std::pair<std::string, k8s::Labels>, std::vector<ServiceEndpoint>> by_selector;
  for (const auto& [key, service] : services_) {
    const auto [matched, is_new] = by_selector.try_emplace({service.ns, service.selector});
    if (is_new) {
      for (const Pod& pod : pods_) {
        if (pod.ns != service.ns || !SelectorMatches(service.selector, pod.labels)) continue;
        matched->second.push_back(
            ServiceEndpoint{pod.name, pod.node, pod.ip, pod.container_port, pod.ready});
      }
    }
    endpoints[key] = matched->second;
  }
  return endpoints;
}

void ClusterModel::PublishEndpoints() {
  // What the EndpointSlice controller sees at the end of this instant reaches watchers after
  // the propagation delay; each instant's state travels on its own, so watchers see every
  // intermediate state in order. Changes within one instant (a thousand Services applied at
  // once) make one snapshot, not one each.
  if (snapshot_pending_) return;
  snapshot_pending_ = true;
  simulator_.Schedule(
      0,
      [this] {
        snapshot_pending_ = false;
        simulator_.Schedule(
            timings_.endpoint_propagation,
            [this, snapshot = CurrentEndpoints()] {
              if (snapshot == published_) return;
              published_ = snapshot;
              if (lifecycle_observer_) Tell(EndpointsPublished{NodesWithReadyEndpoints()});
              Notify();
            },
            TraceTag{trace_component_, 4});
      },
      TraceTag{trace_component_, 5});
}

std::vector<std::string> ClusterModel::NodesWithReadyEndpoints() const {
  std::set<std::string> nodes;
  for (const auto& [service, endpoints] : published_) {
    for (const ServiceEndpoint& endpoint : endpoints) {
      if (endpoint.ready) nodes.insert(endpoint.node);
    }
  }
  return {nodes.begin(), nodes.end()};
}

void ClusterModel::Notify() {
  services_view_.reset();
  ++generation_;
  for (const auto& subscriber : subscribers_) subscriber();
}

std::vector<layer2::ElectionEndpoint> ClusterModel::PublishedEndpoints(
    const std::string& key) const {
  std::vector<layer2::ElectionEndpoint> election;
  const auto found = published_.find(key);
  if (found == published_.end()) return election;
  for (const ServiceEndpoint& endpoint : found->second) {
    election.push_back(layer2::ElectionEndpoint{endpoint.node, endpoint.ready, endpoint.ready});
  }
  return election;
}

std::vector<LoadBalancerFrontend> ClusterModel::LoadBalancerFrontends() const {
  std::vector<LoadBalancerFrontend> frontends;
  for (const auto* state : controller_.Services()) {
    const k8s::Service& service = state->service;
    if (service.type != k8s::ServiceType::kLoadBalancer) continue;
    const auto endpoints = published_.find(service.Key());
    for (const net::IpAddress& ip : IngressAddresses(service)) {
      for (const k8s::ServicePort& port : service.ports) {
        LoadBalancerFrontend frontend;
        frontend.service = service.Key();
        frontend.protocol = port.protocol;
        frontend.address = ip;
        frontend.port = static_cast<uint16_t>(port.port);
        frontend.local_only = service.external_traffic_policy == k8s::TrafficPolicy::kLocal;
        if (endpoints != published_.end()) {
          for (const ServiceEndpoint& endpoint : endpoints->second) {
            if (!endpoint.ready) continue;
            frontend.backends.push_back(
                {endpoint.pod, endpoint.node, endpoint.address, TargetPort(port, endpoint)});
          }
        }
        frontends.push_back(std::move(frontend));
      }
    }
  }
  return frontends;
}

std::vector<layer2::ElectionNode> ClusterModel::Nodes() const {
  std::vector<layer2::ElectionNode> nodes;
  for (const ClusterNode& node : nodes_) {
    nodes.push_back(layer2::ElectionNode{node.name, node.labels, node.network_unavailable});
  }
  return nodes;
}

const std::vector<layer2::LoadBalancerService>& ClusterModel::Services() const {
  if (!services_view_) services_view_ = BuildServices();
  return *services_view_;
}

std::vector<layer2::LoadBalancerService> ClusterModel::BuildServices() const {
  std::vector<layer2::LoadBalancerService> services;
  for (const auto* state : controller_.Services()) {
    const k8s::Service& service = state->service;
    if (!speaker::HasAnnouncedAddress(service)) continue;
    services.push_back(speaker::SpeakerServiceOf(service, PublishedEndpoints(service.Key())));
  }
  return services;
}

}  // namespace metallab::sim
