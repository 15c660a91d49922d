#include "core/membership/memberlist.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <variant>

#include "core/membership/wire/compound.h"
#include "core/membership/wire/framing.h"
#include "core/membership/wire/packet_codec.h"

namespace metallab::membership {
namespace {

using runtime::Instant;
using runtime::UdpEndpoint;
namespace mw = memberlist_wire;

// memberlist's own range (ProtocolVersionMin, ProtocolVersionMax); MetalLB's speaker has no
// delegate, so the delegate versions are 0.
constexpr uint8_t kProtocolMin = 1;
constexpr uint8_t kProtocolMax = 5;
// The CRC header goes to members that understand protocol 5 (rawSendMsgPacket).
constexpr uint8_t kCrcProtocol = 5;
// The TCP fallback ping goes to members that understand protocol 3 (probeNode).
constexpr uint8_t kTcpPingProtocol = 3;

bool DeadOrLeft(MemberState state) {
  return state == MemberState::kDead || state == MemberState::kLeft;
}

mw::GoBytes AddressBytes(const net::IpAddress& address) {
  const auto bytes = address.Bytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.begin() + address.bits() / 8);
}

// A net.IP as memberlist sends it: 4 bytes, or 16 (an IPv4 in its IPv4-mapped form is read
// as IPv4, as Go's net.IP prints and dials it).
std::optional<net::IpAddress> AddressOf(std::span<const uint8_t> bytes) {
  if (bytes.size() == 4) {
    return net::IpAddress::V4(static_cast<uint32_t>(bytes[0]) << 24 |
                              static_cast<uint32_t>(bytes[1]) << 16 |
                              static_cast<uint32_t>(bytes[2]) << 8 | bytes[3]);
  }
  if (bytes.size() != 16) return std::nullopt;
  const bool mapped =
      std::all_of(bytes.begin(), bytes.begin() + 10, [](uint8_t b) { return b == 0; }) &&
      bytes[10] == 0xff && bytes[11] == 0xff;
  if (mapped) return AddressOf(bytes.subspan(12));
  std::array<uint8_t, 16> array{};
  std::copy(bytes.begin(), bytes.end(), array.begin());
  return net::IpAddress::FromBytes(array);
}

std::optional<UdpEndpoint> EndpointOf(const mw::GoBytes& address, uint16_t port) {
  if (!address.has_value()) return std::nullopt;
  const auto ip = AddressOf(*address);
  if (!ip) return std::nullopt;
  return UdpEndpoint{*ip, port};
}

std::string Where(const char* what, const UdpEndpoint& from, const mw::WireError& error) {
  return std::string(what) + " from " + from.ToString() + ", byte " + std::to_string(error.offset) +
         ": " + error.what;
}

}  // namespace

const char* EventKindName(MembershipEvent::Kind kind) {
  switch (kind) {
    case MembershipEvent::Kind::kJoin:
      return "join";
    case MembershipEvent::Kind::kLeave:
      return "leave";
    case MembershipEvent::Kind::kSuspect:
      return "suspect";
    case MembershipEvent::Kind::kRefute:
      return "refute";
    case MembershipEvent::Kind::kMalformed:
      return "malformed";
    case MembershipEvent::Kind::kProbeFailed:
      return "probeFailed";
    case MembershipEvent::Kind::kHealth:
      return "health";
  }
  return "unknown";
}

Memberlist::Memberlist(MemberlistConfig config, std::string name, UdpEndpoint address,
                       runtime::RandomSource& random)
    : config_(std::move(config)),
      name_(std::move(name)),
      address_(address),
      random_(random),
      health_(config_.awareness_max_multiplier) {
  // MetalLB's SecretKey: a keyring of that key alone (memberlist's Create). A key of a size
  // AES does not take leaves encryption off, as memberlist would refuse to start.
  if (!config_.secret_key.empty()) {
    auto ring = mw::Keyring::Create({}, config_.secret_key);
    if (auto* keyring = std::get_if<mw::Keyring>(&ring)) keyring_ = std::move(*keyring);
  }
}

Memberlist::~Memberlist() = default;

void Memberlist::Start(Instant now) {
  running_ = true;
  // schedule(): the probe and gossip tickers start now and first tick one interval later (the
  // goroutines' random stagger, shorter than the interval, ends before that tick). Push-pull
  // has no ticker: it sleeps a random stagger, then an interval before each exchange.
  probe_ticks_from_ = now;
  next_probe_ = now + config_.probe_interval;
  next_gossip_ = config_.gossip_nodes > 0 ? now + config_.gossip_interval : runtime::kNoDeadline;
  next_push_pull_ =
      config_.push_pull_interval > 0
          ? now + static_cast<runtime::Duration>(random_.Below(config_.push_pull_interval)) +
                config_.push_pull_interval
          : runtime::kNoDeadline;
  ++incarnation_;  // a fresh process starts at incarnation 1
  OnAlive(now, SelfAlive(), /*bootstrap=*/true);
}

