#include "core/controller/convergence_v0_9.h"

#include "core/allocator/go_format.h"
#include "core/controller/service_inputs.h"

namespace metallab::controller {
namespace {

using allocator::AllocationResult;
using allocator::GoQuote;
using allocator::ServiceFamily;
using config::BehaviourProfile;

constexpr BehaviourProfile kProfile = BehaviourProfile::kV0_9;

ServiceFamily FamilyOf(const net::IpAddress& address) {
  return address.is_v6() ? ServiceFamily::kIPv6 : ServiceFamily::kIPv4;
}

AllocationResult AllocateIp(allocator::Allocator& allocator, const k8s::Service& service,
                            ServiceFamily family) {
  const auto request = BuildRequest(service, kProfile, family);
  if (!service.load_balancer_ip.empty()) {
    const auto address = ParseGoIp(service.load_balancer_ip);
    if (!address) {
      return {{}, "invalid spec.loadBalancerIP " + GoQuote(service.load_balancer_ip)};
    }
    if (FamilyOf(*address) != family) {
      return {{},
              "requested spec.loadBalancerIP " + GoQuote(service.load_balancer_ip) +
                  " does not match the ipFamily of the service"};
    }
    if (auto error = allocator.Assign(request, {*address})) return {{}, *error};
    return {{*address}, ""};
  }
  const std::string pool = AnnotationValue(service, kProfile, k8s::kAddressPoolAnnotation);
  if (!pool.empty()) return allocator.AllocateFromPool(request, pool);
  return allocator.Allocate(request);
}

}  // namespace

bool ConvergeV0_9(allocator::Allocator& allocator, const k8s::Service& service, WrittenState& state,
                  std::vector<ServiceEvent>& events) {
  const std::string key = service.Key();
  const auto clear = [&] {
    allocator.Unassign(key);
    state = WrittenState{};
  };
  if (service.type != k8s::ServiceType::kLoadBalancer) {
    clear();
    return true;
  }
  // v0.9 reads spec.clusterIP, the first of the cluster IPs.
  const auto cluster_ip =
      HasClusterIp(service) ? ParseGoIp(service.cluster_ips.front()) : std::nullopt;
  if (!cluster_ip) {
    clear();
    return true;
  }
  const ServiceFamily family = FamilyOf(*cluster_ip);

  std::optional<net::IpAddress> current;
  if (state.ingress_ips.size() == 1) current = ParseGoIp(state.ingress_ips[0]);
  if (!current) clear();
  if (current && FamilyOf(*current) != family) {
    clear();
    current.reset();
  }
  if (current) {
    if (allocator.Assign(BuildRequest(service, kProfile, family), {*current})) {
      clear();
      current.reset();
    }
    const std::string pool = AnnotationValue(service, kProfile, k8s::kAddressPoolAnnotation);
    if (current && !pool.empty() && allocator.Pool(key) != pool) {
      clear();
      current.reset();
    }
    if (current && !service.load_balancer_ip.empty() &&
        service.load_balancer_ip != current->ToString()) {
      clear();
      current.reset();
    }
  }
  if (!current) {
    const AllocationResult allocated = AllocateIp(allocator, service, family);
    if (!allocated.ok()) {
      events.push_back({"Warning", "AllocationFailed",
                        "Failed to allocate IP for " + GoQuote(key) + ": " + allocated.error});
      return true;  // v0.9 waits for another service's deletion
    }
    current = allocated.addresses.front();
    events.push_back({"Normal", "IPAllocated", "Assigned IP " + GoQuote(current->ToString())});
  }
  if (allocator.Pool(key).empty()) {
    events.push_back({"Warning", "InternalError", "allocated an IP that has no pool"});
    clear();
    return true;
  }
  state.ingress_ips = {current->ToString()};
  state.pool.reset();
  return true;
}

}  // namespace metallab::controller
