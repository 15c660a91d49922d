// The virtual network of a simulation: owns its nodes and links, names them, and gives every
// interface a stable MAC derived from its name (so a scenario's bytes do not depend on the
// order things were declared in).
#ifndef METALLAB_SIM_NETWORK_NETWORK_H_
#define METALLAB_SIM_NETWORK_NETWORK_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/simulator.h"
#include "sim/network/ip_node.h"
#include "sim/network/learning_switch.h"
#include "sim/network/link.h"
#include "sim/network/pcap_writer.h"

namespace metallab::sim {

class Network {
 public:
  explicit Network(Simulator& simulator) : simulator_(simulator) {}
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  Simulator& simulator() const { return simulator_; }

  IpNode& AddHost(const std::string& name, IpNodeParameters parameters = {});
  // An IpNode with forwarding on.
  IpNode& AddRouter(const std::string& name, IpNodeParameters parameters = {});
  LearningSwitch& AddSwitch(const std::string& name, SwitchParameters parameters = {});

  // A new IP interface on `node` with a MAC derived from "node/interface".
  Interface& AddInterface(IpNode& node, const std::string& interface_name);
  Link& Connect(Interface& a, Interface& b, LinkParameters parameters = {});
  // A new interface on `node`, cabled to a new port of `to` carrying `vlans`.
  Interface& Attach(IpNode& node, const std::string& interface_name, LearningSwitch& to,
                    LinkParameters parameters = {}, PortVlans vlans = {});
  // A cable between new ports of two switches, both carrying `vlans` (usually a trunk).
  Link& Trunk(LearningSwitch& a, LearningSwitch& b, PortVlans vlans,
              LinkParameters parameters = {});

  Node* FindNode(const std::string& name) const;
  IpNode* FindIpNode(const std::string& name) const;
  Link* FindLink(const std::string& name) const;
  std::vector<Node*> Nodes() const;
  std::vector<Link*> Links() const;

  // Captures every frame sent and received on every interface (as `tcpdump -i any` would).
  void CaptureAll(PcapWriter& capture) const;

 private:
  MacAddress MacFor(const std::string& full_name);
  void Register(std::unique_ptr<Node> node);

  Simulator& simulator_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<std::string, Node*> nodes_by_name_;
  std::vector<std::unique_ptr<Link>> links_;
  std::set<MacAddress> macs_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_NETWORK_H_
