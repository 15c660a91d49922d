// The parts of a Kubernetes Node a MetalLB speaker reads: its name, its labels (the
// exclude-from-external-load-balancers label, advertisements' nodeSelectors) and whether its
// NetworkUnavailable condition is True.
#ifndef METALLAB_CORE_K8S_NODE_OBJECT_H_
#define METALLAB_CORE_K8S_NODE_OBJECT_H_

#include <optional>
#include <string>

#include "core/k8s/label_selector.h"
#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::k8s {

struct NodeObject {
  std::string name;
  Labels labels;
  bool network_unavailable = false;
};

// Reads a v1 Node as `kubectl get node -o yaml` prints it; fields a speaker does not read are
// ignored. Reports every invalid field read; nullopt when there was one.
std::optional<NodeObject> ReadNode(const manifest::Document& document, const ObjectHeader& header,
                                   manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_NODE_OBJECT_H_
