#include "sim/network/tcp_stack.h"

#include <algorithm>

#include "sim/network/ip_node.h"

namespace metallab::sim {
namespace {

// Sequence-space comparisons (RFC 9293 §3.4), modulo 2^32.
bool SeqLess(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) < 0; }
bool SeqLessEqual(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) <= 0; }

}  // namespace

std::string_view TcpStateName(TcpState state) {
  static constexpr std::string_view kNames[] = {
      "CLOSED",     "LISTEN",     "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
      "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING",  "LAST_ACK",     "TIME_WAIT"};
  return kNames[static_cast<int>(state)];
}

std::string_view TcpCloseReasonName(TcpCloseReason reason) {
  static constexpr std::string_view kNames[] = {"closed", "reset", "timed out", "refused",
                                                "aborted"};
  return kNames[static_cast<int>(reason)];
}

TcpConnection::TcpConnection(TcpStack& stack, TcpEndpoints endpoints, uint32_t initial_sequence)
    : stack_(stack),
      endpoints_(std::move(endpoints)),
      iss_(initial_sequence),
      snd_una_(initial_sequence),
      snd_nxt_(initial_sequence),
      retransmit_timer_(stack.node().simulator()),
      time_wait_timer_(stack.node().simulator()),
      rto_(stack.parameters().initial_rto) {}

void TcpConnection::SendSegment(uint16_t flags, uint32_t seq, std::vector<uint8_t> payload) {
  packet::TcpSegment segment{endpoints_.local_port,
                             endpoints_.remote_port,
                             seq,
                             (flags & packet::kTcpAck) ? rcv_nxt_ : 0,
                             flags,
                             stack_.parameters().window,
                             std::move(payload)};
  stack_.Transmit(endpoints_, std::move(segment));
}

void TcpConnection::SendAck() { SendSegment(packet::kTcpAck, snd_nxt_, {}); }

void TcpConnection::ArmRetransmit() {
  retransmit_timer_.Arm(rto_, [this] { OnRetransmitTimeout(); });
}

void TcpConnection::StartActiveOpen() {
  state_ = TcpState::kSynSent;
  SendSegment(packet::kTcpSyn, iss_, {});
  snd_nxt_ = iss_ + 1;
  rtt_probe_ = {snd_nxt_, stack_.node().simulator().Now()};
  ArmRetransmit();
}

void TcpConnection::StartPassiveOpen(const packet::TcpSegment& syn) {
  state_ = TcpState::kSynReceived;
  rcv_nxt_ = syn.seq + 1;
  peer_window_ = syn.window;
  SendSegment(packet::kTcpSyn | packet::kTcpAck, iss_, {});
  snd_nxt_ = iss_ + 1;
  rtt_probe_ = {snd_nxt_, stack_.node().simulator().Now()};
  ArmRetransmit();
}

uint32_t TcpConnection::SendLimit() const {
  const uint32_t in_flight = snd_nxt_ - snd_una_;
  return peer_window_ > in_flight ? peer_window_ - in_flight : 0;
}

void TcpConnection::TrySend() {
  if (state_ != TcpState::kEstablished && state_ != TcpState::kCloseWait) return;
  const size_t data_in_flight = (snd_nxt_ - snd_una_) - (fin_sent_ ? 1 : 0);
  size_t offset = data_in_flight;
  while (offset < send_buffer_.size()) {
    const size_t length =
        std::min<size_t>({stack_.parameters().mss, send_buffer_.size() - offset, SendLimit()});
    if (length == 0) break;
    std::vector<uint8_t> payload(
        send_buffer_.begin() + static_cast<std::ptrdiff_t>(offset),
        send_buffer_.begin() + static_cast<std::ptrdiff_t>(offset + length));
    const uint32_t seq = snd_nxt_;
    SendSegment(packet::kTcpAck | packet::kTcpPsh, seq, std::move(payload));
    snd_nxt_ += static_cast<uint32_t>(length);
    offset += length;
    if (!rtt_probe_) rtt_probe_ = {snd_nxt_, stack_.node().simulator().Now()};
  }
  if (fin_queued_ && !fin_sent_ && offset == send_buffer_.size()) {
    SendSegment(packet::kTcpFin | packet::kTcpAck, snd_nxt_, {});
    ++snd_nxt_;
    fin_sent_ = true;
    state_ = state_ == TcpState::kEstablished ? TcpState::kFinWait1 : TcpState::kLastAck;
  }
  if (snd_nxt_ != snd_una_ && !retransmit_timer_.armed()) ArmRetransmit();
}

