#include "core/bfd/bfd_session.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <variant>

namespace metallab::bfd {
namespace {

using runtime::Duration;
using runtime::Instant;

constexpr int64_t kNanosPerMicro = 1000;
// §6.8.3: DesiredMinTxInterval is at least one second while the session is not Up.
constexpr int64_t kSlowStartTxUs = 1'000'000;

// The wire carries µs in 32 bits; zero is reserved for Desired Min TX and would mean "send me
// nothing" for Required Min RX, neither of which a profile can ask for.
int64_t WireMicros(Duration interval) {
  const int64_t max = std::numeric_limits<uint32_t>::max();
  return std::clamp<int64_t>(interval / kNanosPerMicro, 1, max);
}

BfdSessionConfig Normalized(BfdSessionConfig config) {
  config.detect_multiplier = std::clamp<uint32_t>(config.detect_multiplier, 1, 255);
  return config;
}

}  // namespace

BfdSession::BfdSession(BfdSessionConfig config, uint32_t local_discriminator, net::IpAddress peer,
                       runtime::RandomSource& random)
    : config_(Normalized(config)),
      local_discr_(local_discriminator == 0 ? 1 : local_discriminator),
      peer_{peer, kControlPort},
      random_(random) {
  RefreshIntervals();
}

void BfdSession::Enable(Instant now) {
  if (state_ != SessionState::kAdminDown) return;
  enabled_ = true;
  ChangeState(now, SessionState::kDown, Diagnostic::kNone);
  Flush(now, /*answer_poll=*/false);
}

void BfdSession::SetAdminDown(Instant now) {
  if (!enabled_ || state_ == SessionState::kAdminDown) return;
  ChangeState(now, SessionState::kAdminDown, Diagnostic::kAdministrativelyDown);
  Flush(now, /*answer_poll=*/false);
}

void BfdSession::UpdateConfig(Instant now, BfdSessionConfig config) {
  config_ = Normalized(config);
  RefreshIntervals();
  Flush(now, /*answer_poll=*/false);
}

void BfdSession::HandleDatagram(Instant now, std::span<const uint8_t> bytes, uint8_t ttl) {
  // RFC 5881 §5 (GTSM): a packet that crossed a router cannot be from a single-hop neighbour.
  if (ttl < config_.minimum_ttl) {
    Discard("TTL " + std::to_string(ttl) + " is below the minimum of " +
            std::to_string(config_.minimum_ttl));
    return;
  }
  auto decoded = DecodeControlPacket(bytes);
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    Discard(error->message);
    return;
  }
  const ControlPacket& packet = std::get<ControlPacket>(decoded);
  if (packet.your_discriminator != 0 && packet.your_discriminator != local_discr_) {
    Discard("your discriminator: " + std::to_string(packet.your_discriminator) +
            " is not this session's " + std::to_string(local_discr_));
    return;
  }
  Accept(now, packet);
}

// §6.8.6 from "Set bfd.RemoteDiscr" on, in its order.
void BfdSession::Accept(Instant now, const ControlPacket& packet) {
  remote_discr_ = packet.my_discriminator;
  remote_state_ = packet.state;
  remote_demand_ = packet.demand;
  remote_min_rx_us_ = packet.required_min_rx_us;
  remote_desired_tx_us_ = packet.desired_min_tx_us;
  remote_detect_mult_ = packet.detect_mult;
  if (poll_active_ && packet.final) EndPoll();
  if (state_ == SessionState::kAdminDown) {
    Discard("session is AdminDown");
    Flush(now, /*answer_poll=*/false);
    return;
  }
  heard_ = true;
  last_rx_ = now;
  RunStateMachine(now, packet.state);
  Flush(now, packet.poll);
}

void BfdSession::RunStateMachine(Instant now, SessionState received) {
  if (received == SessionState::kAdminDown) {
    if (state_ != SessionState::kDown) {
      ChangeState(now, SessionState::kDown, Diagnostic::kNeighborSignaledSessionDown);
    }
    return;
  }
  switch (state_) {
    case SessionState::kDown:
      if (received == SessionState::kDown) ChangeState(now, SessionState::kInit, Diagnostic::kNone);
      if (received == SessionState::kInit) ChangeState(now, SessionState::kUp, Diagnostic::kNone);
      break;
    case SessionState::kInit:
      if (received == SessionState::kInit || received == SessionState::kUp) {
        ChangeState(now, SessionState::kUp, Diagnostic::kNone);
      }
      break;
    case SessionState::kUp:
      if (received == SessionState::kDown) {
        ChangeState(now, SessionState::kDown, Diagnostic::kNeighborSignaledSessionDown);
      }
      break;
    case SessionState::kAdminDown:
      break;
  }
}

// LocalDiag is the reason for the latest change, so a change towards Up clears it.
void BfdSession::ChangeState(Instant now, SessionState to, Diagnostic diag) {
  const SessionState from = state_;
  state_ = to;
  diag_ = diag;
  events_.push_back(BfdEvent{from, to, diag, now, remote_state_});
  RefreshIntervals();
  send_now_ = true;
}

void BfdSession::DetectionTimeExpired(Instant now) {
  heard_ = false;
  remote_discr_ = 0;  // §6.8.1: forget a peer not heard from for a detection time
  if (state_ == SessionState::kInit || state_ == SessionState::kUp) {
    ChangeState(now, SessionState::kDown, Diagnostic::kControlDetectionTimeExpired);
  }
}

void BfdSession::Discard(std::string reason) {
  ++discarded_;
  last_discard_ = std::move(reason);
}

