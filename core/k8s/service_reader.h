// Reads a Service from ordinary Kubernetes YAML (what `kubectl get svc -o yaml` prints or what
// users apply). Fields MetalLB does not read are ignored, as the API server would keep them.
#ifndef METALLAB_CORE_K8S_SERVICE_READER_H_
#define METALLAB_CORE_K8S_SERVICE_READER_H_

#include <optional>

#include "core/k8s/object_header.h"
#include "core/k8s/service.h"
#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::k8s {

// Reports every invalid field; returns nullopt when any was found.
std::optional<Service> ReadService(const manifest::Document& document, const ObjectHeader& header,
                                   manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_SERVICE_READER_H_
