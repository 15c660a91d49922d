#include "sim/scenario/announcement_intervals.h"

#include <map>
#include <set>
#include <tuple>
#include <variant>

namespace metallab::sim {

std::vector<AnnouncementInterval> AnnouncementIntervals(const std::vector<RunEvent>& events) {
  std::vector<AnnouncementInterval> intervals;
  // (ip, node, protocol) → the Services announcing it, and its open interval's index.
  struct Open {
    std::set<std::string> services;
    size_t interval = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Open> open;
  for (const RunEvent& event : events) {
    const auto* speaker_event = std::get_if<speaker::SpeakerEvent>(&event.what);
    const auto* change =
        speaker_event ? std::get_if<speaker::AnnouncementChange>(speaker_event) : nullptr;
    if (change == nullptr) continue;
    const std::string ip = change->ip.ToString();
    const std::string protocol = speaker::ProtocolName(change->protocol);
    Open& state = open[{ip, change->node, protocol}];
    if (change->announcing) {
      if (state.services.empty()) {
        state.interval = intervals.size();
        intervals.push_back({ip, change->node, protocol, change->at, std::nullopt});
      }
      state.services.insert(change->service);
    } else if (state.services.erase(change->service) > 0 && state.services.empty()) {
      intervals[state.interval].to = change->at;
    }
  }
  return intervals;
}

}  // namespace metallab::sim
