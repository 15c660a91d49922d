// Anything with interfaces on the virtual network: hosts, routers, switches. A node can be
// powered off (it stops sending and receiving, and loses its volatile state) and on again.
#ifndef METALLAB_SIM_NETWORK_NODE_H_
#define METALLAB_SIM_NETWORK_NODE_H_

#include <memory>
#include <string>
#include <vector>

#include "sim/engine/simulator.h"
#include "sim/network/frame.h"
#include "sim/network/interface.h"

namespace metallab::sim {

class Node {
 public:
  Node(Simulator& simulator, std::string name);
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const std::string& name() const { return name_; }
  Simulator& simulator() const { return *simulator_; }

  Interface& AddInterface(std::string name, MacAddress mac);
  Interface* FindInterface(const std::string& name) const;
  const std::vector<std::unique_ptr<Interface>>& interfaces() const { return interfaces_; }

  bool powered() const { return powered_; }
  // Power loss: volatile state (caches, connections, timers) is gone; see OnPowerOff.
  void PowerOff();
  void PowerOn();

  // A frame arrived on `interface` (only while powered).
  virtual void HandleFrame(Interface& interface, const Frame& frame) = 0;
  virtual void OnCarrierChange(Interface& /*interface*/, bool /*up*/) {}
  // A capture was attached to `interface`, or to the far end of its cable. Nothing simulated
  // may change for it; a switch starts writing the copies it prunes to the cable's captures.
  virtual void OnCableCaptured(Interface& /*interface*/) {}

 protected:
  // Subclasses drop their volatile state here, and start afresh in OnPowerOn.
  virtual void OnPowerOff() {}
  virtual void OnPowerOn() {}

 private:
  void NotifyPeers(bool up);

  Simulator* simulator_;
  std::string name_;
  std::vector<std::unique_ptr<Interface>> interfaces_;
  bool powered_ = true;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_NODE_H_
