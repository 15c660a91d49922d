// A network interface of a node: a MAC address, the link it is plugged into, and the captures
// that watch it. Frames go out through Send and come in through Receive; the owning node sees
// only what arrives while it is powered and the carrier is up.
#ifndef METALLAB_SIM_NETWORK_INTERFACE_H_
#define METALLAB_SIM_NETWORK_INTERFACE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/network/frame.h"
#include "sim/network/link.h"

namespace metallab::sim {

class Node;
class PcapWriter;

struct InterfaceCounters {
  uint64_t frames_sent = 0;
  uint64_t frames_received = 0;
  uint64_t frames_dropped = 0;  // no carrier, or the node is off
};

class Interface {
 public:
  Interface(Node& owner, size_t index, std::string name, MacAddress mac);
  Interface(const Interface&) = delete;
  Interface& operator=(const Interface&) = delete;

  Node& owner() const { return *owner_; }
  const std::string& name() const { return name_; }
  // Position among the owner's interfaces (a switch's port number minus one).
  size_t index() const { return index_; }
  // "node/interface", unique in a network.
  std::string FullName() const;
  const MacAddress& mac() const { return mac_; }
  Link* link() const { return link_; }

  // The link is attached and up and the owner is powered.
  bool carrier() const;

  void Send(Frame frame);
  void Send(std::vector<uint8_t> bytes) { Send(MakeFrame(std::move(bytes))); }
  // Send's first half, for a frame flooded out of many interfaces at once (FloodDelivery):
  // counts, captures and puts the frame on the wire; where and when it arrives, unless dropped.
  std::optional<Link::Departure> Depart(const std::vector<uint8_t>& frame);
  void Receive(const Frame& frame);

  // Called by Link.
  void Attach(Link* link) { link_ = link; }
  void OnCarrierChange(bool up);

  void AddCapture(PcapWriter* capture);
  bool captured() const { return !captures_.empty(); }
  // Puts `frame` in this interface's captures at `time` without sending or receiving it: a copy
  // the simulation does not carry (a pruned ARP flood) still shows where a real capture would
  // see it, and observing changes nothing that is simulated.
  void CaptureOnly(SimTime time, const std::vector<uint8_t>& frame);
  const InterfaceCounters& counters() const { return counters_; }

 private:
  void Capture(const std::vector<uint8_t>& frame);

  Node* owner_;
  size_t index_;
  std::string name_;
  MacAddress mac_;
  Link* link_ = nullptr;
  std::vector<PcapWriter*> captures_;
  InterfaceCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_INTERFACE_H_
