#include "core/k8s/object_header_reader.h"

namespace metallab::k8s {

std::optional<ObjectHeader> ReadObjectHeader(const manifest::Document& document,
                                             manifest::Diagnostics& diagnostics) {
  if (!document.root.IsMap()) {
    diagnostics.Error(document.Locate(document.root), "",
                      "a Kubernetes object must be a YAML mapping");
    return std::nullopt;
  }
  const manifest::FieldReader root(document.source, document.root, "", "", diagnostics);
  ObjectHeader header;
  header.kind = root.String("kind", manifest::Presence::kRequired).value_or("");
  header.api_version = root.String("apiVersion").value_or("");
  if (const auto metadata = root.Child("metadata")) {
    header.name = metadata->String("name").value_or("");
    header.ns = metadata->String("namespace").value_or("");
    // The rest names the object it is about: a second name or label would otherwise be ignored
    // without a word (yaml-cpp keeps both; lookups find the first).
    const manifest::FieldReader named(document.source, metadata->node(), header.DisplayName(),
                                      "metadata", diagnostics);
    named.RejectDuplicateKeys();
    header.labels = named.StringMap("labels");
    header.annotations = named.StringMap("annotations");
  }
  if (header.kind.empty()) return std::nullopt;
  return header;
}

manifest::FieldReader RootReader(const manifest::Document& document, const ObjectHeader& header,
                                 manifest::Diagnostics& diagnostics) {
  return manifest::FieldReader(document.source, document.root, header.DisplayName(), "",
                               diagnostics);
}

}  // namespace metallab::k8s
