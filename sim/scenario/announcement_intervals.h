// Who announced which IP when, by which protocol: the intervals the report lists and announcer
// expectations check, read from a run's announcement events.
#ifndef METALLAB_SIM_SCENARIO_ANNOUNCEMENT_INTERVALS_H_
#define METALLAB_SIM_SCENARIO_ANNOUNCEMENT_INTERVALS_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/engine/sim_time.h"
#include "sim/scenario/run_event.h"

namespace metallab::sim {

struct AnnouncementInterval {
  std::string ip;
  std::string node;
  std::string protocol = "layer2";
  SimTime from = 0;
  std::optional<SimTime> to;  // nullopt: still announcing at the end
};

// A node announces an IP by a protocol while any of the Services sharing it has it announced
// there: one interval per IP, node and protocol, however many Services ride on it. In the order
// the intervals began.
std::vector<AnnouncementInterval> AnnouncementIntervals(const std::vector<RunEvent>& events);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_ANNOUNCEMENT_INTERVALS_H_
