// The subset of a Kubernetes Service that MetalLB reads and writes.
#ifndef METALLAB_CORE_K8S_SERVICE_H_
#define METALLAB_CORE_K8S_SERVICE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/k8s/label_selector.h"
#include "core/net/ip_address.h"

namespace metallab::k8s {

enum class ServiceType { kClusterIP, kNodePort, kLoadBalancer, kExternalName };
enum class TrafficPolicy { kCluster, kLocal };
enum class IpFamilyPolicy { kSingleStack, kPreferDualStack, kRequireDualStack };

std::string_view ServiceTypeName(ServiceType type);

struct ServicePort {
  std::string name;
  std::string protocol = "TCP";  // TCP, UDP or SCTP
  int port = 0;
  std::string target_port;  // number or name, as written
  int node_port = 0;

  friend bool operator==(const ServicePort&, const ServicePort&) = default;
};

struct Service {
  std::string ns = "default";
  std::string name;
  Labels labels;
  std::map<std::string, std::string> annotations;

  ServiceType type = ServiceType::kClusterIP;
  std::vector<ServicePort> ports;
  Labels selector;
  TrafficPolicy external_traffic_policy = TrafficPolicy::kCluster;
  std::vector<net::Family> ip_families;
  std::optional<IpFamilyPolicy> ip_family_policy;  // unset behaves as SingleStack
  // spec.clusterIPs (or spec.clusterIP when clusterIPs is absent), as written: "None" marks a
  // headless Service.
  std::vector<std::string> cluster_ips;
  std::string load_balancer_ip;                   // spec.loadBalancerIP (deprecated upstream)
  std::optional<std::string> load_balancer_class;  // spec.loadBalancerClass

  // status.loadBalancer.ingress[].ip, in order; hostname-only entries are not kept.
  std::vector<std::string> ingress_ips;

  // "namespace/name", MetalLB's key for a Service everywhere.
  std::string Key() const { return ns + "/" + name; }
  IpFamilyPolicy FamilyPolicy() const {
    return ip_family_policy.value_or(IpFamilyPolicy::kSingleStack);
  }

  friend bool operator==(const Service&, const Service&) = default;
};

// MetalLB reads its annotations under two prefixes: "metallb.io/" and the deprecated
// "metallb.universe.tf/". The new prefix wins when both are set.
struct MetallbAnnotation {
  std::string value;
  bool deprecated_prefix = false;
};
std::optional<MetallbAnnotation> FindMetallbAnnotation(const Service& service,
                                                        std::string_view suffix);

// Annotation suffixes.
inline constexpr std::string_view kAddressPoolAnnotation = "address-pool";
inline constexpr std::string_view kLoadBalancerIpsAnnotation = "loadBalancerIPs";
inline constexpr std::string_view kAllowSharedIpAnnotation = "allow-shared-ip";
inline constexpr std::string_view kIpAllocatedFromPoolAnnotation = "ip-allocated-from-pool";

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_SERVICE_H_
