// The part every Kubernetes object shares: apiVersion, kind and metadata.
#ifndef METALLAB_CORE_K8S_OBJECT_HEADER_H_
#define METALLAB_CORE_K8S_OBJECT_HEADER_H_

#include <map>
#include <string>

#include "core/k8s/label_selector.h"

namespace metallab::k8s {

struct ObjectHeader {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string ns;  // empty when metadata.namespace is absent
  Labels labels;
  std::map<std::string, std::string> annotations;

  // "Kind namespace/name" (or "Kind name"), as objects are named in messages.
  std::string DisplayName() const;
};

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_OBJECT_HEADER_H_
