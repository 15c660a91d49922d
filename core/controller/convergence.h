// MetalLB's convergeBalancer: bring one Service's allocation and written state in line with its
// spec and the pools, emitting the events MetalLB emits. Two generations: the current
// controller (v0.13 and later, dual-stack aware) and v0.9's single-address controller.
#ifndef METALLAB_CORE_CONTROLLER_CONVERGENCE_H_
#define METALLAB_CORE_CONTROLLER_CONVERGENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/allocator/allocator.h"
#include "core/controller/service_event.h"
#include "core/k8s/service.h"

namespace metallab::controller {

// What the controller writes on the Service: status.loadBalancer.ingress and the
// metallb.io/ip-allocated-from-pool annotation (never written by v0.9).
struct WrittenState {
  std::vector<std::string> ingress_ips;
  std::optional<std::string> pool;

  friend bool operator==(const WrittenState&, const WrittenState&) = default;
};

// One convergence, dispatching on options.profile. `state` holds the currently written state on
// entry and the state to write on return; events are appended in emission order. Returns false
// where MetalLB returns an error (nothing is retried until the next reprocess-all).
bool Converge(allocator::Allocator& allocator, const ControllerOptions& options,
              const k8s::Service& service, WrittenState& state, std::vector<ServiceEvent>& events);

}  // namespace metallab::controller

#endif  // METALLAB_CORE_CONTROLLER_CONVERGENCE_H_
