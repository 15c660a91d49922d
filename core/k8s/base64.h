// Standard base64 (RFC 4648 §4, with padding), as the API server encodes a Secret's data.
#ifndef METALLAB_CORE_K8S_BASE64_H_
#define METALLAB_CORE_K8S_BASE64_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::k8s {

struct Base64Error {
  size_t offset = 0;  // of the first character that is wrong
  std::string message;
};

// The decoded bytes, or where the text stops being base64. Line breaks are ignored, as
// Kubernetes accepts them in manifests; padding must be complete.
std::optional<std::vector<uint8_t>> DecodeBase64(std::string_view text, Base64Error& error);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_BASE64_H_