void BfdSession::RefreshIntervals() {
  const int64_t configured_tx = WireMicros(config_.desired_min_tx);
  const int64_t tx =
      state_ == SessionState::kUp ? configured_tx : std::max(configured_tx, kSlowStartTxUs);
  const int64_t rx = WireMicros(config_.required_min_rx);
  if (enabled_ && (tx != advertised_tx_us_ || rx != advertised_rx_us_)) poll_active_ = true;
  advertised_tx_us_ = tx;
  advertised_rx_us_ = rx;
  if (state_ != SessionState::kUp) {
    applied_tx_us_ = tx;
    applied_rx_us_ = rx;
    return;
  }
  // §6.8.3: while Up, transmitting more slowly or expecting packets more often must wait until
  // the poll shows the peer has adjusted its detection time or transmit rate.
  applied_tx_us_ = std::min(applied_tx_us_, tx);
  applied_rx_us_ = std::max(applied_rx_us_, rx);
}

void BfdSession::EndPoll() {
  poll_active_ = false;
  applied_tx_us_ = advertised_tx_us_;
  applied_rx_us_ = advertised_rx_us_;
}

// §6.8.7: passive until the peer is known; never to a peer that wants no packets or has put
// the Up session in Demand mode.
bool BfdSession::MayTransmitPeriodically() const {
  if (!enabled_) return false;
  if (config_.passive && remote_discr_ == 0) return false;
  if (remote_min_rx_us_ == 0) return false;
  return !(remote_demand_ && state_ == SessionState::kUp && remote_state_ == SessionState::kUp);
}

void BfdSession::Transmit(Instant now, bool final) {
  ControlPacket packet;
  packet.diag = diag_;
  packet.state = state_;
  packet.poll = poll_active_ && !final;  // never both P and F
  packet.final = final;
  packet.detect_mult = static_cast<uint8_t>(config_.detect_multiplier);
  packet.my_discriminator = local_discr_;
  packet.your_discriminator = remote_discr_;
  packet.desired_min_tx_us = static_cast<uint32_t>(advertised_tx_us_);
  packet.required_min_rx_us = static_cast<uint32_t>(advertised_rx_us_);
  outbox_.push_back(OutgoingDatagram{peer_, EncodeControlPacket(packet)});
  if (final) return;  // a Final answers out of band; the periodic rhythm is unchanged
  armed_interval_ = transmit_interval();
  last_tx_ = now;
  next_tx_ = now + Jittered(armed_interval_);
}

void BfdSession::Flush(Instant now, bool answer_poll) {
  // §6.8.7: a Poll is answered at once, whatever the timers; the Final also carries any state
  // change, so it stands in for the packet the change owes.
  if (answer_poll) {
    Transmit(now, /*final=*/true);
  } else if (send_now_ && MayTransmitPeriodically()) {
    Transmit(now, /*final=*/false);
  }
  send_now_ = false;
  if (!MayTransmitPeriodically()) {
    next_tx_ = runtime::kNoDeadline;
    return;
  }
  if (next_tx_ == runtime::kNoDeadline) {  // just allowed to speak: do so
    Transmit(now, /*final=*/false);
    return;
  }
  const Duration interval = transmit_interval();
  if (interval == armed_interval_) return;
  // §6.8.3: a new interval applies from the last packet on, now if that is already past.
  armed_interval_ = interval;
  next_tx_ = last_tx_ + Jittered(interval);
  if (next_tx_ <= now) Transmit(now, /*final=*/false);
}

// §6.8.7: each interval is cut by a random 0–25% (10–25% when DetectMult is 1, so that a single
// late packet cannot exceed the detection time).
Duration BfdSession::Jittered(Duration interval) {
  if (config_.detect_multiplier == 1) {
    const Duration low = interval * 3 / 4;
    const Duration high = interval * 9 / 10;
    return low + static_cast<Duration>(random_.Below(static_cast<uint64_t>(high - low) + 1));
  }
  return interval - static_cast<Duration>(random_.Below(static_cast<uint64_t>(interval / 4) + 1));
}

Duration BfdSession::transmit_interval() const {
  return std::max(applied_tx_us_, remote_min_rx_us_) * kNanosPerMicro;
}

Duration BfdSession::detection_time() const {
  return static_cast<Duration>(remote_detect_mult_) *
         std::max(applied_rx_us_, remote_desired_tx_us_) * kNanosPerMicro;
}

Instant BfdSession::DetectionDeadline() const {
  return heard_ ? last_rx_ + detection_time() : runtime::kNoDeadline;
}

Instant BfdSession::NextTimeout() const { return std::min(next_tx_, DetectionDeadline()); }

void BfdSession::HandleTimeout(Instant now) {
  // Due work runs in deadline order; when both fall due together, detection goes first so the
  // packet sent reflects the new state.
  while (NextTimeout() <= now) {
    const Instant due = NextTimeout();
    if (DetectionDeadline() <= due) {
      DetectionTimeExpired(due);
    } else {
      Transmit(due, /*final=*/false);
      // A driver that fell behind gets one packet, not a burst making up for lost time.
      if (next_tx_ <= now) next_tx_ = now + Jittered(armed_interval_);
    }
    Flush(due, /*answer_poll=*/false);
  }
}

std::vector<OutgoingDatagram> BfdSession::TakeDatagrams() { return std::exchange(outbox_, {}); }

std::vector<BfdEvent> BfdSession::TakeEvents() { return std::exchange(events_, {}); }

}  // namespace metallab::bfd
