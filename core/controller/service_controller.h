// MetalLB's controller: owns the allocator, converges every Service on config changes and
// Service updates, and records what it writes back (status addresses, pool annotation, events).
// Reprocess-all is the only way a waiting Service gets another chance, exactly as in MetalLB.
#ifndef METALLAB_CORE_CONTROLLER_SERVICE_CONTROLLER_H_
#define METALLAB_CORE_CONTROLLER_SERVICE_CONTROLLER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/allocator/allocator.h"
#include "core/config/config.h"
#include "core/controller/service_event.h"
#include "core/k8s/service.h"

namespace metallab::controller {

class ServiceController {
 public:
  struct ServiceState {
    k8s::Service service;             // spec as last applied; ingress_ips = status as written
    std::optional<std::string> pool;  // metallb.io/ip-allocated-from-pool as written
    std::vector<ServiceEvent> events;
  };

  explicit ServiceController(ControllerOptions options);

  // Applies new pools (§2.7: revocation and re-keying), then reprocesses every service, those
  // already holding addresses first. kV0_9 refuses a config that would orphan an assigned
  // address, returning `new config not compatible with assigned IPs: ...` and keeping the old
  // one. With zero pools the current controller clears every service's status.
  std::optional<std::string> SetConfig(const config::Config& config);

  // Adds or updates a service by key. The spec replaces the stored one, but the status the
  // controller wrote is kept: the incoming status counts only the first time a key is seen (a
  // Service that already had an address, e.g. across a controller restart). Before the first
  // config nothing is converged.
  void Apply(const k8s::Service& service);

  // Forgets a service and releases its addresses; a waiting service may now get them.
  void Delete(const std::string& key);

  // Services still present, in first-seen order.
  std::vector<const ServiceState*> Services() const;
  const ServiceState* Find(const std::string& key) const;

  const allocator::Allocator& allocator() const { return allocator_; }
  bool config_loaded() const { return config_loaded_; }

 private:
  // Converges one service and writes back; true when MetalLB would request a reprocess-all.
  bool Reconcile(ServiceState& state);
  void ReprocessAll();

  ControllerOptions options_;
  allocator::Allocator allocator_;
  bool config_loaded_ = false;
  std::vector<std::unique_ptr<ServiceState>> services_;  // first-seen order
  std::map<std::string, ServiceState*> by_key_;
};

}  // namespace metallab::controller

#endif  // METALLAB_CORE_CONTROLLER_SERVICE_CONTROLLER_H_
