// Gives Services the cluster IPs and IP families the API server would, for manifests that
// were written by hand (or by `kubectl expose`) and so carry none. MetalLB derives a Service's
// IP family from its cluster IPs, so allocation cannot run without them.
#ifndef METALLAB_CORE_K8S_CLUSTER_IP_ASSIGNER_H_
#define METALLAB_CORE_K8S_CLUSTER_IP_ASSIGNER_H_

#include <cstdint>

#include "core/k8s/service.h"
#include "core/net/ip_prefix.h"

namespace metallab::k8s {

class ClusterIpAssigner {
 public:
  // kubeadm's default service ranges.
  static constexpr const char* kDefaultV4Range = "10.96.0.0/12";
  static constexpr const char* kDefaultV6Range = "fd00:10:96::/112";

  // The dual-stack cluster's service ranges. Addresses are handed out in order starting at the
  // range's 11th address (.10, as kube-dns usually holds; .1 is the `kubernetes` Service).
  ClusterIpAssigner(net::IpPrefix v4_range, net::IpPrefix v6_range);
  ClusterIpAssigner();

  // When `service` has no cluster IP (and is not ExternalName), sets spec.ipFamilies as the API
  // server defaults them (from the given families, else IPv4; both families for
  // PreferDualStack/RequireDualStack) and one cluster IP per family. A headless Service
  // ("None") and one with cluster IPs already are left alone.
  void Fill(Service& service);

 private:
  net::IpAddress Next(net::Family family);

  net::IpPrefix v4_range_;
  net::IpPrefix v6_range_;
  uint64_t v4_used_ = 0;
  uint64_t v6_used_ = 0;
};

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_CLUSTER_IP_ASSIGNER_H_
