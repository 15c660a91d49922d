#include "core/k8s/node_object.h"

#include "core/k8s/object_header_reader.h"

namespace metallab::k8s {

std::optional<NodeObject> ReadNode(const manifest::Document& document, const ObjectHeader& header,
                                   manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const manifest::FieldReader root = RootReader(document, header, diagnostics);
  if (header.api_version != "v1") root.ErrorAt("apiVersion", "a Node is apiVersion v1");
  if (header.name.empty()) root.ErrorAt("metadata", "metadata.name is required");
  NodeObject node{header.name, header.labels, false};
  if (const auto status = root.Child("status")) {
    for (const manifest::FieldReader& condition : status->Children("conditions")) {
      if (condition.String("type").value_or("") != "NetworkUnavailable") continue;
      node.network_unavailable = condition.String("status").value_or("") == "True";
    }
  }
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  return node;
}

}  // namespace metallab::k8s
