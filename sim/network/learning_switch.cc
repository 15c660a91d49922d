#include "sim/network/learning_switch.h"

#include <algorithm>
#include <stdexcept>

#include "sim/network/flood_delivery.h"
#include "sim/network/interface.h"
#include "sim/network/link.h"
#include "sim/network/vlan_tag.h"

namespace metallab::sim {
namespace {

bool IsValidVlanId(uint16_t vlan) { return vlan >= kMinVlanId && vlan <= kMaxVlanId; }

}  // namespace

std::string PortVlans::Problem() const {
  if (untagged && !IsValidVlanId(*untagged)) {
    return "VLAN " + std::to_string(*untagged) + " is outside 1-4094";
  }
  for (const uint16_t vlan : tagged) {
    if (!IsValidVlanId(vlan)) return "VLAN " + std::to_string(vlan) + " is outside 1-4094";
    if (untagged == vlan) {
      return "VLAN " + std::to_string(vlan) + " is both the native VLAN and tagged";
    }
  }
  return {};
}

// Each version is built at most once per frame, however many ports it leaves through.
struct LearningSwitch::FrameVersions {
  FrameVersions(Frame received, uint16_t vlan) : vlan(vlan) {
    (HasDot1qTag(*received) ? tagged : untagged) = std::move(received);
  }
  const Frame& Untagged() {
    if (!untagged) untagged = MakeFrame(PopDot1qTag(*tagged));
    return untagged;
  }
  const Frame& Tagged() {
    // A priority-tagged frame (VLAN ID 0) is re-tagged with its VLAN.
    if (!tagged || Dot1qVlanId(*tagged) != vlan)
      tagged = MakeFrame(PushDot1qTag(*Untagged(), vlan));
    return tagged;
  }
  const Frame& For(const PortVlans& port) { return port.untagged == vlan ? Untagged() : Tagged(); }

