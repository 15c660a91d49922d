#include "sim/network/learning_switch.h"

namespace metallab::sim {

LearningSwitch::LearningSwitch(Simulator& simulator, std::string name, SwitchParameters parameters)
    : Node(simulator, std::move(name)),
      parameters_(parameters),
      trace_component_(simulator.Component("switch/" + this->name())) {}

Interface& LearningSwitch::AddPort(uint16_t vlan) {
  const size_t index = interfaces().size();
  // Switch port MACs only matter for captures; derive them from the name so they are stable.
  const auto seed = static_cast<uint32_t>(StableHash(name()) & 0x00ffffff);
  Interface& port = AddInterface("port" + std::to_string(index + 1),
                                 MacFromIndex(0x80000000u | (seed ^ static_cast<uint32_t>(index))));
  vlans_[&port] = vlan;
  return port;
}

void LearningSwitch::SetPortVlan(const Interface& port, uint16_t vlan) { vlans_[&port] = vlan; }

uint16_t LearningSwitch::VlanOf(const Interface& port) const {
  const auto found = vlans_.find(&port);
  return found == vlans_.end() ? 1 : found->second;
}

std::optional<std::string> LearningSwitch::LookupPort(const MacAddress& mac, uint16_t vlan) const {
  const auto found = fdb_.find({vlan, mac});
  if (found == fdb_.end()) return std::nullopt;
  if (simulator().Now() - found->second.learned_at >= parameters_.fdb_aging) return std::nullopt;
  return found->second.port->name();
}

void LearningSwitch::Forward(Interface& egress, const Frame& frame) {
  simulator().Schedule(
      parameters_.forwarding_delay,
      [&egress, frame] { egress.Send(frame); }, TraceTag{trace_component_, 1});
}

void LearningSwitch::HandleFrame(Interface& ingress, const Frame& frame) {
  const uint16_t vlan = VlanOf(ingress);
  const MacAddress source = FrameSource(*frame);
  const MacAddress destination = FrameDestination(*frame);
  if (!IsGroupAddress(source)) fdb_[{vlan, source}] = FdbEntry{&ingress, simulator().Now()};

  if (!IsGroupAddress(destination)) {
    const auto found = fdb_.find({vlan, destination});
    if (found != fdb_.end()) {
      if (simulator().Now() - found->second.learned_at < parameters_.fdb_aging) {
        if (found->second.port == &ingress) {
          ++counters_.filtered;
        } else {
          ++counters_.forwarded;
          Forward(*found->second.port, frame);
        }
        return;
      }
      fdb_.erase(found);  // aged out: flood as unknown
    }
  }
  ++counters_.flooded;
  // One event for the whole flood: every copy leaves after the same forwarding delay, in port
  // order, exactly as one event per port would order them.
  std::vector<Interface*> egress;
  egress.reserve(interfaces().size());
  for (const auto& port : interfaces()) {
    if (port.get() != &ingress && VlanOf(*port) == vlan) egress.push_back(port.get());
  }
  simulator().Schedule(
      parameters_.forwarding_delay,
      [egress = std::move(egress), frame] {
        for (Interface* port : egress) port->Send(frame);
      },
      TraceTag{trace_component_, 2});
}

void LearningSwitch::OnCarrierChange(Interface& port, bool up) {
  if (up) return;
  for (auto it = fdb_.begin(); it != fdb_.end();) {
    it = it->second.port == &port ? fdb_.erase(it) : std::next(it);
  }
}

}  // namespace metallab::sim
