// A LoadBalancer Service as kube-proxy programs it on a node: one ingress IP and port, its
// traffic policy, and the ready endpoints the EndpointSlices list.
#ifndef METALLAB_SIM_CLUSTER_LOAD_BALANCER_FRONTEND_H_
#define METALLAB_SIM_CLUSTER_LOAD_BALANCER_FRONTEND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/net/ip_address.h"

namespace metallab::sim {

struct ServiceBackend {
  std::string pod;
  std::string node;
  net::IpAddress address;
  uint16_t port = 0;  // the resolved targetPort

  friend bool operator==(const ServiceBackend&, const ServiceBackend&) = default;
};

struct LoadBalancerFrontend {
  std::string service;  // namespace/name
  std::string protocol = "TCP";
  net::IpAddress address;
  uint16_t port = 0;
  bool local_only = false;  // externalTrafficPolicy: Local
  std::vector<ServiceBackend> backends;

  friend bool operator==(const LoadBalancerFrontend&, const LoadBalancerFrontend&) = default;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_LOAD_BALANCER_FRONTEND_H_
