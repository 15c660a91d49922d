// Runs a loaded scenario: builds the topology and the cluster, installs MetalLB when the
// timeline says so, replays kubectl commands and faults at their times, runs the probes, and
// evaluates the expectations at the end. Same scenario and seed, same RunResult bytes.
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/config/config_objects.h"
#include "core/speaker/speaker_event.h"
#include "sim/apps/http_get.h"
#include "sim/bgp/bgp_router.h"
#include "sim/cluster/cluster_model.h"
#include "sim/cluster/container_runtime.h"
#include "sim/cluster/kube_proxy.h"
#include "sim/cluster/node_lifecycle.h"
#include "sim/kubectl/kubectl_command.h"
#include "sim/network/network.h"
#include "sim/network/pcap_writer.h"
#include "sim/scenario/kubectl_executor.h"
#include "sim/scenario/metallb_install.h"
#include "sim/scenario/run_result.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/traffic_probe.h"

namespace metallab::sim {

struct RunOptions {
  std::optional<uint64_t> seed;  // overrides the scenario's
  bool capture = false;          // keep a pcap of every interface
};

class ScenarioRunner {
 public:
  ScenarioRunner(const Scenario& scenario, RunOptions options);
  ~ScenarioRunner();
  RunResult Run();

 private:
  void BuildTopology();
  void ScheduleSteps();
  void RunKubectl(const StepSpec& step);
  void RunCurl(const CurlStep& curl);
  void Apply(const KubectlApply& apply);
  void ApplyDocuments(const std::vector<manifest::Document>& documents);
  void InstallMetallb(const MetallbRelease& release);
  void ApplyFault(const FaultSpec& fault);
  void SetPartition(const FaultSpec& fault, bool cut);
  void OnClusterChange();
  void OnSpeakerEvent(const speaker::SpeakerEvent& event);
  void OnAnnouncement(const speaker::AnnouncementChange& change);
  void OnLayer2Status(const speaker::Layer2StatusChange& change);
  void OnMembership(const std::string& observer, const membership::MembershipEvent& event);
  void ReportServiceEvents();
  // kube-ipvs0 where IPVS runs without strictARP (Linux answers ARP for its VIPs); else null.
  Interface* ArpAnsweringDummy(IpNode& host);
  void Say(std::string text);
  void Finish(RunResult& result);
  ExpectationResult Evaluate(const ExpectationSpec& expectation, const RunResult& result) const;
  ExpectationResult EvaluateRoute(const ExpectationSpec& expectation,
                                  ExpectationResult outcome) const;
  void AddBgpRouter(IpNode& node, const RouterBgpSpec& spec);

  const Scenario& scenario_;
  RunOptions options_;
  Simulator simulator_;
  Network network_;
  std::unique_ptr<ClusterModel> cluster_;
  std::unique_ptr<NodeLifecycle> lifecycle_;
  std::unique_ptr<ContainerRuntime> containers_;
  std::vector<std::unique_ptr<KubeProxy>> kube_proxies_;
  std::vector<std::unique_ptr<HttpGet>> curls_;  // kept until the run ends: see HttpGet
  std::unique_ptr<KubectlExecutor> kubectl_;
  std::map<std::string, Link*> host_links_;  // a host's cable, for link faults
  config::ConfigObjects config_objects_;
  bool installed_ = false;
  config::BgpMode bgp_mode_ = config::BgpMode::kNative;
  std::vector<std::unique_ptr<TrafficProbe>> probes_;
  std::map<std::string, std::vector<TrafficProbe*>> icmp_probes_by_client_;
  std::map<std::string, size_t> service_events_seen_;
  std::map<std::string, std::string> membership_seen_;  // subject → last news printed
  std::vector<AnnouncementInterval> announcements_;
  // (ip, node, protocol) → the Services that node announces the IP for by that protocol.
  std::map<std::tuple<std::string, std::string, std::string>, std::set<std::string>>
      announced_services_;
  std::unique_ptr<PcapWriter> capture_;
  std::map<std::string, BgpRouter*> bgp_routers_;  // by router name; owned by their nodes
  // Each route expectation's router route, taken at its time.
  std::map<const ExpectationSpec*, std::optional<RibRoute>> route_snapshots_;
  RunResult result_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_RUNNER_H_
