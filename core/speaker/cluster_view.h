// What a MetalLB speaker reads from the Kubernetes API: the Node objects, the LoadBalancer
// Services with their status IPs and endpoints, and MetalLB's configuration. The simulator's
// cluster model implements it, the daemon its informer caches; tests use StaticClusterView.
// What it returns is valid until the view next changes, and the owner of a view tells the
// speaker of every change (Speaker::Resync).
#ifndef METALLAB_CORE_SPEAKER_CLUSTER_VIEW_H_
#define METALLAB_CORE_SPEAKER_CLUSTER_VIEW_H_

#include <cstdint>
#include <vector>

#include "core/config/config.h"
#include "core/layer2/election_input.h"
#include "core/layer2/load_balancer_service.h"

namespace metallab::speaker {

class ClusterView {
 public:
  virtual ~ClusterView() = default;
  virtual std::vector<layer2::ElectionNode> Nodes() const = 0;
  // Every LoadBalancer Service that has an IP, in the API's order.
  virtual const std::vector<layer2::LoadBalancerService>& Services() const = 0;
  virtual const config::Config& MetallbConfig() const = 0;
  // Changes whenever anything above may have (the daemon: every informer event), so that what
  // speakers derive from the view is derived once per change.
  virtual uint64_t Generation() const = 0;
};

// A view whose contents the test or scenario sets directly.
class StaticClusterView : public ClusterView {
 public:
  std::vector<layer2::ElectionNode> Nodes() const override { return nodes; }
  const std::vector<layer2::LoadBalancerService>& Services() const override { return services; }
  const config::Config& MetallbConfig() const override { return config; }
  uint64_t Generation() const override { return generation; }

  std::vector<layer2::ElectionNode> nodes;
  std::vector<layer2::LoadBalancerService> services;
  config::Config config;
  uint64_t generation = 0;  // bump after changing the fields above
};

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_CLUSTER_VIEW_H_