void Memberlist::Join(Instant now, const std::vector<UdpEndpoint>& seeds) {
  if (!running_) return;
  for (const UdpEndpoint& seed : seeds) {
    if (seed != address_) OpenPushPull(now, seed, /*join=*/true);
  }
}

void Memberlist::Leave(Instant now) {
  if (!running_ || leaving_) return;
  leaving_ = true;
  Node* self = FindNode(name_);
  if (self != nullptr) OnDead(now, mw::Dead{self->view.incarnation, name_, name_});
}

void Memberlist::Stop() {
  running_ = false;
  probe_.reset();
  forwarded_acks_.clear();
  streams_.clear();
  gossip_.Clear();
  for (auto& [name, node] : nodes_) node.suspicion.reset();
  suspected_.clear();
  next_probe_ = next_gossip_ = next_push_pull_ = runtime::kNoDeadline;
}

std::vector<OutgoingDatagram> Memberlist::TakeDatagrams() { return std::exchange(outbox_, {}); }
std::vector<StreamRequest> Memberlist::TakeStreamRequests() {
  return std::exchange(stream_outbox_, {});
}
std::vector<MembershipEvent> Memberlist::TakeEvents() { return std::exchange(events_, {}); }

// --- inputs ---------------------------------------------------------------------------------

void Memberlist::HandleDatagram(Instant now, const UdpEndpoint& from,
                                std::span<const uint8_t> bytes) {
  if (!running_) return;
  mw::ReceiveOptions options;
  options.label = config_.label;
  options.keyring = Encrypted() ? &keyring_ : nullptr;
  auto decoded = mw::DecodePacket(bytes, options);
  if (const auto* error = std::get_if<mw::WireError>(&decoded)) {
    ReportMalformed(now, Where("datagram", from, *error));
    return;
  }
  auto& packet = std::get<mw::ReceivedPacket>(decoded);
  // handleCommand: a bad message costs only itself; the others are handled in packet order.
  for (const mw::WireError& error : packet.dropped) {
    ReportMalformed(now, Where("datagram", from, error));
  }
  for (mw::Message& message : packet.messages) HandleMessage(now, from, std::move(message));
}

void Memberlist::HandleMessage(Instant now, const UdpEndpoint& from, mw::Message message) {
  if (auto* ping = std::get_if<mw::Ping>(&message)) return OnPing(from, *ping);
  if (auto* request = std::get_if<mw::IndirectPing>(&message)) {
    return OnIndirectPing(now, from, *request);
  }
  if (auto* ack = std::get_if<mw::AckResp>(&message)) return OnAck(now, *ack);
  if (auto* nack = std::get_if<mw::NackResp>(&message)) return OnNack(*nack);
  if (auto* alive = std::get_if<mw::Alive>(&message)) {
    if (!EndpointOf(alive->addr, alive->port)) {
      return ReportMalformed(now, "datagram from " + from.ToString() + ": alive of " + alive->node +
                                      " has no IPv4 or IPv6 address");
    }
    return OnAlive(now, *alive, false);
  }
  if (auto* suspect = std::get_if<mw::Suspect>(&message)) return OnSuspect(now, *suspect);
  if (auto* dead = std::get_if<mw::Dead>(&message)) return OnDead(now, *dead);
  // User messages have no delegate in MetalLB.
}

void Memberlist::OnPing(const UdpEndpoint& from, const mw::Ping& ping) {
  // A ping meant for a previous owner of our address is not ours to answer.
  if (!ping.node.empty() && ping.node != name_) return;
  // handlePing: answer where the ping says it came from, when it says.
  UdpEndpoint to = from;
  if (!ping.source_addr.empty() && ping.source_port > 0) {
    if (const auto source = AddressOf(ping.source_addr)) to = {*source, ping.source_port};
  }
  Send(to, mw::AckResp{ping.seq_no, std::nullopt});
}

void Memberlist::OnIndirectPing(Instant now, const UdpEndpoint& from,
                                const mw::IndirectPing& request) {
  const auto target_address = request.target ? AddressOf(*request.target) : std::nullopt;
  if (!target_address) {
    return ReportMalformed(
        now, "datagram from " + from.ToString() + ": indirect ping with no IPv4 or IPv6 target");
  }
  // Protocol 1 sent no port: the configured one is meant.
  const uint16_t port = request.port != 0 ? request.port : config_.bind_port;
  UdpEndpoint requester = from;
  if (!request.source_addr.empty() && request.source_port > 0) {
    if (const auto source = AddressOf(request.source_addr)) {
      requester = {*source, request.source_port};
    }
  }
  const uint32_t seq = next_seq_++;
  forwarded_acks_[seq] =
      ForwardedAck{requester, request.seq_no, now + config_.probe_timeout, request.nack};
  Send({*target_address, port},
       mw::Ping{seq, request.node, *AddressBytes(address_.address), address_.port, name_});
}

