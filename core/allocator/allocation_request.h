// What the allocator needs to know about a Service to place it: its key, the fields that pick a
// pool (namespace, labels, address family and policy) and the fields that decide whether it may
// share an address (ports, sharing key, backend key).
#ifndef METALLAB_CORE_ALLOCATOR_ALLOCATION_REQUEST_H_
#define METALLAB_CORE_ALLOCATOR_ALLOCATION_REQUEST_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/k8s/label_selector.h"
#include "core/k8s/service.h"
#include "core/net/ip_address.h"

namespace metallab::allocator {

// One (protocol, port) a service listens on; two services collide on an address only when they
// hold the same pair, so TCP/53 and UDP/53 coexist.
struct Port {
  std::string protocol = "TCP";
  int32_t port = 0;

  // "TCP/80", as MetalLB prints a port in its messages.
  std::string ToString() const;

  friend auto operator<=>(const Port&, const Port&) = default;
};

// The family of a service, derived from its cluster IPs.
enum class ServiceFamily : uint8_t { kIPv4, kIPv6, kDualStack };

// "ipv4", "ipv6", "dual": MetalLB's spelling inside error messages.
std::string_view ServiceFamilyName(ServiceFamily family);

struct AllocationRequest {
  std::string key;  // "namespace/name"
  std::string ns;
  k8s::Labels labels;
  std::vector<Port> ports;  // declaration order: the first colliding port is the one reported
  std::string sharing_key;  // allow-shared-ip annotation; empty = never shares
  std::string backend_key;  // Local policy: the rendered selector; Cluster: empty
  ServiceFamily family = ServiceFamily::kIPv4;
  k8s::IpFamilyPolicy policy = k8s::IpFamilyPolicy::kSingleStack;
  bool ipv6_primary = false;  // spec.ipFamilies[0] == IPv6: dual-stack fallback prefers IPv6
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_ALLOCATION_REQUEST_H_
