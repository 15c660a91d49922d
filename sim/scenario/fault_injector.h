// The scenario's faults, applied to the simulated hosts at their times: power, the speaker
// process (crash, SIGTERM, restart), a host's cable, and partitions of a switched segment.
#ifndef METALLAB_SIM_SCENARIO_FAULT_INJECTOR_H_
#define METALLAB_SIM_SCENARIO_FAULT_INJECTOR_H_

#include <map>
#include <string>

#include "sim/network/link.h"
#include "sim/network/network.h"
#include "sim/scenario/run_event.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

class FaultInjector {
 public:
  // `host_links`: each host's cable, by host name.
  // `membership_port`: memberlist's (UDP and TCP), which block-membership drops.
  FaultInjector(Network& network, std::map<std::string, Link*> host_links, uint16_t membership_port,
                RecordEvent record);

  // The fault is recorded before it acts, so what it causes at once follows it in the record.
  void Apply(const FaultSpec& fault);

 private:
  // What a speaker fault will do on `host`, judged before it acts.
  static FaultEffect SpeakerFaultEffect(const FaultSpec& fault, const IpNode& host);
  void ApplyToHost(const FaultSpec& fault, IpNode& host);
  // On a switched segment, cutting every link between two groups of hosts means taking down
  // the cables of the smaller side (the hosts lose each other and everybody else on it).
  static const std::vector<std::string>& PartitionSide(const FaultSpec& fault);
  // block-membership: each host of the receiving side drops memberlist's port from the other.
  void BlockMembership(const FaultSpec& fault, bool block);
  std::vector<net::IpAddress> AddressesOf(const std::vector<std::string>& hosts) const;

  Network& network_;
  std::map<std::string, Link*> host_links_;
  uint16_t membership_port_;
  RecordEvent record_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_FAULT_INJECTOR_H_
