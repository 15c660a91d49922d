// The stages of the shipped failure scenarios' outages, as the report and transcript give them.
#include "sim/scenario/outage_stages.h"

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

#include "sim/scenario/model_parameters.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"

namespace metallab::sim {
namespace {

// A shipped scenario with `settings` (NAME=VALUE) applied, as --set applies them.
RunResult RunShipped(const std::string& file, const std::vector<std::string>& settings = {}) {
  const char* root = std::getenv("METALLAB_SOURCE_DIR");
  const auto path = std::filesystem::path(root != nullptr ? root : ".") / "scenarios" / file;
  manifest::Diagnostics diagnostics;
  auto scenario = LoadScenario(path.string(), diagnostics);
  for (const auto& d : diagnostics.all()) UNSCOPED_INFO(d.ToString());
  REQUIRE(scenario);
  for (const std::string& setting : settings)
    REQUIRE_FALSE(SetParameterAssignment(*scenario, setting));
  return ScenarioRunner(*scenario, {}).Run();
}

std::vector<std::string> Names(const FaultAnalysis& analysis) {
  std::vector<std::string> names;
  for (const OutageStage& stage : analysis.stages) names.emplace_back(StageName(stage.kind));
  return names;
}

const OutageStage& Find(const FaultAnalysis& analysis, StageKind kind) {
  for (const OutageStage& stage : analysis.stages) {
    if (stage.kind == kind) return stage;
  }
  FAIL("no stage " << StageName(kind));
  return analysis.stages.front();
}

TEST_CASE("Layer 2 take-over: membership, the new announcer, the client's cache, the answers",
          "[scenario][stages]") {
  const RunResult result = RunShipped("l2-owner-failure-cluster.yaml");
  REQUIRE(result.faults.size() == 1);
  const FaultAnalysis& fault = result.faults.front();
  CHECK(fault.at == 30'000'000'000);
  CHECK(fault.kind == "power-off");
  CHECK(Names(fault) == std::vector<std::string>{"fault", "firstFailedProbe", "suspect", "dead",
                                                 "newAnnouncer", "gratuitous", "neighbourUpdated",
                                                 "answered", "answered", "answered", "nodeNotReady",
                                                 "endpointsRemoved"});
  for (size_t k = 1; k < fault.stages.size(); ++k) {
    CHECK(fault.stages[k - 1].at <= fault.stages[k].at);
  }
  // LAN defaults: the probe's ack times out after 500 ms, suspicion lasts 4 s for 4 members.
  const OutageStage& suspect = Find(fault, StageKind::kSuspect);
  const OutageStage& dead = Find(fault, StageKind::kDead);
  CHECK(suspect.at - Find(fault, StageKind::kFirstFailedProbe).at == 500'000'000);
  CHECK(dead.at - suspect.at == 4'000'000'000);
  CHECK(dead.detail == "declared dead by " + dead.subject);
  const OutageStage& heir = Find(fault, StageKind::kNewAnnouncer);
  CHECK(heir.subject == "w3-k8s");
  CHECK(heir.ip == "192.168.1.11");
  CHECK(Find(fault, StageKind::kNeighbourUpdated).subject == "client");
  // Kubernetes gives up on the node after the 40 s grace period, long after the take-over.
  CHECK(Find(fault, StageKind::kNodeNotReady).at - fault.at >= 40'000'000'000);
  REQUIRE_FALSE(fault.outages.empty());
  CHECK(fault.outages.front().start == fault.at);
  CHECK(DescribeStages(fault).ends_with("; longest wait suspect → dead (4s)"));
}

TEST_CASE("BGP without BFD: the hold timer dominates, and the partial outage shows",
          "[scenario][stages]") {
  const RunResult result = RunShipped("bgp-node-failure.yaml");
  REQUIRE(result.faults.size() == 1);
  const FaultAnalysis& fault = result.faults.front();
  const OutageStage& down = Find(fault, StageKind::kSessionDown);
  CHECK(down.subject == "tor");
  CHECK(down.ip == "192.168.1.101");
  CHECK(down.detail.find("Hold Timer Expired") != std::string::npos);
  // 90 s hold time, counted from the last KEEPALIVE before the power went.
  CHECK(down.at - fault.at > 60'000'000'000);
  CHECK(down.at - fault.at <= 90'000'000'000);
  const OutageStage& removed = Find(fault, StageKind::kNextHopRemoved);
  CHECK(removed.detail == "192.168.1.102, 192.168.1.103");
  CHECK(DescribeStages(fault).find("longest wait fault → sessionDown") != std::string::npos);
  // Until the next hop goes, new connections still hash to it: a large share fails.
  REQUIRE(fault.failed_shares.size() == 1);
  const FailedShare& share = fault.failed_shares.front();
  CHECK(share.probe == "http-web");
  CHECK(share.to == removed.at);
  CHECK(share.sent == 146);              // every 500 ms for 72.5 s
  CHECK(share.failed * 4 > share.sent);  // more than a quarter
  CHECK(share.failed * 4 < share.sent * 3);
  REQUIRE(result.probes.size() == 1);
  const ProbeResult& probe = result.probes.front();
  CHECK(probe.LongestOutage() < 10'000'000'000);
  CHECK(probe.longest_degraded == 80'000'000'000);
  CHECK(probe.longest_degraded_start == 30'000'000'000);
  CHECK(probe.failed_fraction.size() == 130);  // one per second from the probe's start at 20 s
}

TEST_CASE("memberlist disabled: only Kubernetes acts, and eviction is the long wait",
          "[scenario][stages]") {
  const RunResult result = RunShipped("l2-memberlist-disabled.yaml");
  REQUIRE(result.faults.size() == 1);
  const FaultAnalysis& fault = result.faults.front();
  CHECK(Names(fault) == std::vector<std::string>{"fault", "nodeNotReady", "endpointsRemoved",
                                                 "podsEvicted", "podReadyElsewhere"});
  CHECK(Find(fault, StageKind::kPodsEvicted).at - Find(fault, StageKind::kNodeNotReady).at ==
        300'000'000'000);  // pod-eviction-timeout 5m
  CHECK(DescribeStages(fault).ends_with("longest wait endpointsRemoved → podsEvicted (4m59.5s)"));
}

TEST_CASE("a graceful leave and a heal have their own chains", "[scenario][stages]") {
  const RunResult graceful = RunShipped("l2-graceful-shutdown.yaml");
  REQUIRE(graceful.faults.size() == 1);
  CHECK(Names(graceful.faults.front()) ==
        std::vector<std::string>{"fault", "left", "newAnnouncer", "gratuitous"});
  const RunResult partition = RunShipped("l2-partition.yaml");
  REQUIRE(partition.faults.size() == 2);
  CHECK(partition.faults[1].kind == "heal");
  CHECK(Find(partition.faults[1], StageKind::kRejoined).at > partition.faults[1].at);
}

TEST_CASE("named parameters reach the simulation: the stages move with them",
          "[scenario][stages][parameters]") {
  const RunResult memberlist =
      RunShipped("l2-owner-failure-cluster.yaml", {"memberlist.suspicionMult=2"});
  const FaultAnalysis& l2 = memberlist.faults.front();
  CHECK(Find(l2, StageKind::kDead).at - Find(l2, StageKind::kSuspect).at == 2'000'000'000);

  // Two cables between the new announcer and the client: its gratuitous ARP arrives 2 x 5 ms later.
  const RunResult slow = RunShipped("l2-owner-failure-cluster.yaml", {"link.latency=5ms"});
  const FaultAnalysis& cables = slow.faults.front();
  CHECK(Find(cables, StageKind::kNeighbourUpdated).at - Find(cables, StageKind::kGratuitous).at >=
        10'000'000);

  // A 9 s hold time proposed by the router: the session goes within 9 s of the power loss.
  const RunResult held = RunShipped("bgp-node-failure.yaml", {"router.holdTime=9s"});
  const FaultAnalysis& bgp = held.faults.front();
  CHECK(Find(bgp, StageKind::kSessionDown).at - bgp.at <= 9'000'000'000);

  // A 1 s gratuitous burst sends fewer rounds after the take-over than MetalLB's 5 s.
  const auto rounds = [](const RunResult& result) {
    size_t count = 0;
    for (const RunEvent& event : result.events) {
      const auto* e = std::get_if<speaker::SpeakerEvent>(&event.what);
      count += e != nullptr && std::holds_alternative<speaker::GratuitousSent>(*e) &&
               event.at > 30'000'000'000;
    }
    return count;
  };
  const size_t usual = rounds(RunShipped("l2-owner-failure-cluster.yaml"));
  const size_t short_burst =
      rounds(RunShipped("l2-owner-failure-cluster.yaml", {"speaker.gratuitousBurst=1s"}));
  CHECK(usual >= 4);
  CHECK(short_burst < usual);

  const RunResult kubernetes =
      RunShipped("l2-memberlist-disabled.yaml",
                 {"kubernetes.nodeMonitorGracePeriod=20s", "kubernetes.podEvictionTimeout=30s"});
  const FaultAnalysis& k8s = kubernetes.faults.front();
  const SimDuration not_ready = Find(k8s, StageKind::kNodeNotReady).at - k8s.at;
  CHECK(not_ready >= 20'000'000'000);
  CHECK(not_ready <= 30'000'000'000);  // the grace period, then the next 5 s check
  CHECK(Find(k8s, StageKind::kPodsEvicted).at - Find(k8s, StageKind::kNodeNotReady).at ==
        30'000'000'000);
}

}  // namespace
}  // namespace metallab::sim
