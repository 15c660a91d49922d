// One BFD session with one peer: RFC 5880 asynchronous mode over single-hop UDP (RFC 5881),
// driven sans-I/O like the rest of core. The driver hands in datagrams (with their received
// TTL) and the time, and takes out datagrams to send, the next deadline and state changes; the
// BGP session subscribes to the changes to drop its peer the moment the path fails instead of
// waiting out the hold timer.
//
// What it does (docs/bfd.md):
// - §6.8.6's state machine AdminDown/Down/Init/Up, three-way handshake included;
// - transmits every max(local DesiredMinTx, remote RequiredMinRx), jittered down to 75–100%
//   (75–90% with a detect multiplier of 1), and at most once a second while not Up (§6.8.3);
//   transmits at once on a state change;
// - declares the peer Down (diag 1) when no packet arrives for the detection time, remote
//   DetectMult × max(local RequiredMinRx, remote DesiredMinTx) (§6.8.4);
// - runs a Poll Sequence whenever its advertised intervals change and answers a Poll with a
//   Final at once (§6.5); a slower transmit or a faster receive takes effect when it ends;
// - passive mode: sends nothing until the peer has been heard from;
// - GTSM (RFC 5881 §5): drops packets that arrive with a TTL below the configured minimum.
// Not modelled: authentication, the Echo function, Demand mode (a peer's request to stop
// periodic packets is honoured, but we never ask for it).
#ifndef METALLAB_CORE_BFD_BFD_SESSION_H_
#define METALLAB_CORE_BFD_BFD_SESSION_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/bfd/control_packet.h"
#include "core/net/ip_address.h"
#include "core/runtime/random_source.h"
#include "core/runtime/time.h"
#include "core/runtime/udp_endpoint.h"

namespace metallab::bfd {

// RFC 5881 §4: control packets go to this port, from a source port the driver picks in
// [kSourcePortMin, kSourcePortMax], with TTL / hop limit kTransmitTtl.
inline constexpr uint16_t kControlPort = 3784;
inline constexpr uint16_t kSourcePortMin = 49152;
inline constexpr uint16_t kSourcePortMax = 65535;
inline constexpr uint8_t kTransmitTtl = 255;

// A BFDProfile's values as one session uses them. Defaults are MetalLB's (FRR bfdd's), except
// minimum_ttl: FRR applies a profile's minimumTtl (default 254) to multihop sessions only and
// holds single-hop ones to RFC 5881's 255, and so does this default.
struct BfdSessionConfig {
  runtime::Duration desired_min_tx = runtime::Milliseconds(300);   // transmitInterval
  runtime::Duration required_min_rx = runtime::Milliseconds(300);  // receiveInterval
  uint32_t detect_multiplier = 3;                                  // detectMultiplier, 1..255
  bool passive = false;                                            // passiveMode
  uint8_t minimum_ttl = 255;  // lowest TTL accepted (minimumTtl)
};

struct BfdEvent {
  SessionState from = SessionState::kAdminDown;
  SessionState to = SessionState::kAdminDown;
  Diagnostic diag = Diagnostic::kNone;  // our LocalDiag after the change
  runtime::Instant at = 0;
  // The peer's state as last heard. A Down caused by the peer's AdminDown is not a path failure
  // (RFC 5882 §4.1): clients should not tear down what runs over the path for it.
  SessionState remote_state = SessionState::kDown;

  bool WentDownFromUp() const { return from == SessionState::kUp && to == SessionState::kDown; }
};

struct OutgoingDatagram {
  runtime::UdpEndpoint to;  // the peer, port kControlPort
  std::vector<uint8_t> bytes;
};

class BfdSession {
 public:
  // `local_discriminator` is chosen by the driver, unique among its sessions and nonzero (zero
  // is not a valid discriminator; it is taken as 1). The session starts administratively down
  // and silent until Enable().
  BfdSession(BfdSessionConfig config, uint32_t local_discriminator, net::IpAddress peer,
             runtime::RandomSource& random);
  BfdSession(const BfdSession&) = delete;
  BfdSession& operator=(const BfdSession&) = delete;