void Memberlist::OnAck(Instant now, const mw::AckResp& ack) {
  if (probe_ && probe_->seq == ack.seq_no) return FinishProbe(now, -1);
  const auto forwarded = forwarded_acks_.find(ack.seq_no);
  if (forwarded == forwarded_acks_.end()) return;
  const ForwardedAck route = forwarded->second;
  forwarded_acks_.erase(forwarded);
  Send(route.requester, mw::AckResp{route.requester_seq, std::nullopt});
}

void Memberlist::OnNack(const mw::NackResp& nack) {
  // memberlist's nack channel holds indirect_checks + 1; it does not ask who sent one.
  if (!probe_ || probe_->seq != nack.seq_no) return;
  if (probe_->nacks < config_.indirect_checks + 1) ++probe_->nacks;
}

bool Memberlist::HandleStreamReply(Instant now, StreamId stream, std::span<const uint8_t> bytes) {
  const auto found = streams_.find(stream);
  if (!running_ || found == streams_.end()) return true;
  const PendingStream pending = found->second;
  // The label header is the dialer's alone (labelWrappedTransport): the reply has none.
  const std::span<const uint8_t> rest = bytes;
  mw::StreamOptions options;
  options.label = config_.label;
  options.keyring = Encrypted() ? &keyring_ : nullptr;
  auto decoded = mw::DecodeStreamMessage(rest, options);
  if (std::holds_alternative<mw::NeedMoreBytes>(decoded)) return false;
  streams_.erase(found);
  if (const auto* error = std::get_if<mw::WireError>(&decoded)) {
    ReportMalformed(now, Where("stream", pending.to, *error));
    return true;
  }
  const mw::StreamMessage& message = std::get<mw::DecodedStreamMessage>(decoded).message;
  if (const auto* remote_error = std::get_if<mw::ErrResp>(&message)) {
    ReportMalformed(now, "stream from " + pending.to.ToString() +
                             ": the remote side answered with an error: " + remote_error->error);
    return true;
  }
  switch (pending.purpose) {
    case PendingStream::Purpose::kPushPull:
      if (const auto* state = std::get_if<mw::PushPull>(&message)) MergeRemoteState(now, *state);
      break;
    case PendingStream::Purpose::kFallbackPing:
      if (const auto* ack = std::get_if<mw::AckResp>(&message)) {
        if (probe_ && probe_->seq == ack->seq_no && ack->seq_no == pending.seq) {
          probe_->fallback_acked = true;
        }
      }
      break;
  }
  return true;
}

void Memberlist::HandleStreamClosed(Instant /*now*/, StreamId stream) { streams_.erase(stream); }

StreamAnswer Memberlist::HandleIncomingStream(Instant now, const UdpEndpoint& from,
                                              std::span<const uint8_t> bytes) {
  if (!running_) return {StreamAnswer::Kind::kClose, {}};
  std::span<const uint8_t> rest = bytes;
  // A labeled stream starts with its label header; ours must match (transport.go).
  if (!rest.empty() && rest[0] == static_cast<uint8_t>(mw::MessageType::kHasLabel)) {
    if (rest.size() < 2 || rest.size() < 2u + rest[1]) return {};
    auto labeled = mw::RemoveLabelHeader(rest.first(2u + rest[1]));
    if (const auto* error = std::get_if<mw::WireError>(&labeled)) {
      ReportMalformed(now, Where("stream", from, *error));
      return {StreamAnswer::Kind::kClose, {}};
    }
    if (std::get<mw::Labeled>(labeled).label != config_.label) {
      ReportMalformed(now, "stream from " + from.ToString() + ": unacceptable label \"" +
                               std::get<mw::Labeled>(labeled).label + "\"");
      return {StreamAnswer::Kind::kClose, {}};
    }
    rest = rest.subspan(2u + rest[1]);
  } else if (!config_.label.empty()) {
    if (rest.empty()) return {};
    ReportMalformed(
        now, "stream from " + from.ToString() + ": no label, \"" + config_.label + "\" expected");
    return {StreamAnswer::Kind::kClose, {}};
  }
  mw::StreamOptions options;
  options.label = config_.label;
  options.keyring = Encrypted() ? &keyring_ : nullptr;
  auto decoded = mw::DecodeStreamMessage(rest, options);
  if (std::holds_alternative<mw::NeedMoreBytes>(decoded)) return {};
  if (const auto* error = std::get_if<mw::WireError>(&decoded)) {
    // handleConn: the error goes back to the sender before the connection closes.
    ReportMalformed(now, Where("stream", from, *error));
    return {StreamAnswer::Kind::kReplyAndClose, StreamBytes(mw::ErrResp{error->what})};
  }
  const mw::StreamMessage& message = std::get<mw::DecodedStreamMessage>(decoded).message;
  if (const auto* state = std::get_if<mw::PushPull>(&message)) {
    // Our state goes out first, then theirs is merged (handleConn's order).
    StreamAnswer answer{StreamAnswer::Kind::kReplyAndClose, StreamBytes(LocalState(state->join))};
    MergeRemoteState(now, *state);
    return answer;
  }
  if (const auto* ping = std::get_if<mw::Ping>(&message)) {
    if (!ping->node.empty() && ping->node != name_) return {StreamAnswer::Kind::kClose, {}};
    return {StreamAnswer::Kind::kReplyAndClose,
            StreamBytes(mw::AckResp{ping->seq_no, std::nullopt})};
  }
  return {StreamAnswer::Kind::kClose, {}};
}