  uint16_t vlan;
  Frame untagged;
  Frame tagged;
};

LearningSwitch::LearningSwitch(Simulator& simulator, std::string name, SwitchParameters parameters)
    : Node(simulator, std::move(name)),
      parameters_(parameters),
      trace_component_(simulator.Component("switch/" + this->name())) {}

Interface& LearningSwitch::AddPort(PortVlans vlans) {
  if (const std::string problem = vlans.Problem(); !problem.empty()) {
    throw std::invalid_argument("switch " + name() + ": " + problem);
  }
  const size_t index = interfaces().size();
  // Switch port MACs only matter for captures; derive them from the name so they are stable.
  const auto seed = static_cast<uint32_t>(StableHash(name()) & 0x00ffffff);
  Interface& port = AddInterface("port" + std::to_string(index + 1),
                                 MacFromIndex(0x80000000u | (seed ^ static_cast<uint32_t>(index))));
  ports_.push_back(std::move(vlans));
  arp_filter_.AddPort();
  all_ports_.push_back(index);
  return port;
}

void LearningSwitch::SetPortVlans(const Interface& port, PortVlans vlans) {
  if (const std::string problem = vlans.Problem(); !problem.empty()) {
    throw std::invalid_argument("switch " + name() + " " + port.name() + ": " + problem);
  }
  ports_.at(port.index()) = std::move(vlans);
  // Entries learned in VLANs the port no longer carries would forward into the void.
  for (auto it = fdb_.begin(); it != fdb_.end();) {
    const bool stale = it->second.port == &port && !ports_[port.index()].Carries(it->first.first);
    it = stale ? fdb_.erase(it) : std::next(it);
  }
}

std::optional<std::string> LearningSwitch::LookupPort(const MacAddress& mac, uint16_t vlan) const {
  const auto found = fdb_.find({vlan, mac});
  if (found == fdb_.end()) return std::nullopt;
  if (simulator().Now() - found->second.learned_at >= parameters_.fdb_aging) return std::nullopt;
  return found->second.port->name();
}

std::optional<uint16_t> LearningSwitch::IngressVlan(const Interface& port,
                                                    const std::vector<uint8_t>& frame) {
  const PortVlans& vlans = ports_[port.index()];
  const uint16_t tag = Dot1qVlanId(frame);
  // Untagged and priority-tagged frames belong to the native VLAN.
  if (tag == 0) return vlans.untagged;
  if (vlans.Carries(tag)) return tag;  // a tagged frame of the native VLAN is accepted too
  return std::nullopt;
}

Interface* LearningSwitch::KnownEgress(uint16_t vlan, const MacAddress& destination) {
  if (IsGroupAddress(destination)) return nullptr;
  const auto found = fdb_.find({vlan, destination});
  if (found == fdb_.end()) return nullptr;
  if (simulator().Now() - found->second.learned_at >= parameters_.fdb_aging) {
    fdb_.erase(found);  // aged out: flood as unknown
    return nullptr;
  }
  return found->second.port;
}

void LearningSwitch::Forward(Interface& egress, FrameVersions& versions) {
  simulator().Schedule(
      parameters_.forwarding_delay,
      [&egress, frame = versions.For(ports_[egress.index()])] { egress.Send(frame); },
      TraceTag{trace_component_, 1});
}

const std::vector<size_t>& LearningSwitch::FloodCandidates(const std::vector<uint8_t>& frame) {
  const auto arp = parameters_.prune_arp_floods ? BroadcastArpKey(frame) : std::nullopt;
  if (!arp) return all_ports_;
  arp_filter_.PortsFor(arp->sender_ip, arp->sender_mac, arp->target_ip, candidates_);
  return candidates_;
}

void LearningSwitch::FloodVlan(const Interface& ingress, uint16_t vlan, FrameVersions& versions,
                               const std::vector<uint8_t>& frame) {
  // Version 0 untagged, 1 tagged; built only if some port needs it.
  const std::vector<size_t>& candidates = FloodCandidates(frame);
  std::vector<FloodEgress> egress;
  std::vector<FloodEgress> observed;  // pruned, but a capture on the cable would see the copy
  egress.reserve(candidates.size());
  bool needs_untagged = false;
  bool needs_tagged = false;
  const auto add = [&](size_t index, std::vector<FloodEgress>& to) {
    const auto& port = interfaces()[index];
    const PortVlans& vlans = ports_[index];
    if (port.get() == &ingress || !vlans.Carries(vlan)) return;
    const bool untagged = vlans.untagged == vlan;
    (untagged ? needs_untagged : needs_tagged) = true;
    to.push_back(FloodEgress{port.get(), static_cast<uint8_t>(untagged ? 0 : 1)});
  };
  for (const size_t index : candidates) add(index, egress);
  if (cable_captured_ && &candidates != &all_ports_) {
    for (const size_t index : all_ports_) {
      if (!std::binary_search(candidates.begin(), candidates.end(), index) &&
          CableCaptured(*interfaces()[index])) {
        add(index, observed);
      }
    }
  }
  std::vector<Frame> frames(2);
  if (needs_untagged) frames[0] = versions.Untagged();
  if (needs_tagged) frames[1] = versions.Tagged();
  // Every copy leaves after the same forwarding delay, in port order.
  simulator().Schedule(
      parameters_.forwarding_delay,
      [this, frames = std::move(frames), egress = std::move(egress),
       observed = std::move(observed)] {
        Flood(simulator(), TraceTag{trace_component_, 3}, frames, egress);
        for (const FloodEgress& copy : observed) CaptureOnly(*copy.port, *frames[copy.version]);
      },
      TraceTag{trace_component_, 2});
}

bool LearningSwitch::CableCaptured(const Interface& port) {
  return port.captured() || (port.link() != nullptr && port.link()->Peer(port).captured());
}

void LearningSwitch::CaptureOnly(Interface& port, const std::vector<uint8_t>& frame) {
  // Where a capture would have seen the copy: leaving this port now, arriving at the far end
  // when the wire would have delivered it (without jitter: nothing is drawn for it).
  if (!port.carrier()) return;
  port.CaptureOnly(simulator().Now(), frame);
  Interface& peer = port.link()->Peer(port);
  const auto arrival = port.link()->ArrivalIfSent(port, frame);
  if (arrival && peer.carrier()) peer.CaptureOnly(*arrival, frame);
}

void LearningSwitch::HandleFrame(Interface& ingress, const Frame& frame) {
  const auto vlan = IngressVlan(ingress, *frame);
  if (!vlan) {
    ++counters_.discarded;
    return;
  }
  const MacAddress source = FrameSource(*frame);
  const MacAddress destination = FrameDestination(*frame);
  if (!IsGroupAddress(source)) fdb_[{*vlan, source}] = FdbEntry{&ingress, simulator().Now()};

  FrameVersions versions(frame, *vlan);
  if (Interface* egress = KnownEgress(*vlan, destination)) {
    if (egress == &ingress) {
      ++counters_.filtered;
    } else {
      ++counters_.forwarded;
      Forward(*egress, versions);
    }
    return;
  }
  ++counters_.flooded;
  FloodVlan(ingress, *vlan, versions, *frame);
}

void LearningSwitch::OnCarrierChange(Interface& port, bool up) {
  if (up) return;
  for (auto it = fdb_.begin(); it != fdb_.end();) {
    it = it->second.port == &port ? fdb_.erase(it) : std::next(it);
  }
}

}  // namespace metallab::sim
