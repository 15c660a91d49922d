// MetalLB as deployed in a scenario's cluster: the configuration objects applied so far (a
// rejected configuration leaves the last good one running, as MetalLB does), the controller's
// and speakers' installation from a recognised release, and what the speakers report: their
// events go into the run's record, and their ServiceL2Status objects into the cluster.
#ifndef METALLAB_SIM_SCENARIO_METALLB_DEPLOYMENT_H_
#define METALLAB_SIM_SCENARIO_METALLB_DEPLOYMENT_H_

#include <vector>

#include "core/config/bgp_mode.h"
#include "core/config/config_objects.h"
#include "core/manifest/document.h"
#include "core/speaker/service_explanation.h"
#include "core/speaker/speaker_event.h"
#include "sim/cluster/cluster_model.h"
#include "sim/metallb/speaker_process.h"
#include "sim/scenario/metallb_install.h"
#include "sim/scenario/run_event.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

class MetallbDeployment {
 public:
  MetallbDeployment(const Scenario& scenario, ClusterModel& cluster, RecordEvent record);

  // `kubectl apply` of manifests: Services go to the cluster, MetalLB's objects to its
  // configuration, which is rebuilt and handed to the controller and speakers.
  void Apply(const std::vector<manifest::Document>& documents);
  // `kubectl apply -f <release URL>`: the controller and one speaker per node.
  void Install(const MetallbRelease& release);

  // Each node's speaker on why `service` is or is not announced from it, in node order; empty
  // before MetalLB is installed or when there is no such Service.
  std::vector<speaker::ServiceExplanation> Explain(const std::string& service) const;

 private:
  void Say(std::string line) { record_(CommandOutput{std::move(line)}); }
  void Reconfigure();
  void OnSpeakerEvent(const speaker::SpeakerEvent& event);

  const Scenario& scenario_;
  ClusterModel& cluster_;
  RecordEvent record_;
  config::ConfigObjects config_objects_;
  bool installed_ = false;
  std::vector<const SpeakerProcess*> speakers_;  // owned by their hosts
  config::BgpMode bgp_mode_ = config::BgpMode::kNative;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_METALLB_DEPLOYMENT_H_
