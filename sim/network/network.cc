#include "sim/network/network.h"

#include <stdexcept>

namespace metallab::sim {

void Network::Register(std::unique_ptr<Node> node) {
  // Names key every RNG stream and trace record: a duplicate would make two nodes one.
  if (!nodes_by_name_.emplace(node->name(), node.get()).second) {
    throw std::invalid_argument("duplicate node name \"" + node->name() + "\"");
  }
  nodes_.push_back(std::move(node));
}

IpNode& Network::AddHost(const std::string& name, IpNodeParameters parameters) {
  auto node = std::make_unique<IpNode>(simulator_, name, parameters);
  IpNode& ref = *node;
  Register(std::move(node));
  return ref;
}

IpNode& Network::AddRouter(const std::string& name, IpNodeParameters parameters) {
  parameters.forwarding = true;
  return AddHost(name, parameters);
}

LearningSwitch& Network::AddSwitch(const std::string& name, SwitchParameters parameters) {
  auto node = std::make_unique<LearningSwitch>(simulator_, name, parameters);
  LearningSwitch& ref = *node;
  Register(std::move(node));
  return ref;
}

MacAddress Network::MacFor(const std::string& full_name) {
  auto index = static_cast<uint32_t>(StableHash(full_name));
  // A 32-bit hash can collide; probe on so MACs stay unique and still name-derived.
  while (!macs_.insert(MacFromIndex(index)).second) ++index;
  return MacFromIndex(index);
}

Interface& Network::AddInterface(IpNode& node, const std::string& interface_name) {
  return node.AddIpInterface(interface_name, MacFor(node.name() + "/" + interface_name));
}

Link& Network::Connect(Interface& a, Interface& b, LinkParameters parameters) {
  links_.push_back(
      std::make_unique<Link>(simulator_, a.FullName() + "--" + b.FullName(), a, b, parameters));
  return *links_.back();
}

Interface& Network::Attach(IpNode& node, const std::string& interface_name, LearningSwitch& to,
                           LinkParameters parameters, PortVlans vlans) {
  Interface& interface = AddInterface(node, interface_name);
  Interface& port = to.AddPort(std::move(vlans));
  Connect(interface, port, parameters);
  node.JoinArpFloodFilter(interface, to.arp_filter(), port.index());
  return interface;
}

Link& Network::Trunk(LearningSwitch& a, LearningSwitch& b, PortVlans vlans,
                     LinkParameters parameters) {
  Interface& port_a = a.AddPort(vlans);
  return Connect(port_a, b.AddPort(std::move(vlans)), parameters);
}

Node* Network::FindNode(const std::string& name) const {
  const auto found = nodes_by_name_.find(name);
  return found == nodes_by_name_.end() ? nullptr : found->second;
}

IpNode* Network::FindIpNode(const std::string& name) const {
  return dynamic_cast<IpNode*>(FindNode(name));
}

Link* Network::FindLink(const std::string& name) const {
  for (const auto& link : links_) {
    if (link->name() == name) return link.get();
  }
  return nullptr;
}

std::vector<Node*> Network::Nodes() const {
  std::vector<Node*> out;
  for (const auto& node : nodes_) out.push_back(node.get());
  return out;
}

std::vector<Link*> Network::Links() const {
  std::vector<Link*> out;
  for (const auto& link : links_) out.push_back(link.get());
  return out;
}

void Network::CaptureAll(PcapWriter& capture) const {
  for (const auto& node : nodes_) {
    for (const auto& interface : node->interfaces()) interface->AddCapture(&capture);
  }
}

}  // namespace metallab::sim
