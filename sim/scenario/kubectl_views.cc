#include "sim/scenario/kubectl_views.h"

#include <set>

#include "sim/kubectl/kubectl_table.h"
#include "sim/network/ip_node.h"

namespace metallab::sim {
namespace {

// The simulated cluster was created at time 0: ages count from there.
constexpr SimTime kClusterCreated = 0;

bool Wanted(const KubectlGet& get, const std::string& ns, const std::string& name) {
  if (!get.all_namespaces && ns != get.ns) return false;
  return get.names.empty() || std::count(get.names.begin(), get.names.end(), name) > 0;
}

std::string JoinLabels(const k8s::Labels& labels) {
  std::string text;
  for (const auto& [key, value] : labels) text += (text.empty() ? "" : ",") + key + "=" + value;
  return text;
}

uint16_t NodePort(const std::string& key, std::map<std::string, uint16_t>& node_ports,
                  RngStream& rng) {
  const auto found = node_ports.find(key);
  if (found != node_ports.end()) return found->second;
  std::set<uint16_t> used;
  for (const auto& [k, port] : node_ports) used.insert(port);
  uint16_t port = 0;
  do {
    port = static_cast<uint16_t>(rng.UniformInt(30000, 32767));
  } while (used.count(port) > 0 && used.size() < 2768);
  node_ports[key] = port;
  return port;
}

std::string RenderServices(const KubectlGet& get, const ClusterModel& cluster, SimTime now,
                           std::map<std::string, uint16_t>& node_ports, RngStream& rng) {
  std::vector<ServiceRow> rows;
  // Every cluster has the API server's own Service.
  if (Wanted(get, "default", "kubernetes")) {
    rows.push_back(ServiceRow{"default", "kubernetes", "ClusterIP", "10.96.0.1", "<none>",
                              "443/TCP", "<none>", now - kClusterCreated});
  }
  for (const auto& [key, service] : cluster.services()) {
    if (!Wanted(get, service.ns, service.name)) continue;
    const auto* state = cluster.controller().Find(key);
    const bool load_balancer = service.type == k8s::ServiceType::kLoadBalancer;
    std::string external = "<none>";
    if (load_balancer) {
      external = "<pending>";
      if (state != nullptr && !state->service.ingress_ips.empty()) {
        external.clear();
        for (const std::string& ip : state->service.ingress_ips) {
          external += (external.empty() ? "" : ",") + ip;
        }
      }
    }
    std::vector<ServicePortCell> ports;
    for (const k8s::ServicePort& port : service.ports) {
      const bool has_node_port = load_balancer || service.type == k8s::ServiceType::kNodePort;
      ports.push_back(ServicePortCell{
          port.port,
          has_node_port ? NodePort(key + "/" + std::to_string(port.port), node_ports, rng) : 0,
          port.protocol});
    }
    const std::string type(k8s::ServiceTypeName(service.type));
    rows.push_back(ServiceRow{service.ns, service.name, type,
                              service.cluster_ips.empty() ? "<none>" : service.cluster_ips.front(),
                              external, FormatServicePorts(ports), JoinLabels(service.selector),
                              now - kClusterCreated});
  }
  if (rows.empty()) return NoResourcesFound(get.all_namespaces ? "" : get.ns);
  return FormatServices(rows, get.wide, get.all_namespaces);
}

std::string RenderPods(const KubectlGet& get, const ClusterModel& cluster, SimTime now) {
  std::vector<PodRow> rows;
  for (const Pod& pod : cluster.pods()) {
    if (!Wanted(get, pod.ns, pod.name)) continue;
    const bool started = now >= pod.ready_at;
    rows.push_back(PodRow{pod.ns, pod.name, pod.ready ? "1/1" : "0/1",
                          started ? "Running" : "ContainerCreating", pod.ip.ToString(), pod.node, 0,
                          now - pod.created});
  }
  if (rows.empty()) return NoResourcesFound(get.all_namespaces ? "" : get.ns);
  return FormatPods(rows, get.wide, get.all_namespaces);
}

std::string RenderNodes(const KubectlGet& get, const ClusterModel& cluster, SimTime now) {
  std::vector<NodeRow> rows;
  for (const ClusterNode& node : cluster.nodes()) {
    if (!get.names.empty() && std::count(get.names.begin(), get.names.end(), node.name) == 0) {
      continue;
    }
    std::string address = "<none>";
    if (node.host != nullptr && !node.host->interfaces().empty()) {
      for (const InterfaceAddress& a : node.host->Addresses(*node.host->interfaces().front())) {
        if (a.address.is_v4()) address = a.address.ToString();
      }
    }
    const bool control_plane = node.labels.count("node-role.kubernetes.io/control-plane") > 0;
    rows.push_back(NodeRow{node.name, node.ready ? "Ready" : "NotReady",
                           control_plane ? "control-plane" : "<none>", "v1.28.2", address,
                           "Ubuntu 22.04.3 LTS", "5.15.0-88-generic", "containerd://1.7.2",
                           now - kClusterCreated});
  }
  if (rows.empty()) return NoResourcesFound("");
  return FormatNodes(rows, get.wide);
}

std::string RenderDeployments(const KubectlGet& get, const ClusterModel& cluster, SimTime now) {
  std::vector<DeploymentRow> rows;
  for (const Deployment& deployment : cluster.deployments()) {
    if (!Wanted(get, deployment.ns, deployment.name)) continue;
    int ready = 0;
    int existing = 0;
    SimTime created = now;
    for (const Pod& pod : cluster.pods()) {
      if (pod.ns != deployment.ns || pod.deployment != deployment.name) continue;
      ++existing;
      ready += pod.ready;
      created = std::min(created, pod.created);
    }
    const std::string image = deployment.image;
    const std::string container = image.substr(image.rfind('/') + 1);
    rows.push_back(DeploymentRow{
        deployment.ns, deployment.name, ready, deployment.replicas, existing, ready, now - created,
        container.substr(0, container.find(':')), image, JoinLabels(deployment.labels)});
  }
  if (rows.empty()) return NoResourcesFound(get.all_namespaces ? "" : get.ns);
  return FormatDeployments(rows, get.wide, get.all_namespaces);
}

std::string RenderServiceL2Statuses(const KubectlGet& get, const ClusterModel& cluster,
                                    SimTime now) {
  constexpr const char* kNamespace = "metallb-system";
  std::vector<ServiceL2StatusRow> rows;
  for (const ServiceL2Status& status : cluster.service_l2_statuses()) {
    if (!Wanted(get, kNamespace, status.name)) continue;
    rows.push_back(ServiceL2StatusRow{kNamespace, status.name, status.node, status.service_name,
                                      status.service_namespace, now - status.created});
  }
  if (rows.empty()) return NoResourcesFound(get.all_namespaces ? "" : get.ns);
  return FormatServiceL2Statuses(rows, get.all_namespaces);
}

}  // namespace

std::string RenderGet(const KubectlGet& get, const ClusterModel& cluster, SimTime now,
                      std::map<std::string, uint16_t>& node_ports, RngStream& rng) {
  if (get.resource == "services") return RenderServices(get, cluster, now, node_ports, rng);
  if (get.resource == "pods") return RenderPods(get, cluster, now);
  if (get.resource == "nodes") return RenderNodes(get, cluster, now);
  if (get.resource == "deployments") return RenderDeployments(get, cluster, now);
  if (get.resource == "servicel2statuses") return RenderServiceL2Statuses(get, cluster, now);
  return "error: the server doesn't have a resource type \"" + get.resource + "\"\n";
}

}  // namespace metallab::sim
