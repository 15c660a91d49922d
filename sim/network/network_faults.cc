#include "sim/network/network_faults.h"

#include <algorithm>

namespace metallab::sim {

void NetworkFaults::Log(const std::string& what) {
  Simulator& simulator = network_.simulator();
  const uint32_t component = simulator.Component("faults");
  const std::vector<uint8_t> bytes(what.begin(), what.end());
  simulator.TraceBytes(component, bytes);
  simulator.trace().Log(simulator.Now(), "faults", what);
}

void NetworkFaults::PowerOff(Node& node) {
  Log("power off " + node.name());
  node.PowerOff();
}

void NetworkFaults::PowerOn(Node& node) {
  Log("power on " + node.name());
  node.PowerOn();
}

bool NetworkFaults::CrashProcess(IpNode& node, const std::string& process) {
  Log("crash " + node.name() + "/" + process);
  return node.CrashProcess(process);
}

bool NetworkFaults::RestartProcess(IpNode& node, const std::string& process) {
  Log("restart " + node.name() + "/" + process);
  return node.RestartProcess(process);
}

void NetworkFaults::LinkDown(Link& link) {
  Log("link down " + link.name());
  link.SetUp(false);
}

void NetworkFaults::LinkUp(Link& link) {
  Log("link up " + link.name());
  link.SetUp(true);
}

void NetworkFaults::Degrade(Link& link, const LinkParameters& parameters) {
  Log("degrade " + link.name());
  const bool saved = std::any_of(degraded_.begin(), degraded_.end(),
                                 [&](const auto& item) { return item.first == &link; });
  if (!saved) degraded_.emplace_back(&link, link.parameters());
  link.SetParameters(parameters);
}

void NetworkFaults::Restore(Link& link) {
  for (auto it = degraded_.begin(); it != degraded_.end(); ++it) {
    if (it->first != &link) continue;
    Log("restore " + link.name());
    link.SetParameters(it->second);
    degraded_.erase(it);
    return;
  }
}

std::vector<Link*> NetworkFaults::Partition(const std::vector<Node*>& group_a,
                                            const std::vector<Node*>& group_b) {
  const std::vector<Link*> cut = Topology(network_).SeparatingLinks(group_a, group_b);
  for (Link* link : cut) {
    LinkDown(*link);
    partitioned_.push_back(link);
  }
  return cut;
}

void NetworkFaults::HealPartitions() {
  for (Link* link : partitioned_) LinkUp(*link);
  partitioned_.clear();
}

void NetworkFaults::FlushFdb(LearningSwitch& fabric) {
  Log("flush fdb " + fabric.name());
  fabric.FlushFdb();
}

}  // namespace metallab::sim