bool TcpConnection::Send(std::span<const uint8_t> data) {
  if (fin_queued_ || (state_ != TcpState::kEstablished && state_ != TcpState::kCloseWait &&
                      state_ != TcpState::kSynSent && state_ != TcpState::kSynReceived)) {
    return false;
  }
  send_buffer_.insert(send_buffer_.end(), data.begin(), data.end());
  TrySend();
  return true;
}

void TcpConnection::Close() {
  switch (state_) {
    case TcpState::kSynSent:
    case TcpState::kSynReceived:
      Finish(TcpCloseReason::kClosed);
      return;
    case TcpState::kEstablished:
    case TcpState::kCloseWait:
      fin_queued_ = true;
      TrySend();
      return;
    default:
      return;
  }
}

void TcpConnection::Abort() {
  if (state_ == TcpState::kClosed) return;
  if (state_ != TcpState::kSynSent) SendSegment(packet::kTcpRst | packet::kTcpAck, snd_nxt_, {});
  Finish(TcpCloseReason::kAborted);
}

void TcpConnection::OnRetransmitTimeout() {
  const bool opening = state_ == TcpState::kSynSent || state_ == TcpState::kSynReceived;
  const int limit = opening ? stack_.parameters().syn_retries : stack_.parameters().data_retries;
  if (++retries_ > limit) {
    Finish(TcpCloseReason::kTimedOut);
    return;
  }
  // Exponential backoff (RFC 6298 §5.5), and no RTT sample from a retransmission (Karn).
  rto_ = std::min(rto_ * 2, stack_.parameters().max_rto);
  rtt_probe_.reset();
  ++retransmissions_;
  if (state_ == TcpState::kSynSent) {
    SendSegment(packet::kTcpSyn, iss_, {});
  } else if (state_ == TcpState::kSynReceived) {
    SendSegment(packet::kTcpSyn | packet::kTcpAck, iss_, {});
  } else {
    const size_t data_in_flight = (snd_nxt_ - snd_una_) - (fin_sent_ ? 1 : 0);
    if (data_in_flight > 0) {
      const size_t length = std::min<size_t>(stack_.parameters().mss, data_in_flight);
      std::vector<uint8_t> payload(send_buffer_.begin(),
                                   send_buffer_.begin() + static_cast<std::ptrdiff_t>(length));
      SendSegment(packet::kTcpAck | packet::kTcpPsh, snd_una_, std::move(payload));
    } else if (fin_sent_) {
      SendSegment(packet::kTcpFin | packet::kTcpAck, snd_nxt_ - 1, {});
    }
  }
  ArmRetransmit();
}

void TcpConnection::ProcessAck(const packet::TcpSegment& segment) {
  if (!segment.Has(packet::kTcpAck)) return;
  peer_window_ = segment.window;
  if (!SeqLess(snd_una_, segment.ack) || SeqLess(snd_nxt_, segment.ack)) return;
  const SimTime now = stack_.node().simulator().Now();
  if (rtt_probe_ && SeqLessEqual(rtt_probe_->first, segment.ack)) {
    // RFC 6298 §2.2–2.3.
    const SimDuration sample = now - rtt_probe_->second;
    if (!srtt_) {
      srtt_ = sample;
      rttvar_ = sample / 2;
    } else {
      rttvar_ = (3 * rttvar_ + std::abs(*srtt_ - sample)) / 4;
      srtt_ = (7 * *srtt_ + sample) / 8;
    }
    rtt_probe_.reset();
  }
  if (srtt_) {
    rto_ = std::clamp(*srtt_ + std::max<SimDuration>(4 * rttvar_, Milliseconds(1)),
                      stack_.parameters().min_rto, stack_.parameters().max_rto);
  }
  // SYN and FIN take a sequence number each but no byte of the send buffer.
  uint32_t acked = segment.ack - snd_una_;
  if (snd_una_ == iss_) --acked;
  const bool fin_acked = fin_sent_ && segment.ack == snd_nxt_;
  if (fin_acked) --acked;
  const size_t data_acked = std::min<size_t>(acked, send_buffer_.size());
  send_buffer_.erase(send_buffer_.begin(),
                     send_buffer_.begin() + static_cast<std::ptrdiff_t>(data_acked));
  snd_una_ = segment.ack;
  retries_ = 0;
  stack_.node().ConfirmReachability(endpoints_.remote);
  if (snd_una_ == snd_nxt_) {
    retransmit_timer_.Cancel();
  } else {
    ArmRetransmit();
  }
  if (fin_acked) {
    if (state_ == TcpState::kFinWait1) state_ = TcpState::kFinWait2;
    if (state_ == TcpState::kClosing) EnterTimeWait();
    if (state_ == TcpState::kLastAck) Finish(TcpCloseReason::kClosed);
  }
}

