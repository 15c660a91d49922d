// A v1 Secret's data, decoded: MetalLB's speakers read the `memberlist` Secret's `secretkey` to
// key memberlist's encryption.
#ifndef METALLAB_CORE_K8S_SECRET_H_
#define METALLAB_CORE_K8S_SECRET_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::k8s {

struct Secret {
  std::string ns;
  std::string name;
  std::map<std::string, std::vector<uint8_t>> data;  // `data` decoded, `stringData` as written
};

// Reads `data` (base64, each value checked) and `stringData` (which wins, as the API server
// merges it). nullopt when a field was invalid. Error messages never quote a value.
std::optional<Secret> ReadSecret(const manifest::Document& document, const ObjectHeader& header,
                                 manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_SECRET_H_
