// `metallabd --allocate`: MetalLB's controller (core/controller) inside the daemon, assigning
// addresses to the Services of the manifest directory that have none in their status. It lives
// as long as the daemon, so a Service keeps its address across reloads as it would with
// MetalLB's controller, and every node that reads the same files assigns the same addresses
// (the allocator is deterministic for one order of Services).
#ifndef METALLAB_DAEMON_EMBEDDED_CONTROLLER_H_
#define METALLAB_DAEMON_EMBEDDED_CONTROLLER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/controller/service_controller.h"
#include "core/k8s/cluster_ip_assigner.h"
#include "daemon/cluster_snapshot.h"

namespace metallab::daemon {

struct AssignmentEvent {
  std::string service;
  controller::ServiceEvent event;
};

class EmbeddedController {
 public:
  explicit EmbeddedController(controller::ControllerOptions options) : controller_(options) {}

  // Converges `objects`' Services under `config` and writes each one's assigned addresses into
  // its status (ingress_ips). Returns the events MetalLB's controller would have posted.
  std::vector<AssignmentEvent> Assign(ClusterObjects& objects, const config::Config& config);

 private:
  controller::ServiceController controller_;
  // Manifests written by hand may lack spec.clusterIP; the API server would have set one, and
  // MetalLB's controller needs it to tell the Service's family.
  k8s::ClusterIpAssigner cluster_ips_;
  std::set<std::string> known_;
  std::map<std::string, size_t> events_seen_;  // per Service: events already returned
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_EMBEDDED_CONTROLLER_H_