void TcpConnection::ProcessData(const packet::TcpSegment& segment) {
  const auto length = static_cast<uint32_t>(segment.payload.size());
  if (length > 0) {
    if (segment.seq != rcv_nxt_) {
      SendAck();  // out of order or duplicate: say what we expect
      return;
    }
    rcv_nxt_ += length;
    if (on_data) on_data(segment.payload);
    if (state_ == TcpState::kClosed) return;
  }
  if (segment.Has(packet::kTcpFin) && segment.seq + length == rcv_nxt_) {
    ++rcv_nxt_;
    SendAck();
    switch (state_) {
      case TcpState::kEstablished:
        state_ = TcpState::kCloseWait;
        if (on_peer_closed) on_peer_closed();
        break;
      case TcpState::kFinWait1:
        state_ = TcpState::kClosing;
        break;
      case TcpState::kFinWait2:
        EnterTimeWait();
        break;
      default:
        break;
    }
  } else if (length > 0) {
    SendAck();
  }
}

void TcpConnection::OnSegment(const packet::TcpSegment& segment) {
  if (segment.Has(packet::kTcpRst)) {
    if (state_ == TcpState::kSynSent) {
      if (segment.Has(packet::kTcpAck) && segment.ack == snd_nxt_) Finish(TcpCloseReason::kRefused);
      return;
    }
    // Accept a reset whose sequence number is inside our receive window (RFC 5961 §3 would
    // demand an exact match; the window check is RFC 793's).
    if (SeqLessEqual(rcv_nxt_, segment.seq) &&
        SeqLess(segment.seq, rcv_nxt_ + stack_.parameters().window)) {
      Finish(TcpCloseReason::kReset);
    }
    return;
  }
  switch (state_) {
    case TcpState::kSynSent:
      if (segment.Has(packet::kTcpSyn) && segment.Has(packet::kTcpAck) && segment.ack == snd_nxt_) {
        rcv_nxt_ = segment.seq + 1;
        state_ = TcpState::kEstablished;
        ProcessAck(segment);
        SendAck();
        if (on_established) on_established();
        TrySend();
      }
      return;
    case TcpState::kSynReceived:
      if (segment.Has(packet::kTcpSyn) && !segment.Has(packet::kTcpAck))
        return;  // our SYN-ACK will be resent
      if (segment.Has(packet::kTcpAck) && segment.ack == snd_nxt_) {
        state_ = TcpState::kEstablished;
        ProcessAck(segment);
        if (on_established) on_established();
        ProcessData(segment);
        TrySend();
      }
      return;
    case TcpState::kTimeWait:
      if (segment.Has(packet::kTcpFin)) SendAck();  // our last ACK was lost
      return;
    case TcpState::kClosed:
    case TcpState::kListen:
      return;
    default:
      break;
  }
  if (segment.Has(packet::kTcpSyn)) {
    SendAck();  // a retransmitted SYN-ACK: our ACK was lost
    return;
  }
  ProcessAck(segment);
  if (state_ == TcpState::kClosed) return;
  ProcessData(segment);
  TrySend();
}

void TcpConnection::EnterTimeWait() {
  state_ = TcpState::kTimeWait;
  retransmit_timer_.Cancel();
  if (on_closed) on_closed(TcpCloseReason::kClosed);
  time_wait_timer_.Arm(stack_.parameters().time_wait, [this] {
    state_ = TcpState::kClosed;
    ReleaseCallbacks();
    stack_.Forget(endpoints_);
  });
}

void TcpConnection::ReleaseCallbacks() {
  on_established = nullptr;
  on_data = nullptr;
  on_peer_closed = nullptr;
  on_closed = nullptr;
}

