// Which Services a speaker considers for Layer 2 announcement, and with what advertisements
// (speaker/layer2_controller.go, spec §3.1 step 2): a Service's pool is the one holding its IPs
// (config::Config::PoolHolding), and its L2Advertisements are those selecting that pool and
// whose serviceSelectors are empty or match the Service's labels. Node selectors and preferred
// nodes are resolved to node names against the Node objects. A Service with no such
// advertisement is a BGP-only or unadvertised one, and not here.
#ifndef METALLAB_CORE_SPEAKER_LAYER2_SELECTION_H_
#define METALLAB_CORE_SPEAKER_LAYER2_SELECTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/layer2/election_input.h"
#include "core/layer2/load_balancer_service.h"
#include "core/speaker/cluster_view.h"

namespace metallab::speaker {

struct Layer2Service {
  layer2::LoadBalancerService service;
  std::vector<layer2::ElectionAdvertisement> advertisements;
  // The advertisements' interfaces, sorted; empty when one of them allows every interface.
  std::vector<std::string> interfaces;
};

std::vector<Layer2Service> SelectLayer2Services(
    const config::Config& config, const std::vector<layer2::ElectionNode>& nodes,
    const std::vector<layer2::LoadBalancerService>& services);

// The selection of one view, made again only when its Generation() changes. Shared by every
// speaker of a simulation, which read the same view: 100 speakers would otherwise select the
// same 1,000 Services after every membership change.
class Layer2SelectionCache {
 public:
  const std::vector<Layer2Service>& Select(const ClusterView& view);

 private:
  const ClusterView* view_ = nullptr;
  uint64_t generation_ = 0;
  std::vector<Layer2Service> services_;
};

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_LAYER2_SELECTION_H_
