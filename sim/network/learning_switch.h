// An ordinary Ethernet switch: it learns which port each source MAC lives behind, forwards known
// unicast to that port, and floods unknown unicast, broadcast and multicast to every other port
// of the same VLAN. Learned entries age out (300 s by default, as on most switches) and are
// flushed when a port loses its carrier. Ports are access ports of one VLAN each (untagged).
#ifndef METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_
#define METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "sim/network/node.h"

namespace metallab::sim {

struct SwitchParameters {
  SimDuration fdb_aging = Seconds(300);
  SimDuration forwarding_delay = Microseconds(1);  // lookup and fabric, beyond serialization
};

struct SwitchCounters {
  uint64_t forwarded = 0;
  uint64_t flooded = 0;
  uint64_t filtered = 0;  // destination behind the ingress port
};

class LearningSwitch : public Node {
 public:
  LearningSwitch(Simulator& simulator, std::string name, SwitchParameters parameters = {});

  // A new port in `vlan` (default 1), with a MAC derived from the switch's name.
  Interface& AddPort(uint16_t vlan = 1);
  void SetPortVlan(const Interface& port, uint16_t vlan);

  // The port `mac` is learned behind in `vlan`, if the entry has not aged out.
  std::optional<std::string> LookupPort(const MacAddress& mac, uint16_t vlan = 1) const;
  size_t fdb_size() const { return fdb_.size(); }
  void FlushFdb() { fdb_.clear(); }

  void HandleFrame(Interface& ingress, const Frame& frame) override;
  void OnCarrierChange(Interface& port, bool up) override;
  const SwitchCounters& counters() const { return counters_; }

 protected:
  void OnPowerOff() override { fdb_.clear(); }

 private:
  struct FdbEntry {
    Interface* port;
    SimTime learned_at;
  };
  using FdbKey = std::pair<uint16_t, MacAddress>;

  uint16_t VlanOf(const Interface& port) const;
  void Forward(Interface& egress, const Frame& frame);

  SwitchParameters parameters_;
  std::map<FdbKey, FdbEntry> fdb_;
  std::map<const Interface*, uint16_t> vlans_;
  uint32_t trace_component_;
  SwitchCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_LEARNING_SWITCH_H_
