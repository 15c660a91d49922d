#include "core/allocator/sharing_rules.h"

#include "core/allocator/go_format.h"

namespace metallab::allocator {

std::optional<std::string> SharingConflict(const SharingKeys& existing,
                                           const SharingKeys& incoming) {
  if (existing.sharing.empty()) return "existing service does not allow sharing";
  if (incoming.sharing.empty()) return "new service does not allow sharing";
  if (existing.sharing != incoming.sharing) {
    return "sharing key " + GoQuote(incoming.sharing) + " does not match existing sharing key " +
           GoQuote(existing.sharing);
  }
  if (existing.backend != incoming.backend) {
    // MetalLB's wording says "sharing key" for the backend key too.
    return "backend key " + GoQuote(incoming.backend) + " does not match existing sharing key " +
           GoQuote(existing.backend);
  }
  return std::nullopt;
}

std::string BackendKey(bool local_traffic_policy, const k8s::Labels& selector) {
  if (!local_traffic_policy) return "";
  std::string out;
  for (const auto& [key, value] : selector) {  // std::map: already sorted by key
    if (!out.empty()) out += ',';
    out += key + "=" + value;
  }
  return out;
}

}  // namespace metallab::allocator
