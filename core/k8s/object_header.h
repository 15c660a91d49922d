// The part every Kubernetes object shares: apiVersion, kind and metadata.
#ifndef METALLAB_CORE_K8S_OBJECT_HEADER_H_
#define METALLAB_CORE_K8S_OBJECT_HEADER_H_

#include <map>
#include <optional>
#include <string>

#include "core/k8s/label_selector.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"
#include "core/manifest/field_reader.h"

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

// Reads apiVersion, kind and metadata of the document's root. Reports a root that is not a
// mapping and a missing kind; returns nullopt then.
std::optional<ObjectHeader> ReadObjectHeader(const manifest::Document& document,
                                             manifest::Diagnostics& diagnostics);

// A reader over the document's root, naming the object in messages.
manifest::FieldReader RootReader(const manifest::Document& document, const ObjectHeader& header,
                                 manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_OBJECT_HEADER_H_
