// Renders the controller's written-back state of every Service as JSON, YAML or a
// `kubectl get svc`-like table.
#ifndef METALLAB_REPORTS_ALLOCATION_ALLOCATION_REPORT_H_
#define METALLAB_REPORTS_ALLOCATION_ALLOCATION_REPORT_H_

#include <string>
#include <vector>

#include "core/controller/service_controller.h"

namespace metallab::reports {

using ServiceStates = std::vector<const controller::ServiceController::ServiceState*>;

// An array with one object per Service, in first-seen order:
// {"namespace", "name", "ingress": [ip...], "pool": name|null, "events": [{type, reason,
// message}...]}. Two-space indentation, a trailing newline.
std::string RenderAllocationJson(const ServiceStates& services);
// The same structure as YAML.
std::string RenderAllocationYaml(const ServiceStates& services);
// NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S), with NAMESPACE first when several appear.
std::string RenderAllocationTable(const ServiceStates& services);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_ALLOCATION_ALLOCATION_REPORT_H_
