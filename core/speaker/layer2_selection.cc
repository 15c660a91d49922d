#include "core/speaker/layer2_selection.h"

#include <algorithm>
#include <set>

#include "core/k8s/label_selector.h"

namespace metallab::speaker {
namespace {

std::set<std::string> NodesMatching(const std::vector<layer2::ElectionNode>& nodes,
                                    const std::vector<k8s::LabelSelector>& selectors) {
  std::set<std::string> names;
  for (const layer2::ElectionNode& node : nodes) {
    for (const k8s::LabelSelector& selector : selectors) {
      if (selector.Matches(node.labels)) names.insert(node.name);
    }
  }
  return names;
}

bool Applies(const config::L2Advertisement& ad, const std::string& pool,
             const layer2::LoadBalancerService& service) {
  const bool pool_matches =
      ad.pools.empty() || std::count(ad.pools.begin(), ad.pools.end(), pool) > 0;
  const bool service_matches =
      ad.service_selectors.empty() ||
      std::any_of(ad.service_selectors.begin(), ad.service_selectors.end(),
                  [&](const k8s::LabelSelector& s) { return s.Matches(service.labels); });
  return pool_matches && service_matches;
}

layer2::ElectionAdvertisement Resolve(const config::L2Advertisement& ad,
                                      const std::vector<layer2::ElectionNode>& nodes) {
  layer2::ElectionAdvertisement election;
  if (!ad.node_selectors.empty()) election.nodes = NodesMatching(nodes, ad.node_selectors);
  for (const config::PreferredNode& preferred : ad.preferred_nodes) {
    election.preferences.push_back(
        {NodesMatching(nodes, {preferred.preference}), preferred.weight});
  }
  election.has_service_selectors = !ad.service_selectors.empty();
  return election;
}

}  // namespace

std::vector<Layer2Service> SelectLayer2Services(
    const config::Config& config, const std::vector<layer2::ElectionNode>& nodes,
    const std::vector<layer2::LoadBalancerService>& services) {
  std::vector<Layer2Service> selected;
  for (const layer2::LoadBalancerService& service : services) {
    const config::Pool* pool = config.PoolHolding(service.ips);
    if (pool == nullptr) continue;
    Layer2Service l2{service, {}, {}};
    bool all_interfaces = false;
    std::set<std::string> named;
    for (const config::L2Advertisement& ad : config.l2_advertisements) {
      if (!Applies(ad, pool->name, service)) continue;
      l2.advertisements.push_back(Resolve(ad, nodes));
      if (ad.interfaces.empty()) all_interfaces = true;
      named.insert(ad.interfaces.begin(), ad.interfaces.end());
    }
    if (l2.advertisements.empty()) continue;
    if (!all_interfaces) l2.interfaces.assign(named.begin(), named.end());
    selected.push_back(std::move(l2));
  }
  return selected;
}

const std::vector<Layer2Service>& Layer2SelectionCache::Select(const ClusterView& view) {
  if (view_ != &view || generation_ != view.Generation()) {
    services_ = SelectLayer2Services(view.MetallbConfig(), view.Nodes(), view.Services());
    view_ = &view;
    generation_ = view.Generation();
  }
  return services_;
}

}  // namespace metallab::speaker