void Memberlist::MergeRemoteState(Instant now, const mw::PushPull& remote) {
  // memberlist's mergeState: a remote "dead" is only a suspicion here, a remote "left" is
  // taken as the member's own word.
  for (const mw::PushNodeState& state : remote.nodes) {
    switch (state.state) {
      case mw::NodeState::kAlive:
        if (!EndpointOf(state.addr, state.port)) {
          ReportMalformed(now, "push-pull: " + state.name + " has no IPv4 or IPv6 address");
          break;
        }
        OnAlive(
            now,
            mw::Alive{state.incarnation, state.name, state.addr, state.port, state.meta, state.vsn},
            false);
        break;
      case mw::NodeState::kLeft:
        OnDead(now, mw::Dead{state.incarnation, state.name, state.name});
        break;
      case mw::NodeState::kDead:
      case mw::NodeState::kSuspect:
        OnSuspect(now, mw::Suspect{state.incarnation, state.name, name_});
        break;
    }
  }
}

// --- state transitions (memberlist state.go) --------------------------------------------------

void Memberlist::OnAlive(Instant now, const mw::Alive& alive, bool bootstrap) {
  if (leaving_ && alive.node == name_) return;
  const UdpEndpoint address = *EndpointOf(alive.addr, alive.port);  // checked by the callers
  Node* node = FindNode(alive.node);
  const bool is_new = node == nullptr;
  if (is_new) node = &AddNode(alive.node, address);
  const bool is_self = alive.node == name_;
  // A member at another address is a name conflict unless the old one is gone.
  const bool moves = node->view.address != address;
  if (moves && !DeadOrLeft(node->view.state)) return;
  if (alive.incarnation <= node->view.incarnation && !is_self && !moves && !is_new) return;
  if (alive.incarnation < node->view.incarnation && is_self) return;

  node->suspicion.reset();
  suspected_.erase(alive.node);
  const MemberState old_state = node->view.state;
  if (!bootstrap && is_self) {
    if (alive.incarnation == node->view.incarnation) return;
    Refute(now, *node, alive.incarnation);
  } else {
    Broadcast(alive.node, alive);
    node->view.incarnation = alive.incarnation;
    node->view.address = address;
    node->meta = alive.meta;
    node->vsn = alive.vsn;
    node->protocol_max = alive.vsn && alive.vsn->size() > 1 ? (*alive.vsn)[1] : 0;
    if (node->view.state != MemberState::kAlive || is_new) {
      node->view.state = MemberState::kAlive;
      node->view.state_change = now;
    }
  }
  if (is_new || DeadOrLeft(old_state)) Emit(now, MembershipEvent::Kind::kJoin, *node);
}

void Memberlist::OnSuspect(Instant now, const mw::Suspect& suspect) {
  Node* node = FindNode(suspect.node);
  if (node == nullptr || suspect.incarnation < node->view.incarnation) return;
  // Already suspected: a new accuser is an independent confirmation, worth passing on.
  if (node->suspicion) {
    if (node->suspicion->Confirm(suspect.from, now)) Broadcast(suspect.node, suspect);
    return;
  }
  if (node->view.state != MemberState::kAlive) return;
  if (suspect.node == name_) {
    Refute(now, *node, suspect.incarnation);
    return;
  }
  Broadcast(suspect.node, suspect);
  node->view.incarnation = suspect.incarnation;
  node->view.state = MemberState::kSuspect;
  node->view.state_change = now;
  node->suspicion = std::make_unique<Suspicion>(config_, nodes_.size(), suspect.from, now);
  suspected_.insert(suspect.node);
  Emit(now, MembershipEvent::Kind::kSuspect, *node, "suspected by " + suspect.from);
}

void Memberlist::OnDead(Instant now, const mw::Dead& dead) {
  Node* node = FindNode(dead.node);
  if (node == nullptr || dead.incarnation < node->view.incarnation) return;
  node->suspicion.reset();
  suspected_.erase(dead.node);
  if (DeadOrLeft(node->view.state)) return;
  if (dead.node == name_ && !leaving_) {
    Refute(now, *node, dead.incarnation);
    return;
  }
  Broadcast(dead.node, dead);
  node->view.incarnation = dead.incarnation;
  node->view.state = dead.node == dead.from ? MemberState::kLeft : MemberState::kDead;
  node->view.state_change = now;
  Emit(now, MembershipEvent::Kind::kLeave, *node,
       dead.node == dead.from ? "left" : "declared dead by " + dead.from);
}

