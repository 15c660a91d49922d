// What a scenario run produced: its record of typed events, and what the end of the run
// showed (Services, probe results, expectations, the capture). The transcript, the JSON report,
// JUnit and the expectations all read this.
#ifndef METALLAB_SIM_SCENARIO_RUN_RESULT_H_
#define METALLAB_SIM_SCENARIO_RUN_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/announcement_intervals.h"
#include "sim/scenario/outage_stages.h"
#include "sim/scenario/run_event.h"
#include "sim/scenario/traffic_probe.h"

namespace metallab::sim {

struct ServiceResult {
  std::string ns;
  std::string name;
  std::vector<std::string> ingress;
};

struct ExpectationResult {
  std::string text;
  bool passed = false;
  std::string detail;  // what was seen instead, when it failed
};

struct RunResult {
  std::string scenario;
  uint64_t seed = 0;
  uint64_t trace_hash = 0;
  SimTime end = 0;
  std::vector<RunEvent> events;
  // AnnouncementIntervals(events), taken once at the end: the report and expectations read it.
  std::vector<AnnouncementInterval> announcements;
  std::vector<ServiceResult> services;
  std::vector<ProbeResult> probes;
  // AnalyseFaults(*this), taken once the probes are finished.
  std::vector<FaultAnalysis> faults;
  std::vector<ExpectationResult> expectations;
  std::vector<uint8_t> pcap;  // every interface, when captured

  bool passed() const {
    for (const ExpectationResult& e : expectations) {
      if (!e.passed) return false;
    }
    return true;
  }
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_RUN_RESULT_H_
