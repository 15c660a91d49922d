// What one document of the user's input stream is, from the CLI's point of view: MetalLB
// configuration, a Service, a deletion, or something metallab does not read.
#ifndef METALLAB_CLI_OFFLINE_INPUT_DOCUMENT_H_
#define METALLAB_CLI_OFFLINE_INPUT_DOCUMENT_H_

#include <optional>
#include <string_view>

#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::cli {

enum class InputKind {
  kConfig,   // MetalLB CRDs, the legacy ConfigMap, Namespaces
  kService,  // v1 Service
  kDelete,   // metallab's `kind: Delete` (metadata.name, metadata.namespace)
  kOther,    // skipped with a note
};

struct InputDocument {
  InputKind kind = InputKind::kOther;
  k8s::ObjectHeader header;
};

// Reads the document's header and classifies it; nullopt (with an error reported) when the
// document is not a Kubernetes object at all.
// `metallb_namespace` is where MetalLB's legacy ConfigMap lives.
std::optional<InputDocument> ClassifyDocument(const manifest::Document& document,
                                              std::string_view metallb_namespace,
                                              manifest::Diagnostics& diagnostics);

// Notes that `document` is not one metallab reads, saying why (config::ExplainSkipped), or
// reports it as an error when it is a mistake (an unknown metallb.io kind).
void NoteSkipped(const manifest::Document& document, const k8s::ObjectHeader& header,
                 std::string_view metallb_namespace, manifest::Diagnostics& diagnostics);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_INPUT_DOCUMENT_H_
