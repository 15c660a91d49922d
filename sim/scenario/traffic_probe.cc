#include "sim/scenario/traffic_probe.h"

#include <algorithm>

namespace metallab::sim {

SimDuration ProbeResult::LongestOutage() const {
  SimDuration longest = 0;
  for (const Outage& outage : outages) longest = std::max(longest, outage.end - outage.start);
  return longest;
}

TrafficProbe::TrafficProbe(IpNode& client, ProbeSpec spec, uint16_t id, SimTime end)
    : client_(client), spec_(std::move(spec)), id_(id), end_(spec_.stop.value_or(end)) {}

void TrafficProbe::Start() {
  if (spec_.kind == ProbeKind::kArp) {
    client_.AddRawListener([this](Interface&, const Frame& frame) { OnFrame(frame); });
  }
  client_.simulator().ScheduleAt(spec_.start, [this] { Send(); });
}

void TrafficProbe::Send() {
  const SimTime now = client_.simulator().Now();
  if (now >= end_) return;
  attempts_.push_back(now);
  answered_.push_back(false);
  if (spec_.kind == ProbeKind::kArp) {
    Interface& interface = *client_.interfaces().front();
    net::IpAddress source = net::IpAddress::V4(0);
    for (const InterfaceAddress& address : client_.Addresses(interface)) {
      if (address.address.is_v4()) source = address.address;
    }
    client_.SendRawFrame(interface,
                         packet::EncodeArp(packet::kBroadcastMac, interface.mac(),
                                           packet::ArpPacket{true, interface.mac(), source,
                                                             packet::MacAddress(), spec_.target}));
  } else {
    client_.SendEchoRequest(spec_.target, id_, sequence_++);
  }
  client_.simulator().Schedule(spec_.interval, [this] { Send(); });
}

void TrafficProbe::OnFrame(const Frame& frame) {
  if (attempts_.empty() || FrameEtherType(*frame) != packet::kEtherTypeArp) return;
  std::string error;
  const auto decoded = packet::DecodeFrame(*frame, &error);
  if (!decoded) return;
  const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body);
  if (arp != nullptr && !arp->request && arp->sender_ip == spec_.target &&
      decoded->destination != packet::kBroadcastMac) {
    answered_.back() = true;
    responders_.insert(arp->sender_mac.to_string());
  }
}

void TrafficProbe::OnEchoReply(const packet::IpPacket& packet, const packet::IcmpEcho& echo) {
  if (echo.id != id_ || packet.source != spec_.target || attempts_.empty()) return;
  // Only the latest attempt's reply counts: a late one belongs to an outage already.
  if (static_cast<uint16_t>(sequence_ - 1) == echo.sequence) answered_.back() = true;
}

ProbeResult TrafficProbe::Finish(SimTime end) const {
  ProbeResult result{spec_.name,
                     spec_.from,
                     spec_.kind == ProbeKind::kArp ? "arp" : "icmp",
                     spec_.target,
                     attempts_.size(),
                     0,
                     {},
                     {}};
  result.responders.assign(responders_.begin(), responders_.end());
  std::optional<SimTime> open;
  for (size_t k = 0; k < attempts_.size(); ++k) {
    if (answered_[k]) {
      ++result.answered;
      if (open) result.outages.push_back({*open, attempts_[k]});
      open.reset();
    } else if (!open) {
      open = attempts_[k];
    }
  }
  if (open) result.outages.push_back({*open, std::min(end, end_)});
  return result;
}

}  // namespace metallab::sim
