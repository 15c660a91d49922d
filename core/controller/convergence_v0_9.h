// v0.9's convergeBalancer: one address per service, family from spec.clusterIP, only the
// metallb.universe.tf/ annotations and spec.loadBalancerIP, no ClearAssignment event (v0.9 only
// logged it) and no pool annotation written back.
#ifndef METALLAB_CORE_CONTROLLER_CONVERGENCE_V0_9_H_
#define METALLAB_CORE_CONTROLLER_CONVERGENCE_V0_9_H_

#include <vector>

#include "core/allocator/allocator.h"
#include "core/controller/convergence.h"
#include "core/controller/service_event.h"
#include "core/k8s/service.h"

namespace metallab::controller {

// Same contract as Converge. v0.9 reported an allocation failure as success (it waited for a
// deletion to retry), so this returns false only where v0.9 would retry.
bool ConvergeV0_9(allocator::Allocator& allocator, const k8s::Service& service, WrittenState& state,
                  std::vector<ServiceEvent>& events);

}  // namespace metallab::controller

#endif  // METALLAB_CORE_CONTROLLER_CONVERGENCE_V0_9_H_
