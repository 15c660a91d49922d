#include "sim/scenario/kubectl_executor.h"

#include "sim/scenario/kubectl_views.h"

namespace metallab::sim {

KubectlExecutor::KubectlExecutor(Simulator& simulator, ClusterModel& cluster, Hooks hooks)
    : simulator_(simulator),
      cluster_(cluster),
      hooks_(std::move(hooks)),
      node_port_rng_(simulator.Rng("cluster/node-ports")) {}

void KubectlExecutor::Execute(const KubectlCommand& command) {
  if (const auto* apply = std::get_if<KubectlApply>(&command)) return hooks_.apply(*apply);
  if (const auto* create = std::get_if<KubectlCreateDeployment>(&command)) return Create(*create);
  if (const auto* scale = std::get_if<KubectlScale>(&command)) return Scale(*scale);
  if (const auto* expose = std::get_if<KubectlExpose>(&command)) return Expose(*expose);
  if (const auto* get = std::get_if<KubectlGet>(&command)) {
    return hooks_.print(RenderGet(*get, cluster_, simulator_.Now(), node_ports_, node_port_rng_));
  }
  if (const auto* del = std::get_if<KubectlDelete>(&command)) return Delete(*del);
  if (const auto* label = std::get_if<KubectlLabel>(&command)) return Label(*label);
  if (const auto* annotate = std::get_if<KubectlAnnotate>(&command)) {
    if (annotate->resource != "services") {
      return hooks_.say("  error: metallab annotates services only");
    }
    ChangeServiceMetadata(annotate->ns, annotate->name, annotate->changes,
                          &k8s::Service::annotations, "annotated");
  }
}

void KubectlExecutor::NotFound(const std::string& kind, const std::string& name) {
  hooks_.say("  Error from server (NotFound): " + kind + " \"" + name + "\" not found");
}

void KubectlExecutor::Create(const KubectlCreateDeployment& create) {
  if (cluster_.FindDeployment(create.ns, create.name)) {
    return hooks_.say("  Error from server (AlreadyExists): deployments.apps \"" + create.name +
                      "\" already exists");
  }
  cluster_.CreateDeployment(create.ns, create.name, create.image, create.replicas,
                            create.port.value_or(80));
  hooks_.say("  deployment.apps/" + create.name + " created");
}

void KubectlExecutor::Scale(const KubectlScale& scale) {
  if (!cluster_.ScaleDeployment(scale.ns, scale.name, scale.replicas)) {
    return NotFound("deployments.apps", scale.name);
  }
  hooks_.say("  deployment.apps/" + scale.name + " scaled");
}

void KubectlExecutor::Expose(const KubectlExpose& expose) {
  const Deployment* deployment = cluster_.FindDeployment(expose.ns, expose.name);
  if (deployment == nullptr) return NotFound("deployments.apps", expose.name);
  k8s::Service service;
  service.ns = expose.ns;
  service.name = expose.service_name;
  service.type = expose.type == "LoadBalancer" ? k8s::ServiceType::kLoadBalancer
                 : expose.type == "NodePort"   ? k8s::ServiceType::kNodePort
                                               : k8s::ServiceType::kClusterIP;
  // kubectl expose copies the Deployment's selector and labels.
  service.selector = deployment->labels;
  service.labels = deployment->labels;
  service.ports = {k8s::ServicePort{"", expose.protocol, expose.port,
                                    expose.target_port.value_or(std::to_string(expose.port)), 0}};
  if (expose.load_balancer_ip) service.load_balancer_ip = *expose.load_balancer_ip;
  cluster_.ApplyService(service);
  hooks_.say("  service/" + service.name + " exposed");
}

void KubectlExecutor::Delete(const KubectlDelete& del) {
  for (const std::string& name : del.names) {
    if (del.resource == "services") {
      if (!cluster_.FindService(del.ns + "/" + name)) {
        NotFound("services", name);
        continue;
      }
      cluster_.DeleteService(del.ns + "/" + name);
      hooks_.say("  service \"" + name + "\" deleted");
    } else if (del.resource == "deployments") {
      if (!cluster_.DeleteDeployment(del.ns, name)) {
        NotFound("deployments.apps", name);
        continue;
      }
      hooks_.say("  deployment.apps \"" + name + "\" deleted");
    } else {
      hooks_.say("  error: metallab deletes services and deployments only");
    }
  }
}

void KubectlExecutor::Label(const KubectlLabel& label) {
  if (label.resource == "services") {
    return ChangeServiceMetadata(label.ns, label.name, label.changes, &k8s::Service::labels,
                                 "labeled");
  }
  if (label.resource != "nodes")
    return hooks_.say("  error: metallab labels nodes and services only");
  for (const auto& [key, value] : label.changes) {
    if (!cluster_.LabelNode(label.name, key, value)) return NotFound("nodes", label.name);
  }
  hooks_.say("  node/" + label.name + " labeled");
}

void KubectlExecutor::ChangeServiceMetadata(const std::string& ns, const std::string& name,
                                            const MetadataChanges& changes,
                                            std::map<std::string, std::string> k8s::Service::*field,
                                            const std::string& verb) {
  const k8s::Service* existing = cluster_.FindService(ns + "/" + name);
  if (existing == nullptr) return NotFound("services", name);
  k8s::Service service = *existing;
  for (const auto& [key, value] : changes) {
    if (value) {
      (service.*field)[key] = *value;
    } else {
      (service.*field).erase(key);
    }
  }
  cluster_.ApplyService(service);
  hooks_.say("  service/" + name + " " + verb);
}

}  // namespace metallab::sim
