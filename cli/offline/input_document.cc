#include "cli/offline/input_document.h"

#include "core/config/config_kinds.h"
#include "core/k8s/object_header_reader.h"
#include "core/manifest/field_reader.h"

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
                 std::string_view metallb_namespace, manifest::Diagnostics& diagnostics) {
  const config::SkipVerdict verdict = config::ExplainSkipped(header, metallb_namespace);
  if (verdict.is_error) {
    const manifest::FieldReader root(document.source, document.root, header.DisplayName(), "",
                                     diagnostics);
    diagnostics.Error(root.Locate("kind"), header.DisplayName(), verdict.message);
  } else {
    diagnostics.Note(document.Locate(document.root), header.DisplayName(), verdict.message);
  }
}

}  // namespace metallab::cli
