#include "sim/scenario/traffic_probe.h"

#include <algorithm>

namespace metallab::sim {

SimDuration ProbeResult::LongestOutage() const {
  SimDuration longest = 0;
  for (const Outage& outage : outages) longest = std::max(longest, outage.end - outage.start);
  return longest;
}

TrafficProbe::TrafficProbe(IpNode& client, ProbeSpec spec, uint16_t id, SimTime end,
                           AttemptObserver on_attempt)
    : client_(client),
      spec_(std::move(spec)),
      id_(id),
      end_(spec_.stop.value_or(end)),
      on_attempt_(std::move(on_attempt)) {}

TrafficProbe::~TrafficProbe() {
  if (tcp_) {
    tcp_->on_established = nullptr;
    tcp_->on_closed = nullptr;
  }
}

void TrafficProbe::Start() {
  if (spec_.kind == ProbeKind::kArp) {
    client_.AddRawListener([this](Interface&, const Frame& frame) { OnFrame(frame); });
  }
  if (spec_.kind == ProbeKind::kUdp) {
    client_.BindUdp(UdpSourcePort(),
                    [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
                      if (packet.source != spec_.target || datagram.source_port != spec_.port)
                        return;
                      Answered(std::string(datagram.payload.begin(), datagram.payload.end()));
                    });
  }
  client_.simulator().ScheduleAt(spec_.start, [this] { Send(); });
}

void TrafficProbe::Send() {
  const SimTime now = client_.simulator().Now();
  if (now >= end_) return;
  ReportUnanswered();
  attempts_.push_back(now);
  answered_.push_back(false);
  switch (spec_.kind) {
    case ProbeKind::kArp:
      SendArp();
      break;
    case ProbeKind::kIcmp:
      client_.SendEchoRequest(spec_.target, id_, sequence_++);
      break;
    case ProbeKind::kHttp:
    case ProbeKind::kTcp:
      StartConnection();
      break;
    case ProbeKind::kUdp: {
      const std::string text = "probe " + std::to_string(sequence_++);
      client_.SendUdp(spec_.target, UdpSourcePort(), spec_.port,
                      std::vector<uint8_t>(text.begin(), text.end()));
      break;
    }
  }
  client_.simulator().Schedule(spec_.interval, [this] { Send(); });
}

void TrafficProbe::SendArp() {
  Interface& interface = *client_.interfaces().front();
  net::IpAddress source = net::IpAddress::V4(0);
  for (const InterfaceAddress& address : client_.Addresses(interface)) {
    if (address.address.is_v4()) source = address.address;
  }
  client_.SendRawFrame(interface,
                       packet::EncodeArp(packet::kBroadcastMac, interface.mac(),
                                         packet::ArpPacket{true, interface.mac(), source,
                                                           packet::MacAddress(), spec_.target}));
}

void TrafficProbe::StartConnection() {
  // The previous attempt ran out of time (curl --max-time): reset it.
  if (http_) http_->Cancel(spec_.interval);
  if (tcp_) {
    tcp_->on_established = nullptr;
    if (tcp_->state() != TcpState::kClosed) tcp_->Abort();
  }
  const size_t attempt = attempts_.size() - 1;
  if (spec_.kind == ProbeKind::kHttp) {
    http_ = std::make_unique<HttpGet>(client_, spec_.target, spec_.port, spec_.path,
                                      [this, attempt](const HttpGetResult& result) {
                                        if (!result.ok || attempt + 1 != attempts_.size()) return;
                                        std::string body = result.response.body;
                                        while (!body.empty() && body.back() == '\n')
                                          body.pop_back();
                                        Answered(body);
                                      });
    return;
  }
  tcp_ = client_.tcp().Connect(spec_.target, spec_.port);
  if (!tcp_) return;
  tcp_->on_established = [this, attempt] {
    if (attempt + 1 == attempts_.size()) MarkAnswered("");
    tcp_->Close();
  };
}

void TrafficProbe::OnFrame(const Frame& frame) {
  if (attempts_.empty() || FrameEtherType(*frame) != packet::kEtherTypeArp) return;
  std::string error;
  const auto decoded = packet::DecodeFrame(*frame, &error);
  if (!decoded) return;
  const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body);
  if (arp != nullptr && !arp->request && arp->sender_ip == spec_.target &&
      decoded->destination != packet::kBroadcastMac) {
    Answered(arp->sender_mac.ToString());
  }
}

void TrafficProbe::OnEchoReply(const packet::IpPacket& packet, const packet::IcmpEcho& echo) {
  if (echo.id != id_ || packet.source != spec_.target || attempts_.empty()) return;
  // Only the latest attempt's reply counts: a late one belongs to an outage already.
  if (static_cast<uint16_t>(sequence_ - 1) == echo.sequence) MarkAnswered("");
}

void TrafficProbe::Answered(const std::string& responder) {
  if (attempts_.empty()) return;
  responders_.insert(responder);
  MarkAnswered(responder);
}

void TrafficProbe::MarkAnswered(const std::string& responder) {
  if (attempts_.empty() || answered_.back()) return;
  answered_.back() = true;
  if (on_attempt_) {
    on_attempt_(
        {spec_.name, attempts_.size() - 1, attempts_.back(), client_.simulator().Now(), responder});
  }
}

void TrafficProbe::ReportUnanswered() {
  if (attempts_.empty() || answered_.back() || !on_attempt_) return;
  on_attempt_({spec_.name, attempts_.size() - 1, attempts_.back(), std::nullopt, ""});
}

ProbeResult TrafficProbe::Finish(SimTime end) {
  ReportUnanswered();
  ProbeResult result{
      spec_.name, spec_.from, ProbeKindName(spec_.kind), spec_.target, attempts_.size(), 0, {}, {}};
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
