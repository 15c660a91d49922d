#include "core/allocator/allocation_request.h"

namespace metallab::allocator {

std::string Port::ToString() const { return protocol + "/" + std::to_string(port); }

std::string_view ServiceFamilyName(ServiceFamily family) {
  switch (family) {
    case ServiceFamily::kIPv4:
      return "ipv4";
    case ServiceFamily::kIPv6:
      return "ipv6";
    case ServiceFamily::kDualStack:
      return "dual";
  }
  return "unknown";
}

}  // namespace metallab::allocator
