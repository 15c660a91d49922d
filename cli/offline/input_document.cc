#include "cli/offline/input_document.h"

#include "core/config/config_kinds.h"
#include "core/k8s/object_header_reader.h"

namespace metallab::cli {

std::optional<InputDocument> ClassifyDocument(const manifest::Document& document,
                                              std::string_view metallb_namespace,
                                              manifest::Diagnostics& diagnostics) {
  auto header = k8s::ReadObjectHeader(document, diagnostics);
  if (!header) return std::nullopt;
  InputDocument input{InputKind::kOther, std::move(*header)};
  if (input.header.kind == "Service") {
    input.kind = InputKind::kService;
  } else if (input.header.kind == "Delete") {
    input.kind = InputKind::kDelete;
  } else if (config::ClassifyObject(input.header, metallb_namespace) != config::ConfigKind::kNone) {
    input.kind = InputKind::kConfig;
  }
  return input;
}

void NoteSkipped(const manifest::Document& document, const k8s::ObjectHeader& header,
                 manifest::Diagnostics& diagnostics) {
  diagnostics.Note(document.Locate(document.root), header.DisplayName(),
                   "not a kind metallab reads; skipped");
}

}  // namespace metallab::cli
