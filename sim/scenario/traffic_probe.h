// A client checking a VIP at a fixed interval, as an operator would with arping or ping: each
// attempt counts as answered when a reply arrives before the next attempt is due. Runs of
// unanswered attempts are the outages a report shows.
//
// - ARP (arping): a broadcast ARP request for the target from the client's raw socket,
//   bypassing its neighbour cache; any reply for the target counts.
// - ICMP (ping): an echo request through the client's stack, so it uses (and depends on) the
//   client's or its router's ARP cache, as real traffic does.
#ifndef METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_
#define METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_

#include <set>
#include <string>
#include <vector>

#include "sim/network/ip_node.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

struct Outage {
  SimTime start = 0;
  SimTime end = 0;
};

struct ProbeResult {
  std::string name;
  std::string from;
  std::string kind;  // "arp" | "icmp"
  net::IpAddress target;
  uint64_t sent = 0;
  uint64_t answered = 0;
  std::vector<Outage> outages;
  std::vector<std::string> responders;  // arping: every MAC that answered, sorted

  SimDuration LongestOutage() const;
};

class TrafficProbe {
 public:
  // `id` distinguishes ICMP probes sharing a client (the echo identifier).
  TrafficProbe(IpNode& client, ProbeSpec spec, uint16_t id, SimTime end);

  void Start();
  // Called with every echo reply the client receives.
  void OnEchoReply(const packet::IpPacket& packet, const packet::IcmpEcho& echo);
  // The result, with an outage still open at `end` closed there.
  ProbeResult Finish(SimTime end) const;

 private:
  void Send();
  void OnFrame(const Frame& frame);

  IpNode& client_;
  ProbeSpec spec_;
  uint16_t id_;
  SimTime end_;
  uint16_t sequence_ = 0;
  std::vector<SimTime> attempts_;
  std::set<std::string> responders_;
  std::vector<bool> answered_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_
