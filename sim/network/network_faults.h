// The faults a scenario can inject, as one vocabulary over the network: power, process crashes,
// links going down or degrading, partitions between groups of nodes, and switch FDB flushes.
// Every fault is logged to the trace so a report can say what happened when.
#ifndef METALLAB_SIM_NETWORK_NETWORK_FAULTS_H_
#define METALLAB_SIM_NETWORK_NETWORK_FAULTS_H_

#include <string>
#include <vector>

#include "sim/network/network.h"
#include "sim/network/topology.h"

namespace metallab::sim {

class NetworkFaults {
 public:
  explicit NetworkFaults(Network& network) : network_(network) {}

  void PowerOff(Node& node);
  void PowerOn(Node& node);
  bool CrashProcess(IpNode& node, const std::string& process);
  bool RestartProcess(IpNode& node, const std::string& process);
  void LinkDown(Link& link);
  void LinkUp(Link& link);
  // Replaces the link's parameters (loss, latency, jitter, bandwidth) until restored.
  void Degrade(Link& link, const LinkParameters& parameters);
  void Restore(Link& link);
  // Cuts a minimum set of links so no node of `group_a` reaches any of `group_b`; returns them.
  std::vector<Link*> Partition(const std::vector<Node*>& group_a,
                               const std::vector<Node*>& group_b);
  // Brings back every link cut by partitions.
  void HealPartitions();
  void FlushFdb(LearningSwitch& fabric);

 private:
  void Log(const std::string& what);

  Network& network_;
  std::vector<Link*> partitioned_;
  std::vector<std::pair<Link*, LinkParameters>> degraded_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_NETWORK_FAULTS_H_
