#include "core/controller/convergence.h"

#include <algorithm>

#include "core/allocator/go_format.h"
#include "core/controller/convergence_v0_9.h"
#include "core/controller/service_inputs.h"

namespace metallab::controller {
namespace {

using allocator::AllocationResult;
using allocator::GoList;
using allocator::GoQuote;
using allocator::GoQuoteList;
using allocator::ServiceFamily;
using config::BehaviourProfile;

constexpr BehaviourProfile kProfile = BehaviourProfile::kCurrent;

void Normal(std::vector<ServiceEvent>& events, std::string reason, std::string message) {
  events.push_back({"Normal", std::move(reason), std::move(message)});
}

void Warning(std::vector<ServiceEvent>& events, std::string reason, std::string message) {
  events.push_back({"Warning", std::move(reason), std::move(message)});
}

bool ClassHandled(const k8s::Service& service, const ControllerOptions& options) {
  if (!options.load_balancer_class || options.load_balancer_class->empty()) {
    return !service.load_balancer_class.has_value();
  }
  return service.load_balancer_class == options.load_balancer_class;
}

// The status addresses no longer fit the service's family. PreferDualStack with dual cluster
// IPs accepts a single address (the upgrade path adds the other one).
bool FamilyChanged(std::optional<ServiceFamily> addresses, ServiceFamily cluster,
                   k8s::IpFamilyPolicy policy) {
  if (!addresses) return true;
  if (*addresses == cluster) return false;
  return !(cluster == ServiceFamily::kDualStack && policy == k8s::IpFamilyPolicy::kPreferDualStack);
}

bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// MetalLB's allocateIPs: requested addresses, else the requested pool, else any pool.
AllocationResult AllocateIps(allocator::Allocator& allocator, const k8s::Service& service) {
  const FamilyResult cluster = FamilyOfTexts(service.cluster_ips);
  if (!cluster.family) return {{}, cluster.error};
  const DesiredAddresses desired = ReadDesiredAddresses(service, kProfile);
  if (!desired.error.empty()) return {{}, desired.error};
  const auto request = BuildRequest(service, kProfile, *cluster.family);
  const std::string pool = AnnotationValue(service, kProfile, k8s::kAddressPoolAnnotation);

  if (!desired.addresses.empty()) {
    const std::string requested = GoQuoteList(desired.addresses);
    if (desired.family != cluster.family) {
      return {{},
              "requested loadBalancer IP(s) " + requested +
                  " does not match the ipFamily of the service"};
    }
    if (auto error = allocator.Assign(request, desired.addresses)) return {{}, *error};
    if (!pool.empty() && allocator.Pool(request.key) != pool) {
      allocator.Unassign(request.key);
      return {{},
              "requested loadBalancer IP(s) " + requested +
                  " is not compatible with requested address pool " + pool};
    }
    return {desired.addresses, ""};
  }
  if (!pool.empty()) return allocator.AllocateFromPool(request, pool);
  return allocator.Allocate(request);
}

}  // namespace

bool Converge(allocator::Allocator& allocator, const ControllerOptions& options,
              const k8s::Service& service, WrittenState& state, std::vector<ServiceEvent>& events) {
  if (options.profile == BehaviourProfile::kV0_9) {
    return ConvergeV0_9(allocator, service, state, events);
  }
  const std::string key = service.Key();
  const auto clear = [&] {
    allocator.Unassign(key);
    state = WrittenState{};
  };

  // 1. Not ours: release, clear, and deliberately do not allocate.
  if (service.type != k8s::ServiceType::kLoadBalancer || !ClassHandled(service, options)) {
    clear();
    return true;
  }
  // 2-3. No pools, or no cluster IP to take the family from.
  if (allocator.pool_set().empty() || !HasClusterIp(service)) {
    clear();
    return false;
  }
  // 4. Current addresses are whatever the status holds.
  std::vector<std::string> current;
  for (const auto& ip : state.ingress_ips) {
    if (!ip.empty()) current.push_back(ip);
  }
  // 5.
  const auto policy = service.FamilyPolicy();
  if (policy == k8s::IpFamilyPolicy::kRequireDualStack && service.cluster_ips.size() < 2) {
    Warning(events, "not enough clusterips",
            "Service requires dual stack but not enough clusterips " + GoList(service.cluster_ips));
    clear();
    return false;
  }
  // 6. Addresses of the wrong family are forgotten.
  std::vector<net::IpAddress> addresses;
  std::optional<ServiceFamily> cluster_family;
  if (current.empty()) {
    clear();
  } else {
    std::vector<std::string> shown;  // Go prints an unparsable address as <nil>
    bool parsed_all = true;
    for (const auto& text : current) {
      const auto address = ParseGoIp(text);
      parsed_all = parsed_all && address.has_value();
      shown.push_back(address ? address->ToString() : "<nil>");
      if (address) addresses.push_back(*address);
    }
    FamilyResult current_family = FamilyOfTexts(shown);
    if (!parsed_all) current_family.family.reset();
    if (!current_family.error.empty()) {
      Warning(events, "nolbIPsIPFamily",
              "Failed to retrieve LBIPs IPFamily for " + GoQuoteList(shown) + ": " +
                  current_family.error);
    }
    const FamilyResult cluster = FamilyOfTexts(service.cluster_ips);
    if (!cluster.family) {
      Warning(events, "noclusterIPsIPFamily",
              "Failed to retrieve ClusterIPs IPFamily for " + GoQuoteList(service.cluster_ips) +
                  " " + service.cluster_ips.front() + ": " + cluster.error);
      return false;
    }
    cluster_family = cluster.family;
    if (FamilyChanged(current_family.family, *cluster_family, policy)) {
      clear();
      addresses.clear();
    }
  }

  // 7. Re-validate what the service holds against config, pool and requested addresses.
  if (!addresses.empty()) {
    const auto request = BuildRequest(service, kProfile, *cluster_family);
    if (auto error = allocator.Assign(request, addresses)) {
      Normal(events, "ClearAssignment",
             "current IP for " + GoQuote(key) +
                 " not allowed by config, will attempt for new IP assignment: " + *error);
      clear();
      addresses.clear();
    }
    const std::string pool = AnnotationValue(service, kProfile, k8s::kAddressPoolAnnotation);
    if (!addresses.empty() && !pool.empty() && allocator.Pool(key) != pool) {
      clear();
      addresses.clear();
    }
    const DesiredAddresses desired = ReadDesiredAddresses(service, kProfile);
    if (!desired.error.empty()) {
      Warning(events, "LoadBalancerFailed", "invalid requested loadbalancer IPs: " + desired.error);
      return false;
    }
    if (!desired.addresses.empty() &&
        !SameSet(AddressTexts(addresses), AddressTexts(desired.addresses))) {
      clear();
      addresses.clear();
    }
  }

  // 8. PreferDualStack upgrade from the same pool. MetalLB also tries this when the cluster IPs
  // are single-stack, then forgets the second address at the next pass as a family change, and
  // so on forever; metallab only tries it when the cluster IPs are dual-stack.
  if (addresses.size() == 1 && policy == k8s::IpFamilyPolicy::kPreferDualStack &&
      cluster_family == ServiceFamily::kDualStack) {
    const auto request = BuildRequest(service, kProfile, *cluster_family);
    const auto added =
        allocator.AllocateFromPoolForAdditionalFamily(request, addresses[0], allocator.Pool(key));
    if (!added.ok()) {
      Normal(events, "AdditionalAssignFailed",
             "cannot assign additional IP in PreferDualStack: " + added.error);
    } else {
      addresses.push_back(*added.address);
      Normal(events, "IPAllocated", "Assigned additional IP " + GoQuote(added.address->ToString()));
    }
  }

  // 9. Nothing held: allocate.
  if (addresses.empty()) {
    const AllocationResult allocated = AllocateIps(allocator, service);
    if (!allocated.ok()) {
      Warning(events, "AllocationFailed",
              "Failed to allocate IP for " + GoQuote(key) + ": " + allocated.error);
      return false;
    }
    addresses = allocated.addresses;
    Normal(events, "IPAllocated", "Assigned IP " + GoQuoteList(addresses));
  }

  // 10. Write back.
  const std::string pool = allocator.Pool(key);
  if (pool.empty()) {
    Warning(events, "InternalError", "allocated an IP that has no pool");
    clear();
    return false;
  }
  state.ingress_ips = AddressTexts(addresses);
  state.pool = pool;
  return true;
}

}  // namespace metallab::controller
