#include "core/k8s/secret.h"

#include "core/k8s/base64.h"
#include "core/k8s/object_header_reader.h"

namespace metallab::k8s {

std::optional<Secret> ReadSecret(const manifest::Document& document, const ObjectHeader& header,
                                 manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const manifest::FieldReader root = RootReader(document, header, diagnostics);
  if (header.api_version != "v1") root.ErrorAt("apiVersion", "a Secret is apiVersion v1");
  Secret secret{header.ns.empty() ? "default" : header.ns, header.name, {}};
  for (const auto& [key, text] : root.StringMap("data")) {
    Base64Error error;
    if (auto bytes = DecodeBase64(text, error)) {
      secret.data[key] = std::move(*bytes);
    } else {
      root.ErrorAt("data", "value of \"" + key + "\" is not base64 (character " +
                               std::to_string(error.offset + 1) + ": " + error.message + ")");
    }
  }
  for (const auto& [key, text] : root.StringMap("stringData")) {
    secret.data[key] = std::vector<uint8_t>(text.begin(), text.end());
  }
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  return secret;
}

}  // namespace metallab::k8s