void Memberlist::Refute(Instant now, Node& self, uint32_t accused_incarnation) {
  incarnation_ = std::max(incarnation_ + 1, accused_incarnation + 1);
  self.view.incarnation = incarnation_;
  Broadcast(name_, SelfAlive());
  Emit(now, MembershipEvent::Kind::kRefute, self,
       "accused at incarnation " + std::to_string(accused_incarnation) + ", now " +
           std::to_string(incarnation_));
  // Being suspected is a sign that we are the slow one.
  ChangeHealth(now, 1);
}

// --- timers ---------------------------------------------------------------------------------

Instant Memberlist::NextTimeout() const {
  if (!running_) return runtime::kNoDeadline;
  // A tick while a probe runs waits for it to end (FinishProbe).
  Instant next =
      std::min({probe_ ? runtime::kNoDeadline : next_probe_, next_gossip_, next_push_pull_});
  if (probe_) next = std::min(next, probe_->indirect_sent ? probe_->end : probe_->direct_deadline);
  for (const auto& [seq, forwarded] : forwarded_acks_) next = std::min(next, forwarded.expires);
  for (const auto& [id, stream] : streams_) next = std::min(next, stream.deadline);
  for (const std::string& name : suspected_) {
    next = std::min(next, nodes_.at(name).suspicion->deadline());
  }
  return next;
}

void Memberlist::HandleTimeout(Instant now) {
  // Same-instant work runs in a fixed order, so every run takes the same path.
  while (running_ && NextTimeout() <= now) {
    const Instant due = NextTimeout();
    ExpireSuspicions(due);
    ExpireForwardedAcks(due);
    ExpireStreams(due);
    if (probe_ && !probe_->indirect_sent && probe_->direct_deadline <= due) ProbeDirectTimeout(due);
    if (probe_ && probe_->indirect_sent && probe_->end <= due) ProbeEnd(due);
    if (!probe_ && next_probe_ <= due) StartProbe(due);
    if (next_gossip_ <= due) Gossip(due);
    if (next_push_pull_ <= due) PushPullWithRandomMember(due);
  }
}

void Memberlist::ExpireSuspicions(Instant now) {
  // A copy: declaring a member dead ends its suspicion (and the set changes).
  const std::set<std::string> suspected = suspected_;
  for (const std::string& name : suspected) {
    Node& node = nodes_.at(name);
    if (!node.suspicion || node.suspicion->deadline() > now) continue;
    node.suspicion.reset();
    suspected_.erase(name);
    if (node.view.state == MemberState::kSuspect) {
      const mw::Dead dead{node.view.incarnation, name, name_};
      OnDead(now, dead);
    }
  }
}

void Memberlist::ExpireForwardedAcks(Instant now) {
  for (auto it = forwarded_acks_.begin(); it != forwarded_acks_.end();) {
    if (it->second.expires > now) {
      ++it;
      continue;
    }
    // handleIndirectPing: the target was silent for the probe timeout; the requester asked to
    // hear so, which tells it that its own network is fine.
    if (it->second.nack) Send(it->second.requester, mw::NackResp{it->second.requester_seq});
    it = forwarded_acks_.erase(it);
  }
}

void Memberlist::ExpireStreams(Instant now) {
  // The connection's deadline (TCPTimeout, or the probe's end for a fallback ping) passed.
  for (auto it = streams_.begin(); it != streams_.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    stream_outbox_.push_back(
        StreamRequest{StreamRequest::Kind::kAbort, it->first, it->second.to, {}});
    it = streams_.erase(it);
  }
}

void Memberlist::ResetProbeOrder(Instant now) {
  // Members dead or gone for longer than gossip_to_the_dead_time are forgotten, and the order
  // is reshuffled for the next round (memberlist's resetNodes).
  std::erase_if(probe_order_, [&](const std::string& name) {
    const Node& node = nodes_.at(name);
    const bool forget = DeadOrLeft(node.view.state) &&
                        now - node.view.state_change > config_.gossip_to_the_dead_time;
    if (forget) {
      suspected_.erase(name);
      nodes_.erase(name);
    }
    return forget;
  });
  random_.Shuffle(probe_order_);
  probe_index_ = 0;
}

Instant Memberlist::NextProbeTick(Instant now) const {
  const runtime::Duration interval = config_.probe_interval;
  return probe_ticks_from_ + ((now - probe_ticks_from_) / interval + 1) * interval;
}