  // Leaves AdminDown for Down and starts transmitting (unless passive) — §6.8.16.
  void Enable(runtime::Instant now);
  // Goes AdminDown with diag 7 and keeps telling the peer so at the slow rate; the peer goes
  // Down with diag 3.
  void SetAdminDown(runtime::Instant now);
  // New profile values; a change of the advertised intervals starts a Poll Sequence.
  void UpdateConfig(runtime::Instant now, BfdSessionConfig config);

  // A datagram from the peer's address to our port 3784, with the TTL it arrived with.
  void HandleDatagram(runtime::Instant now, std::span<const uint8_t> bytes, uint8_t ttl);
  // Runs whatever is due at or before `now`.
  void HandleTimeout(runtime::Instant now);
  // When HandleTimeout next has work; kNoDeadline when there is none.
  runtime::Instant NextTimeout() const;

  std::vector<OutgoingDatagram> TakeDatagrams();
  std::vector<BfdEvent> TakeEvents();

  SessionState state() const { return state_; }
  Diagnostic local_diag() const { return diag_; }
  SessionState remote_state() const { return remote_state_; }
  uint32_t local_discriminator() const { return local_discr_; }
  uint32_t remote_discriminator() const { return remote_discr_; }
  const BfdSessionConfig& config() const { return config_; }
  bool poll_active() const { return poll_active_; }
  // The un-jittered interval between our periodic packets, and how long we wait for the
  // peer's, as currently in force.
  runtime::Duration transmit_interval() const;
  runtime::Duration detection_time() const;
  uint64_t discarded() const { return discarded_; }
  const std::string& last_discard_reason() const { return last_discard_; }

 private:
  void Accept(runtime::Instant now, const ControlPacket& packet);
  void RunStateMachine(runtime::Instant now, SessionState received);
  void ChangeState(runtime::Instant now, SessionState to, Diagnostic diag);
  void DetectionTimeExpired(runtime::Instant now);
  void Discard(std::string reason);

  // Recomputes what we advertise after a state or config change; starts a poll on change.
  void RefreshIntervals();
  void EndPoll();

  bool MayTransmitPeriodically() const;
  void Transmit(runtime::Instant now, bool final);
  // After every input: sends what is owed and keeps the periodic timer in step with the
  // interval now in force.
  void Flush(runtime::Instant now, bool answer_poll);
  runtime::Duration Jittered(runtime::Duration interval);
  runtime::Instant DetectionDeadline() const;

  BfdSessionConfig config_;
  uint32_t local_discr_;
  runtime::UdpEndpoint peer_;
  runtime::RandomSource& random_;
  bool enabled_ = false;

  SessionState state_ = SessionState::kAdminDown;
  Diagnostic diag_ = Diagnostic::kNone;
  uint32_t remote_discr_ = 0;
  SessionState remote_state_ = SessionState::kDown;
  bool remote_demand_ = false;
  uint32_t remote_detect_mult_ = 0;
  int64_t remote_min_rx_us_ = 1;  // §6.8.1: 1 until the peer says otherwise
  int64_t remote_desired_tx_us_ = 0;

  // Intervals in µs: what the packets say, and what the timers use. They differ while a Poll
  // Sequence has not yet confirmed that the peer knows a slower transmit or faster receive.
  int64_t advertised_tx_us_ = 0;
  int64_t advertised_rx_us_ = 0;
  int64_t applied_tx_us_ = 0;
  int64_t applied_rx_us_ = 0;
  bool poll_active_ = false;

  bool send_now_ = false;  // a state change owes the peer a packet
  runtime::Instant next_tx_ = runtime::kNoDeadline;
  runtime::Instant last_tx_ = runtime::kNoDeadline;
  runtime::Duration armed_interval_ = 0;  // the interval next_tx_ was drawn from
  bool heard_ = false;                    // the detection timer runs from last_rx_
  runtime::Instant last_rx_ = 0;

  std::vector<OutgoingDatagram> outbox_;
  std::vector<BfdEvent> events_;
  uint64_t discarded_ = 0;
  std::string last_discard_;
};

}  // namespace metallab::bfd

#endif  // METALLAB_CORE_BFD_BFD_SESSION_H_
