// A Kubernetes Event the controller records on a Service, and the options it runs with.
#ifndef METALLAB_CORE_CONTROLLER_SERVICE_EVENT_H_
#define METALLAB_CORE_CONTROLLER_SERVICE_EVENT_H_

#include <optional>
#include <string>

#include "core/config/behaviour_profile.h"

namespace metallab::controller {

struct ServiceEvent {
  std::string type;  // "Normal" | "Warning"
  std::string reason;
  std::string message;

  friend bool operator==(const ServiceEvent&, const ServiceEvent&) = default;
};

struct ControllerOptions {
  config::BehaviourProfile profile = config::BehaviourProfile::kCurrent;
  // --lb-class: unset, only services without a loadBalancerClass are handled; set, only those
  // whose class equals it. v0.9 predates the field and handles every LoadBalancer service.
  std::optional<std::string> load_balancer_class;
};

}  // namespace metallab::controller

#endif  // METALLAB_CORE_CONTROLLER_SERVICE_EVENT_H_