void Memberlist::StartProbe(Instant now) {
  next_probe_ = NextProbeTick(now);
  for (size_t checked = 0; checked < probe_order_.size(); ++checked) {
    if (probe_index_ >= probe_order_.size()) ResetProbeOrder(now);
    if (probe_order_.empty()) return;
    const Node& node = nodes_.at(probe_order_[probe_index_++]);
    if (node.view.name == name_ || DeadOrLeft(node.view.state)) continue;
    // probeNode: the whole probe, indirect pings included, waits the health-scaled interval;
    // the direct ping's timeout is not scaled (waiting longer would not get UDP through).
    probe_ = Probe{node.view.name, next_seq_++, now + config_.probe_timeout,
                   now + health_.Scale(config_.probe_interval)};
    const mw::Ping ping{probe_->seq, node.view.name, *AddressBytes(address_.address), address_.port,
                        name_};
    if (node.view.state == MemberState::kAlive) return Send(node.view.address, ping);
    // A suspect gets its suspicion with the ping, so it can refute at once; memberlist sends
    // the pair alone, with a CRC where the member understands one.
    const std::vector<std::vector<uint8_t>> parts{
        mw::EncodeMessage(ping),
        mw::EncodeMessage(mw::Suspect{node.view.incarnation, node.view.name, name_})};
    return SendPacket(node.view.address, *mw::EncodeCompound(parts),
                      node.protocol_max >= kCrcProtocol);
  }
}

void Memberlist::FinishProbe(Instant now, int health_delta) {
  probe_.reset();
  ChangeHealth(now, health_delta);
  // Go's ticker keeps one tick for a busy receiver and drops the rest: a tick the probe
  // overran starts the next probe now.
  if (next_probe_ < now) next_probe_ = now;
}

void Memberlist::ChangeHealth(Instant now, int delta) {
  if (!health_.ApplyDelta(delta)) return;
  const Node* self = FindNode(name_);
  if (self == nullptr) return;
  Emit(now, MembershipEvent::Kind::kHealth, *self,
       "score " + std::to_string(health_.score()) + ", probes every " +
           std::to_string(health_.Scale(config_.probe_interval) / 1'000'000) + "ms");
}

void Memberlist::ProbeDirectTimeout(Instant now) {
  probe_->indirect_sent = true;
  const Node* target = FindNode(probe_->target);
  if (target == nullptr) return FinishProbe(now, 0);
  Emit(now, MembershipEvent::Kind::kProbeFailed, *target,
       "no ack within " + std::to_string(config_.probe_timeout / 1'000'000) + "ms");
  const mw::IndirectPing request{probe_->seq,
                                 AddressBytes(target->view.address.address),
                                 target->view.address.port,
                                 target->view.name,
                                 false,
                                 *AddressBytes(address_.address),
                                 address_.port,
                                 name_};
  for (const Node* helper :
       RandomMembers(static_cast<size_t>(config_.indirect_checks), probe_->target, false, now)) {
    mw::IndirectPing ask = request;
    // Only members that understand protocol 4 send nacks, so only they are asked for one.
    ask.nack = helper->protocol_max >= 4;
    probe_->expected_nacks += ask.nack ? 1 : 0;
    Send(helper->view.address, ask);
  }
  // probeNode: a ping over TCP beside the indirect ones, for a member that understands it.
  if (!config_.disable_tcp_pings && target->protocol_max >= kTcpPingProtocol) {
    const StreamId id = next_stream_++;
    streams_[id] = PendingStream{PendingStream::Purpose::kFallbackPing, target->view.address,
                                 probe_->seq, probe_->end};
    stream_outbox_.push_back(
        StreamRequest{StreamRequest::Kind::kOpen, id, target->view.address,
                      DialBytes(mw::Ping{probe_->seq, target->view.name,
                                         *AddressBytes(address_.address), address_.port, name_})});
  }
}

void Memberlist::ProbeEnd(Instant now) {
  const Probe probe = *probe_;
  // Reached over TCP though UDP failed: memberlist warns that the network may be
  // misconfigured, and suspects nobody; the probe counts as a success.
  if (probe.fallback_acked) return FinishProbe(now, -1);
  // Helpers that should have nacked and did not suggest that our own network is what fails;
  // with no helper to ask, every failed probe counts against us.
  const int health_delta =
      probe.expected_nacks > 0 ? std::max(0, probe.expected_nacks - probe.nacks) : 1;
  const Node* node = FindNode(probe.target);
  if (node != nullptr) OnSuspect(now, mw::Suspect{node->view.incarnation, probe.target, name_});
  FinishProbe(now, health_delta);
}

