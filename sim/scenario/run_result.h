// What a scenario run produced: the data behind the transcript's summary, the JSON report and
// the JUnit file.
#ifndef METALLAB_SIM_SCENARIO_RUN_RESULT_H_
#define METALLAB_SIM_SCENARIO_RUN_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/traffic_probe.h"
#include "sim/scenario/transcript.h"

namespace metallab::sim {

struct ServiceResult {
  std::string ns;
  std::string name;
  std::vector<std::string> ingress;
};

struct AnnouncementInterval {
  std::string ip;
  std::string node;
  std::string protocol = "layer2";
  SimTime from = 0;
  std::optional<SimTime> to;  // nullopt: still announcing at the end
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
  Transcript transcript;
  std::vector<ServiceResult> services;
  std::vector<AnnouncementInterval> announcements;
  std::vector<ProbeResult> probes;
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
