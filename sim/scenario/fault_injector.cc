#include "sim/scenario/fault_injector.h"

#include "sim/scenario/fault_actions.h"


namespace metallab::sim {

FaultInjector::FaultInjector(Network& network, std::map<std::string, Link*> host_links,
                             uint16_t membership_port, RecordEvent record)
    : network_(network),
      host_links_(std::move(host_links)),
      membership_port_(membership_port),
      record_(std::move(record)) {}

void FaultInjector::Apply(const FaultSpec& fault) {
  const bool partition = IsGroupFault(fault.action);
  IpNode* host = fault.target.empty() ? nullptr : network_.FindIpNode(fault.target);
  FaultApplied applied{fault.action, fault.target, FaultEffect::kApplied, {}, {}};
  if (partition) applied.cut_off = PartitionSide(fault);
  if (host != nullptr) applied.effect = SpeakerFaultEffect(fault, *host);
  applied.addresses =
      AddressesOf(partition ? applied.cut_off : std::vector<std::string>{fault.target});
  record_(std::move(applied));
  if (IsMembershipBlock(fault.action)) {
    BlockMembership(fault, fault.action == "block-membership");
  } else if (partition) {
    for (const std::string& name : PartitionSide(fault)) {
      host_links_.at(name)->SetUp(fault.action == "heal");
    }
  } else if (fault.action == "link-down" || fault.action == "link-up") {
    host_links_.at(fault.target)->SetUp(fault.action == "link-up");
  } else if (host != nullptr) {
    ApplyToHost(fault, *host);
  }
}

FaultEffect FaultInjector::SpeakerFaultEffect(const FaultSpec& fault, const IpNode& host) {
  const bool known = host.FindProcess("speaker") != nullptr;
  const bool running = host.ProcessRunning("speaker");
  if (fault.action == "crash-speaker" || fault.action == "stop-speaker") {
    return running ? FaultEffect::kApplied : FaultEffect::kNoRunningSpeaker;
  }
  if (fault.action == "start-speaker") {
    return known && !running && host.powered() ? FaultEffect::kApplied
                                               : FaultEffect::kNoStoppedSpeaker;
  }
  return FaultEffect::kApplied;
}

void FaultInjector::ApplyToHost(const FaultSpec& fault, IpNode& host) {
  if (fault.action == "power-off") {
    host.PowerOff();
  } else if (fault.action == "power-on") {
    host.PowerOn();
  } else if (fault.action == "crash-speaker") {
    host.CrashProcess("speaker");
  } else if (fault.action == "stop-speaker") {
    host.StopProcess("speaker");
  } else if (fault.action == "start-speaker") {
    host.RestartProcess("speaker");
  }
}

std::vector<net::IpAddress> FaultInjector::AddressesOf(
    const std::vector<std::string>& hosts) const {
  std::vector<net::IpAddress> addresses;
  for (const std::string& name : hosts) {
    const IpNode* host = network_.FindIpNode(name);
    if (host == nullptr) continue;
    for (const auto& interface : host->interfaces()) {
      for (const InterfaceAddress& address : host->Addresses(*interface)) {
        addresses.push_back(address.address);
      }
    }
  }
  return addresses;
}

void FaultInjector::BlockMembership(const FaultSpec& fault, bool block) {
  const auto apply = [&](const std::vector<std::string>& receivers,
                         const std::vector<std::string>& senders) {
    const std::vector<net::IpAddress> from = AddressesOf(senders);
    for (const std::string& name : receivers) {
      IpNode* host = network_.FindIpNode(name);
      if (host == nullptr) continue;
      InboundPortBlock& ports = host->inbound_port_block();
      block ? ports.Block(membership_port_, from) : ports.Unblock(membership_port_, from);
    }
  };
  apply(fault.group_b, fault.group_a);
  if (!fault.one_way) apply(fault.group_a, fault.group_b);
}

const std::vector<std::string>& FaultInjector::PartitionSide(const FaultSpec& fault) {
  return fault.group_a.size() <= fault.group_b.size() ? fault.group_a : fault.group_b;
}

}  // namespace metallab::sim
