#include "sim/network/node.h"

#include "sim/network/link.h"

namespace metallab::sim {

Node::Node(Simulator& simulator, std::string name)
    : simulator_(&simulator), name_(std::move(name)) {}

Interface& Node::AddInterface(std::string name, MacAddress mac) {
  interfaces_.push_back(
      std::make_unique<Interface>(*this, interfaces_.size(), std::move(name), mac));
  return *interfaces_.back();
}

Interface* Node::FindInterface(const std::string& name) const {
  for (const auto& interface : interfaces_) {
    if (interface->name() == name) return interface.get();
  }
  return nullptr;
}

void Node::PowerOff() {
  if (!powered_) return;
  powered_ = false;
  OnPowerOff();
  NotifyPeers(false);
}

void Node::PowerOn() {
  if (powered_) return;
  powered_ = true;
  OnPowerOn();
  NotifyPeers(true);
}

void Node::NotifyPeers(bool up) {
  // The far end of each cable sees its carrier go (a switch flushes that port's MACs).
  for (const auto& interface : interfaces_) {
    Link* link = interface->link();
    if (link == nullptr || !link->up()) continue;
    Interface& peer = link->Peer(*interface);
    if (peer.owner().powered()) peer.owner().OnCarrierChange(peer, up);
  }
}

}  // namespace metallab::sim
