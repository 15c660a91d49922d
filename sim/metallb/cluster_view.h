// What a speaker reads from the Kubernetes API, reduced to what Layer 2 announcement needs:
// the Node objects and, per LoadBalancer Service with an IP from a Layer 2 pool, its IPs,
// traffic policy, endpoints and matching L2Advertisements. The scenario's cluster model
// implements it; tests use StaticClusterView.
#ifndef METALLAB_SIM_METALLB_CLUSTER_VIEW_H_
#define METALLAB_SIM_METALLB_CLUSTER_VIEW_H_

#include <string>
#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/config/config.h"
#include "core/layer2/election_input.h"
#include "core/net/ip_address.h"

namespace metallab::sim {

struct Layer2Service {
  std::string ns;
  std::string name;
  std::vector<net::IpAddress> ips;  // status.loadBalancer.ingress, first one hashed
  layer2::ExternalTrafficPolicy traffic_policy = layer2::ExternalTrafficPolicy::kCluster;
  bool allow_shared_ip = false;
  std::vector<layer2::ElectionEndpoint> endpoints;
  std::vector<layer2::ElectionAdvertisement> advertisements;
  std::vector<std::string> interfaces;  // the advertisements' interfaces; empty: all

  std::string Key() const { return ns + "/" + name; }
};

class ClusterView {
 public:
  virtual ~ClusterView() = default;
  virtual std::vector<layer2::ElectionNode> Nodes() const = 0;
  // Valid until the view next changes (the speaker reads it within one reconciliation).
  virtual const std::vector<Layer2Service>& Layer2Services() const = 0;
  // BGP mode's inputs: MetalLB's configuration, and every LoadBalancer Service with an IP.
  virtual const config::Config& MetallbConfig() const = 0;
  virtual const std::vector<bgpadvert::AdvertisedService>& AdvertisedServices() const = 0;
};

// A view whose contents the test or scenario sets directly.
class StaticClusterView : public ClusterView {
 public:
  std::vector<layer2::ElectionNode> Nodes() const override { return nodes; }
  const std::vector<Layer2Service>& Layer2Services() const override { return services; }
  const config::Config& MetallbConfig() const override { return config; }
  const std::vector<bgpadvert::AdvertisedService>& AdvertisedServices() const override {
    return advertised;
  }

  std::vector<layer2::ElectionNode> nodes;
  std::vector<Layer2Service> services;
  config::Config config;
  std::vector<bgpadvert::AdvertisedService> advertised;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_CLUSTER_VIEW_H_