void Memberlist::Gossip(Instant now) {
  next_gossip_ = now + config_.gossip_interval;
  const size_t budget =
      config_.udp_buffer_size - mw::kCompoundHeaderOverhead - EncryptionOverhead();
  for (const Node* member :
       RandomMembers(static_cast<size_t>(config_.gossip_nodes), name_, true, now)) {
    auto messages = gossip_.Take(mw::kCompoundPerMessageOverhead, budget, RetransmitLimitNow());
    if (messages.empty()) return;
    if (messages.size() > mw::kMaxCompoundParts) messages.resize(mw::kMaxCompoundParts);
    // gossip() names the member, so the CRC goes to one that understands it.
    const bool crc = member->protocol_max >= kCrcProtocol;
    SendPacket(member->view.address,
               messages.size() == 1 ? std::move(messages.front()) : *mw::EncodeCompound(messages),
               crc);
  }
}

runtime::Duration Memberlist::PushPullInterval() const {
  // memberlist stretches the interval beyond 32 members so the exchange load stays flat.
  const double members = static_cast<double>(nodes_.size());
  if (members <= 32) return config_.push_pull_interval;
  const double multiplier = std::ceil(std::log2(members) - std::log2(32.0)) + 1.0;
  return static_cast<runtime::Duration>(multiplier *
                                        static_cast<double>(config_.push_pull_interval));
}

void Memberlist::PushPullWithRandomMember(Instant now) {
  next_push_pull_ = now + PushPullInterval();
  const auto members = RandomMembers(1, name_, false, now);
  if (!members.empty()) OpenPushPull(now, members.front()->view.address, false);
}

void Memberlist::OpenPushPull(Instant now, const UdpEndpoint& to, bool join) {
  const StreamId id = next_stream_++;
  streams_[id] = PendingStream{PendingStream::Purpose::kPushPull, to, 0, now + config_.tcp_timeout};
  stream_outbox_.push_back(
      StreamRequest{StreamRequest::Kind::kOpen, id, to, DialBytes(LocalState(join))});
}

mw::PushPull Memberlist::LocalState(bool join) const {
  // sendLocalState: every member we know, in m.nodes order, with no user state (no delegate).
  mw::PushPull state{join, {}, {}};
  for (const std::string& name : probe_order_) {
    const Node& node = nodes_.at(name);
    state.nodes.push_back(mw::PushNodeState{
        node.view.name, AddressBytes(node.view.address.address), node.view.address.port, node.meta,
        node.view.incarnation, static_cast<mw::NodeState>(node.view.state), node.vsn});
  }
  return state;
}

mw::Alive Memberlist::SelfAlive() const {
  // setAlive: no metadata (MetalLB's speaker has no delegate), Vsn as BuildVsnArray builds it.
  return mw::Alive{incarnation_,
                   name_,
                   AddressBytes(address_.address),
                   address_.port,
                   std::nullopt,
                   std::vector<uint8_t>{kProtocolMin, kProtocolMax,
                                        static_cast<uint8_t>(config_.protocol_version), 0, 0, 0}};
}

// --- sending --------------------------------------------------------------------------------

void Memberlist::Send(const UdpEndpoint& to, const mw::Message& message) {
  std::vector<uint8_t> bytes = mw::EncodeMessage(message);
  // sendMsg's budget: the buffer less the message, the compound header and the encryption.
  const size_t reserved = bytes.size() + mw::kCompoundHeaderOverhead + EncryptionOverhead();
  std::vector<std::vector<uint8_t>> parts;
  if (reserved < config_.udp_buffer_size) {
    parts = gossip_.Take(mw::kCompoundPerMessageOverhead, config_.udp_buffer_size - reserved,
                         RetransmitLimitNow());
  }
  if (parts.size() + 1 > mw::kMaxCompoundParts) parts.resize(mw::kMaxCompoundParts - 1);
  // rawSendMsgPacket without a node: it looks one up by the address, which finds a member only
  // where names are bare IPs; MetalLB's are node names, so its pings and acks carry no CRC.
  const Node* named = FindNode(to.address.ToString());
  const bool crc = named != nullptr && named->protocol_max >= kCrcProtocol;
  if (parts.empty()) return SendPacket(to, std::move(bytes), crc);
  parts.insert(parts.begin(), std::move(bytes));
  SendPacket(to, *mw::EncodeCompound(parts), crc);
}

void Memberlist::SendPacket(const UdpEndpoint& to, std::vector<uint8_t> message, bool add_crc) {
  mw::SendOptions options;
  options.label = config_.label;
  options.compress = config_.enable_compression;
  options.add_crc = add_crc;
  if (Encrypted()) {
    options.keyring = &keyring_;
    options.version = mw::EncryptionVersionFor(config_.protocol_version);
    options.nonce = NextNonce();
  }
  auto packet = mw::EncodePacket(message, options);
  // Fails only for a label over 255 bytes: nothing goes out, as memberlist refuses it.
  if (auto* bytes = std::get_if<std::vector<uint8_t>>(&packet)) {
    outbox_.push_back(OutgoingDatagram{to, std::move(*bytes)});
  }
}

