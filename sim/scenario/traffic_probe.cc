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

namespace {

// (failed, sent) per `width` from `from`.
std::vector<std::pair<uint64_t, uint64_t>> CountBy(const std::vector<SimTime>& attempts,
                                                   const std::vector<bool>& answered, SimTime from,
                                                   SimDuration width) {
  std::vector<std::pair<uint64_t, uint64_t>> counts;
  for (size_t k = 0; k < attempts.size(); ++k) {
    const auto slot = static_cast<size_t>((attempts[k] - from) / width);
    if (counts.size() <= slot) counts.resize(slot + 1);
    counts[slot].first += answered[k] ? 0 : 1;
    counts[slot].second += 1;
  }
  return counts;
}

}  // namespace

void TrafficProbe::FailedBySecond(ProbeResult& result) const {
  result.seconds_from = spec_.start;
  result.degraded_percent = spec_.degraded_percent;
  result.degraded_window = spec_.degraded_window;
  for (const auto& [failed, sent] : CountBy(attempts_, answered_, spec_.start, Seconds(1))) {
    result.failed_fraction.push_back(sent == 0 ? 0.0 : static_cast<double>(failed) / sent);
  }
  const auto windows = CountBy(attempts_, answered_, spec_.start, spec_.degraded_window);
  size_t run = 0;
  for (size_t k = 0; k < windows.size(); ++k) {
    const auto [failed, sent] = windows[k];
    // Integers, so the threshold means the same on every machine: failed/sent > percent/100.
    const bool degraded =
        sent > 0 && failed * 100 > sent * static_cast<uint64_t>(spec_.degraded_percent);
    run = degraded ? run + 1 : 0;
    const SimDuration length = static_cast<SimDuration>(run) * spec_.degraded_window;
    if (degraded && length > result.longest_degraded) {
      result.longest_degraded = length;
      result.longest_degraded_start =
          spec_.start + static_cast<SimDuration>(k + 1 - run) * spec_.degraded_window;
    }
  }
}

ProbeResult TrafficProbe::Finish(SimTime end) {
  ReportUnanswered();
  ProbeResult result;
  result.name = spec_.name;
  result.from = spec_.from;
  result.kind = ProbeKindName(spec_.kind);
  result.target = spec_.target;
  result.sent = attempts_.size();
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
  FailedBySecond(result);
  return result;
}

}  // namespace metallab::sim
