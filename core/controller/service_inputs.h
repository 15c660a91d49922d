// What the controller reads off a Service, profile by profile: the annotations it knows
// (current: metallb.io/ and the deprecated metallb.universe.tf/, new prefix winning; v0.9: only
// metallb.universe.tf/ and spec.loadBalancerIP), the requested addresses, the family implied by
// the cluster IPs, and the allocator's view of the service.
#ifndef METALLAB_CORE_CONTROLLER_SERVICE_INPUTS_H_
#define METALLAB_CORE_CONTROLLER_SERVICE_INPUTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/allocator/allocation_request.h"
#include "core/config/behaviour_profile.h"
#include "core/k8s/service.h"
#include "core/net/ip_address.h"

namespace metallab::controller {

// Go's net.ParseIP as MetalLB sees it: an IPv4-mapped IPv6 address is an IPv4 address.
std::optional<net::IpAddress> ParseGoIp(std::string_view text);

// A family, or the error text of MetalLB's ipfamily.ForAddresses.
struct FamilyResult {
  std::optional<allocator::ServiceFamily> family;
  std::string error;
};

// ipfamily.ForAddresses over address texts. A lone unparsable text counts as IPv6, as in Go.
FamilyResult FamilyOfTexts(const std::vector<std::string>& texts);

// Whether the service has a cluster IP at all ("None" marks a headless Service).
bool HasClusterIp(const k8s::Service& service);

// Value of a MetalLB annotation for the profile; empty when absent.
std::string AnnotationValue(const k8s::Service& service, config::BehaviourProfile profile,
                            std::string_view suffix);

// Requested addresses (loadBalancerIPs annotation or spec.loadBalancerIP) with their family.
struct DesiredAddresses {
  std::vector<net::IpAddress> addresses;
  std::optional<allocator::ServiceFamily> family;
  std::string error;
};
DesiredAddresses ReadDesiredAddresses(const k8s::Service& service,
                                      config::BehaviourProfile profile);

// The allocator's view of the service, placed in `family`.
allocator::AllocationRequest BuildRequest(const k8s::Service& service,
                                          config::BehaviourProfile profile,
                                          allocator::ServiceFamily family);

// Address texts as written to status.loadBalancer.ingress.
std::vector<std::string> AddressTexts(const std::vector<net::IpAddress>& addresses);

}  // namespace metallab::controller

#endif  // METALLAB_CORE_CONTROLLER_SERVICE_INPUTS_H_
