// An ordinary Ethernet switch: it learns which port each source MAC lives behind (per VLAN),
// forwards known unicast to that port, and floods unknown unicast, broadcast and multicast to
// every other port of the same VLAN. Learned entries age out (300 s by default, as on most
// switches) and are flushed when a port loses its carrier.
//
// Ports are 802.1Q ports as on a managed switch: an access port carries one VLAN untagged; a
// trunk carries a set of VLANs tagged and, optionally, one native VLAN untagged. Frames whose
// VLAN a port does not carry are discarded on ingress and never sent out of it.
#ifndef METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_
#define METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/network/arp_flood_filter.h"
#include "sim/network/node.h"

namespace metallab::sim {

struct SwitchParameters {
  SimDuration fdb_aging = Seconds(300);
  SimDuration forwarding_delay = Microseconds(1);  // lookup and fabric, beyond serialization
  // Put a broadcast ARP frame only on the cables of hosts it matters to (ArpFloodFilter). Off
  // floods every copy, as the equivalence test does to compare the two.
  bool prune_arp_floods = true;
};

// The VLANs a port carries. The default is an access port of VLAN 1, every switch's default.
struct PortVlans {
  std::optional<uint16_t> untagged = 1;  // the access or native VLAN; none: untagged dropped
  std::set<uint16_t> tagged;             // VLANs carried with an 802.1Q tag (a trunk)

  static PortVlans Access(uint16_t vlan) { return PortVlans{vlan, {}}; }
  static PortVlans Trunk(std::set<uint16_t> tagged, std::optional<uint16_t> native = 1) {
    return PortVlans{native, std::move(tagged)};
  }
  bool Carries(uint16_t vlan) const { return untagged == vlan || tagged.count(vlan) > 0; }
  // Empty when valid; otherwise what is wrong (a VLAN ID outside 1–4094, the native VLAN
  // also listed as tagged).
  std::string Problem() const;
};

struct SwitchCounters {
  uint64_t forwarded = 0;
  uint64_t flooded = 0;
  uint64_t filtered = 0;   // destination behind the ingress port
  uint64_t discarded = 0;  // ingress VLAN not carried by the port
};

class LearningSwitch : public Node {
 public:
  LearningSwitch(Simulator& simulator, std::string name, SwitchParameters parameters = {});

  // A new port with a MAC derived from the switch's name. Throws std::invalid_argument when
  // `vlans` has a Problem (a configuration error the scenario reader reports first).
  Interface& AddPort(PortVlans vlans = {});
  Interface& AddPort(uint16_t access_vlan) { return AddPort(PortVlans::Access(access_vlan)); }
  void SetPortVlans(const Interface& port, PortVlans vlans);
  void SetPortVlan(const Interface& port, uint16_t vlan) {
    SetPortVlans(port, PortVlans::Access(vlan));
  }
  const PortVlans& port_vlans(const Interface& port) const { return ports_.at(port.index()); }

  // The port `mac` is learned behind in `vlan`, if the entry has not aged out.
  std::optional<std::string> LookupPort(const MacAddress& mac, uint16_t vlan = 1) const;
  size_t fdb_size() const { return fdb_.size(); }
  void FlushFdb() { fdb_.clear(); }

  // Hosts behind the ports register here what makes a broadcast ARP frame matter to them.
  ArpFloodFilter& arp_filter() { return arp_filter_; }
  void OnCableCaptured(Interface& /*port*/) override { cable_captured_ = true; }

  void HandleFrame(Interface& ingress, const Frame& frame) override;
  void OnCarrierChange(Interface& port, bool up) override;
  const SwitchCounters& counters() const { return counters_; }
  void set_parameters(const SwitchParameters& parameters) { parameters_ = parameters; }

 protected:
  void OnPowerOff() override { fdb_.clear(); }

 private:
  struct FdbEntry {
    Interface* port;
    SimTime learned_at;
  };
  using FdbKey = std::pair<uint16_t, MacAddress>;
  // A frame in the forms the switch may send it: without a tag, and tagged for its VLAN.
  struct FrameVersions;

  std::optional<uint16_t> IngressVlan(const Interface& port, const std::vector<uint8_t>& frame);
  Interface* KnownEgress(uint16_t vlan, const MacAddress& destination);
  void Forward(Interface& egress, FrameVersions& versions);
  void FloodVlan(const Interface& ingress, uint16_t vlan, FrameVersions& versions,
                 const std::vector<uint8_t>& frame);
  // The ports a flood of `frame` is offered to: all, or for a broadcast ARP frame the ones the
  // ARP flood filter names.
  const std::vector<size_t>& FloodCandidates(const std::vector<uint8_t>& frame);
  // Either end of `port`'s cable has a capture.
  static bool CableCaptured(const Interface& port);
  // Writes a copy the switch prunes to the captures of `port`'s cable, carrying nothing.
  void CaptureOnly(Interface& port, const std::vector<uint8_t>& frame);

  SwitchParameters parameters_;
  std::map<FdbKey, FdbEntry> fdb_;
  std::vector<PortVlans> ports_;  // by port index
  ArpFloodFilter arp_filter_;
  // Some cable of this switch has a capture: pruned ARP copies are written to it. Without one
  // the flood never looks at the pruned ports (a 1,000-port segment floods often).
  bool cable_captured_ = false;
  std::vector<size_t> all_ports_;   // 0..n-1
  std::vector<size_t> candidates_;  // scratch for FloodCandidates
  uint32_t trace_component_;
  SwitchCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_
