// A LoadBalancer Service as a MetalLB speaker reads it from the API, for either mode: its
// status IPs, labels (for advertisements' serviceSelectors), traffic policy, the allow-shared-ip
// annotation and its EndpointSlices' endpoints. Plain values, so that the simulator and the
// daemon fill them from their own cluster models. The caller leaves out Services of another type
// or another loadBalancerClass, which MetalLB's speaker never reconciles.
#ifndef METALLAB_CORE_LAYER2_LOAD_BALANCER_SERVICE_H_
#define METALLAB_CORE_LAYER2_LOAD_BALANCER_SERVICE_H_

#include <map>
#include <string>
#include <vector>

#include "core/layer2/election_input.h"
#include "core/net/ip_address.h"

namespace metallab::layer2 {

struct LoadBalancerService {
  std::string ns;
  std::string name;
  std::map<std::string, std::string> labels;
  // status.loadBalancer.ingress[].ip in order: Layer 2 hashes the first, the pool is the one
  // holding all of them.
  std::vector<net::IpAddress> ips;
  ExternalTrafficPolicy traffic_policy = ExternalTrafficPolicy::kCluster;
  bool allow_shared_ip = false;  // carries the allow-shared-ip annotation
  std::vector<ElectionEndpoint> endpoints;

  std::string Key() const { return ns + "/" + name; }
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_LOAD_BALANCER_SERVICE_H_