void TcpConnection::Finish(TcpCloseReason reason) {
  if (state_ == TcpState::kClosed) return;
  state_ = TcpState::kClosed;
  retransmit_timer_.Cancel();
  time_wait_timer_.Cancel();
  // Keep ourselves alive through the callback even if the stack held the last reference.
  std::shared_ptr<TcpConnection> self;
  if (const auto found = stack_.connections_.find(endpoints_); found != stack_.connections_.end()) {
    self = found->second;
  }
  stack_.Forget(endpoints_);
  // Moved out first: the callback may drop the last outside reference to us.
  const auto closed = std::move(on_closed);
  ReleaseCallbacks();
  if (closed) closed(reason);
}

TcpStack::TcpStack(IpNode& node, TcpParameters parameters)
    : node_(node), parameters_(parameters), rng_(node.simulator().Rng("tcp/" + node.name())) {}

TcpStack::~TcpStack() { Reset(); }

std::shared_ptr<TcpConnection> TcpStack::Connect(const net::IpAddress& remote,
                                                 uint16_t remote_port) {
  const auto local = node_.SourceAddressFor(remote);
  if (!local) return nullptr;
  TcpEndpoints endpoints{*local, 0, remote, remote_port};
  // Ephemeral ports from Linux's default range, skipping ones in use for this peer.
  for (int attempt = 0; attempt < 28232; ++attempt) {
    endpoints.local_port = next_ephemeral_port_;
    next_ephemeral_port_ = next_ephemeral_port_ >= 60999 ? 32768 : next_ephemeral_port_ + 1;
    if (connections_.count(endpoints) == 0) break;
  }
  auto connection = std::make_shared<TcpConnection>(*this, endpoints, NextIsn());
  connections_[endpoints] = connection;
  connection->StartActiveOpen();
  return connection;
}

void TcpStack::Receive(const packet::IpPacket& packet, const packet::TcpSegment& segment) {
  const TcpEndpoints endpoints{packet.destination, segment.destination_port, packet.source,
                               segment.source_port};
  if (const auto found = connections_.find(endpoints); found != connections_.end()) {
    const std::shared_ptr<TcpConnection> connection = found->second;
    connection->OnSegment(segment);
    return;
  }
  if (segment.Has(packet::kTcpSyn) && !segment.Has(packet::kTcpAck)) {
    if (const AcceptHandler* listener =
            listeners_.Find(packet.destination, segment.destination_port)) {
      auto connection = std::make_shared<TcpConnection>(*this, endpoints, NextIsn());
      connections_[endpoints] = connection;
      AcceptHandler accept = *listener;
      connection->on_established = [weak = std::weak_ptr<TcpConnection>(connection), accept] {
        if (auto strong = weak.lock()) accept(strong);
      };
      connection->StartPassiveOpen(segment);
      return;
    }
  }
  if (!segment.Has(packet::kTcpRst)) SendReset(packet, segment);
}

void TcpStack::SendReset(const packet::IpPacket& packet, const packet::TcpSegment& segment) {
  // RFC 9293 §3.10.7.1: answer the segment so the sender gives up.
  packet::TcpSegment reset{
      segment.destination_port, segment.source_port, 0, 0, packet::kTcpRst, 0, {}};
  if (segment.Has(packet::kTcpAck)) {
    reset.seq = segment.ack;
  } else {
    reset.flags |= packet::kTcpAck;
    reset.ack = segment.seq + static_cast<uint32_t>(segment.payload.size()) +
                (segment.Has(packet::kTcpSyn) ? 1 : 0) + (segment.Has(packet::kTcpFin) ? 1 : 0);
  }
  node_.SendIp(packet::IpPacket{packet.destination, packet.source, node_.parameters().default_ttl,
                                std::move(reset)});
}

void TcpStack::Transmit(const TcpEndpoints& endpoints, packet::TcpSegment segment) {
  node_.SendIp(packet::IpPacket{endpoints.local, endpoints.remote, node_.parameters().default_ttl,
                                std::move(segment)});
}

void TcpStack::Forget(const TcpEndpoints& endpoints) { connections_.erase(endpoints); }

void TcpStack::Reset() {
  for (auto& [endpoints, connection] : connections_) {
    connection->state_ = TcpState::kClosed;
    connection->retransmit_timer_.Cancel();
    connection->time_wait_timer_.Cancel();
    connection->ReleaseCallbacks();
  }
  connections_.clear();
  listeners_.Clear();
}

}  // namespace metallab::sim
