// Reading a log of speakers' AnnouncementChanges: who announced an IP at a given time.
#ifndef METALLAB_SIM_METALLB_ANNOUNCEMENT_LOG_H_
#define METALLAB_SIM_METALLB_ANNOUNCEMENT_LOG_H_

#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/speaker/speaker_event.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

// The nodes announcing `ip` just after `at` (changes at `at` included), by name.
std::vector<std::string> AnnouncersAt(const std::vector<speaker::AnnouncementChange>& changes,
                                      const net::IpAddress& ip, SimTime at);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_ANNOUNCEMENT_LOG_H_