std::vector<uint8_t> Memberlist::DialBytes(const mw::StreamMessage& message) {
  std::vector<uint8_t> body = StreamBytes(message);
  if (config_.label.empty()) return body;
  auto labeled = mw::AddLabelHeader(body, config_.label);
  return labeled ? std::move(*labeled) : std::vector<uint8_t>{};
}

std::vector<uint8_t> Memberlist::StreamBytes(const mw::StreamMessage& message) {
  mw::StreamSendOptions options;
  options.label = config_.label;
  options.compress = config_.enable_compression;
  if (Encrypted()) {
    options.keyring = &keyring_;
    options.version = mw::EncryptionVersionFor(config_.protocol_version);
    options.nonce = NextNonce();
  }
  auto encoded = mw::EncodeStreamForSend(message, options);
  // Fails only if OpenSSL does: an empty stream, which the peer reads as nothing.
  auto* bytes = std::get_if<std::vector<uint8_t>>(&encoded);
  return bytes != nullptr ? std::move(*bytes) : std::vector<uint8_t>{};
}

mw::Nonce Memberlist::NextNonce() {
  mw::Nonce nonce;
  const uint64_t high = random_.NextU64(), low = random_.NextU64();
  for (size_t i = 0; i < nonce.size(); ++i) {
    nonce[i] = static_cast<uint8_t>(i < 8 ? high >> (8 * i) : low >> (8 * (i - 8)));
  }
  return nonce;
}

size_t Memberlist::EncryptionOverhead() const {
  return Encrypted() ? mw::EncryptOverhead(mw::EncryptionVersionFor(config_.protocol_version)) : 0;
}

void Memberlist::Broadcast(const std::string& node, const mw::Message& message) {
  gossip_.Queue(node, mw::EncodeMessage(message));
}

// --- helpers --------------------------------------------------------------------------------

void Memberlist::Emit(Instant now, MembershipEvent::Kind kind, const Node& node,
                      std::string detail) {
  events_.push_back(MembershipEvent{kind, now, node.view.name, node.view.state, std::move(detail)});
}

void Memberlist::ReportMalformed(Instant now, std::string detail) {
  ++malformed_;
  events_.push_back(MembershipEvent{
      MembershipEvent::Kind::kMalformed, now, {}, MemberState::kAlive, std::move(detail)});
}

Memberlist::Node* Memberlist::FindNode(const std::string& name) {
  const auto found = nodes_.find(name);
  return found == nodes_.end() ? nullptr : &found->second;
}

Memberlist::Node& Memberlist::AddNode(const std::string& name, const UdpEndpoint& address) {
  Node& node = nodes_[name];
  node.view.name = name;
  node.view.address = address;
  node.view.state = MemberState::kDead;  // as memberlist: the alive that follows is a join
  // A random slot in the probe order, so a newcomer is not always probed last.
  probe_order_.push_back(name);
  const size_t slot = static_cast<size_t>(random_.Below(probe_order_.size()));
  std::swap(probe_order_[slot], probe_order_.back());
  return node;
}

std::vector<const Memberlist::Node*> Memberlist::RandomMembers(size_t count,
                                                               const std::string& exclude,
                                                               bool include_recently_dead,
                                                               Instant now) {
  std::vector<const Node*> eligible;
  eligible.reserve(nodes_.size());
  for (const auto& [name, node] : nodes_) {
    if (name == name_ || name == exclude) continue;
    const MemberState state = node.view.state;
    const bool live = state == MemberState::kAlive || state == MemberState::kSuspect;
    const bool recently_dead = state == MemberState::kDead &&
                               now - node.view.state_change <= config_.gossip_to_the_dead_time;
    if (include_recently_dead ? (live || recently_dead) : state == MemberState::kAlive) {
      eligible.push_back(&node);
    }
  }
  // A partial Fisher–Yates: `count` uniform picks without replacement, in O(count) draws (this
  // runs every gossip interval; shuffling every member each time is what made it slow).
  const size_t picks = std::min(count, eligible.size());
  for (size_t k = 0; k < picks; ++k) {
    const size_t j = k + static_cast<size_t>(random_.Below(eligible.size() - k));
    std::swap(eligible[k], eligible[j]);
  }
  eligible.resize(picks);
  return eligible;
}

int Memberlist::RetransmitLimitNow() const {
  return RetransmitLimit(config_.retransmit_mult, nodes_.size());
}

std::vector<std::string> Memberlist::Members() const {
  std::vector<std::string> members;
  for (const auto& [name, node] : nodes_) {
    if (!DeadOrLeft(node.view.state)) members.push_back(name);
  }
  return members;
}

std::optional<MemberView> Memberlist::Find(const std::string& name) const {
  const auto found = nodes_.find(name);
  if (found == nodes_.end()) return std::nullopt;
  return found->second.view;
}

std::vector<MemberView> Memberlist::AllNodes() const {
  std::vector<MemberView> views;
  for (const auto& [name, node] : nodes_) views.push_back(node.view);
  return views;
}

}  // namespace metallab::membership
