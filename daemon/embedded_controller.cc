#include "daemon/embedded_controller.h"

namespace metallab::daemon {

std::vector<AssignmentEvent> EmbeddedController::Assign(ClusterObjects& objects,
                                                        const config::Config& config) {
  std::set<std::string> present;
  for (const k8s::Service& service : objects.services) present.insert(service.Key());
  for (const std::string& key : known_) {
    if (present.count(key) == 0) {
      controller_.Delete(key);
      events_seen_.erase(key);
    }
  }
  known_ = present;
  // Services that already carry an address first, as MetalLB's controller loads them after a
  // restart, so they keep it whatever their order in the files.
  for (const bool with_address : {true, false}) {
    for (const k8s::Service& service : objects.services) {
      if (service.ingress_ips.empty() == with_address) continue;
      k8s::Service filled = service;
      if (const auto* known = controller_.Find(service.Key());
          known != nullptr && filled.cluster_ips.empty()) {
        filled.cluster_ips = known->service.cluster_ips;  // kept across updates, as the API does
        filled.ip_families = known->service.ip_families;
      }
      cluster_ips_.Fill(filled);
      controller_.Apply(filled);
    }
  }
  controller_.SetConfig(config);
  std::vector<AssignmentEvent> events;
  for (k8s::Service& service : objects.services) {
    const auto* state = controller_.Find(service.Key());
    if (state == nullptr) continue;
    service.ingress_ips = state->service.ingress_ips;
    size_t& seen = events_seen_[service.Key()];
    for (size_t k = seen; k < state->events.size(); ++k) {
      events.push_back({service.Key(), state->events[k]});
    }
    seen = state->events.size();
  }
  return events;
}

}  // namespace metallab::daemon
