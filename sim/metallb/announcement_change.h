// A node starting or stopping to announce one of a Service's IPs, by either protocol: what the
// speakers report to the scenario's transcript, events and report.
#ifndef METALLAB_SIM_METALLB_ANNOUNCEMENT_CHANGE_H_
#define METALLAB_SIM_METALLB_ANNOUNCEMENT_CHANGE_H_

#include <string>

#include "core/net/ip_address.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

enum class AnnouncementProtocol { kLayer2, kBgp };
inline const char* ProtocolName(AnnouncementProtocol protocol) {
  return protocol == AnnouncementProtocol::kBgp ? "bgp" : "layer2";
}

struct AnnouncementChange {
  SimTime at = 0;
  std::string node;
  std::string service;  // namespace/name
  net::IpAddress ip;
  bool announcing = false;  // started (nodeAssigned) or stopped
  AnnouncementProtocol protocol = AnnouncementProtocol::kLayer2;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_ANNOUNCEMENT_CHANGE_H_
