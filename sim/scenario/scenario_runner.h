// Runs a loaded scenario: builds the world (TopologyBuilder), replays kubectl commands, curl
// and faults (FaultInjector) at their times, lets MetalLB run once installed
// (MetallbDeployment), runs the probes, records what happens as typed events, and evaluates
// the expectations at the end. Same scenario and seed, same RunResult bytes.
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/apps/http_get.h"
#include "sim/cluster/node_lifecycle.h"
#include "sim/kubectl/kubectl_command.h"
#include "sim/network/network.h"
#include "sim/network/pcap_writer.h"
#include "sim/scenario/fault_injector.h"
#include "sim/scenario/kubectl_executor.h"
#include "sim/scenario/metallb_deployment.h"
#include "sim/scenario/run_result.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/topology_builder.h"
#include "sim/scenario/traffic_probe.h"

namespace metallab::sim {

struct RunOptions {
  std::optional<uint64_t> seed;    // overrides the scenario's
  bool capture = false;            // keep a pcap of every interface
  std::optional<SimTime> stop_at;  // end the run here instead of at the scenario's duration
};

class ScenarioRunner {
 public:
  ScenarioRunner(const Scenario& scenario, RunOptions options);
  ~ScenarioRunner();
  RunResult Run();
  // After Run: each node's speaker on `service` (namespace/name) as the run left it.
  std::vector<speaker::ServiceExplanation> Explain(const std::string& service) const {
    return metallb_ ? metallb_->Explain(service) : std::vector<speaker::ServiceExplanation>{};
  }
  // After Run: the LoadBalancer Services holding `ip` in their status.
  std::vector<std::string> ServicesWithIp(const net::IpAddress& ip) const;

 private:
  void Build();
  void ScheduleSteps();
  void ScheduleRouteSamples();
  void StartProbes();
  void RunKubectl(const StepSpec& step);
  void RunCurl(const CurlStep& curl);
  void Apply(const KubectlApply& apply);
  void OnClusterChange();
  // The controller's Events on Services since the last look.
  void RecordServiceEvents();
  void Record(RunEventKind what) { result_.events.push_back({simulator_.Now(), std::move(what)}); }
  RecordEvent Recorder() {
    return [this](RunEventKind what) { Record(std::move(what)); };
  }
  void Finish();

  const Scenario& scenario_;
  RunOptions options_;
  Simulator simulator_;
  Network network_;
  ScenarioTopology topology_;
  std::unique_ptr<NodeLifecycle> lifecycle_;
  std::unique_ptr<KubectlExecutor> kubectl_;
  std::unique_ptr<MetallbDeployment> metallb_;
  std::unique_ptr<FaultInjector> faults_;
  std::vector<std::unique_ptr<HttpGet>> curls_;  // kept until the run ends: see HttpGet
  std::vector<std::unique_ptr<TrafficProbe>> probes_;
  std::map<std::string, std::vector<TrafficProbe*>> icmp_probes_by_client_;
  std::map<std::string, size_t> service_events_seen_;
  std::unique_ptr<PcapWriter> capture_;
  RunResult result_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_
