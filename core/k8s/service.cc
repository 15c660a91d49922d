#include "core/k8s/service.h"

namespace metallab::k8s {

std::string_view ServiceTypeName(ServiceType type) {
  switch (type) {
    case ServiceType::kClusterIP:
      return "ClusterIP";
    case ServiceType::kNodePort:
      return "NodePort";
    case ServiceType::kLoadBalancer:
      return "LoadBalancer";
    case ServiceType::kExternalName:
      return "ExternalName";
  }
  return "ClusterIP";
}

std::optional<MetallbAnnotation> FindMetallbAnnotation(const Service& service,
                                                        std::string_view suffix) {
  const auto current = service.annotations.find("metallb.io/" + std::string(suffix));
  if (current != service.annotations.end()) return MetallbAnnotation{current->second, false};
  const auto legacy = service.annotations.find("metallb.universe.tf/" + std::string(suffix));
  if (legacy != service.annotations.end()) return MetallbAnnotation{legacy->second, true};
  return std::nullopt;
}

}  // namespace metallab::k8s
