#include "sim/metallb/announcement_log.h"

#include <map>

namespace metallab::sim {

std::vector<std::string> AnnouncersAt(const std::vector<speaker::AnnouncementChange>& changes,
                                      const net::IpAddress& ip, SimTime at) {
  std::map<std::string, bool> state;
  for (const speaker::AnnouncementChange& change : changes) {
    if (change.at <= at && change.ip == ip) state[change.node] = change.announcing;
  }
  std::vector<std::string> announcing;
  for (const auto& [node, on] : state) {
    if (on) announcing.push_back(node);
  }
  return announcing;
}

}  // namespace metallab::sim
