#include "core/k8s/object_header.h"

namespace metallab::k8s {

std::string ObjectHeader::DisplayName() const {
  std::string out = kind.empty() ? "object" : kind;
  if (name.empty()) return out;
  return out + " " + (ns.empty() ? name : ns + "/" + name);
}

}  // namespace metallab::k8s
