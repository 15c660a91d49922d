// One BGP session with one peer: RFC 4271 §8's finite state machine, sans-I/O. The driver owns
// the TCP connection and the clock; it hands in what happened (connected, bytes, closed, a
// timer due, BFD went down) with the time, and takes out the bytes to write, the transport
// actions to perform, the events, and the one deadline to arm (NextTimeout). Every message is
// built and parsed by the codec of this folder; the session adds the order of things:
//
// - Idle, Connect, Active, OpenSent, OpenConfirm, Established, in either role: active (MetalLB's
//   speaker connects out) or passive (a router model accepts);
// - the OPEN exchange: the peer's AS and identifier checked (2/2, 2/3), hold time negotiated as
//   min(ours, theirs) with 0 meaning none, 4-octet AS and families negotiated, and the codec
//   context that follows from them used for every later UPDATE both ways;
// - keepalives every hold/3 (or the configured keepalive time if shorter), restarted by every
//   KEEPALIVE or UPDATE sent; the hold timer restarted by every message received and, once
//   Established, enforced only when the configuration says so (MetalLB's native speaker never
//   expires a silent peer);
// - the routes: an Adj-RIB-Out whose changes go out packed, End-of-RIB after the initial table,
//   the whole table again on every new connection and on a ROUTE-REFRESH;
// - received UPDATEs decoded with RFC 7606's verdict applied; a verdict of session reset, or
//   any other error, answered with its NOTIFICATION and the connection closed;
// - after a failure the active role reconnects on MetalLB's backoff, the passive role waits.
//
// Not modelled: connection collision (the driver accepts only while accepting_connections()),
// DelayOpen, MRAI, graceful restart procedures (the capability is only advertised), enhanced
// route refresh (RFC 7313). docs/bgp.md has the details.
#ifndef METALLAB_CORE_BGP_SESSION_FSM_H_
#define METALLAB_CORE_BGP_SESSION_FSM_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bgp/adj_rib_out.h"
#include "core/bgp/message.h"
#include "core/bgp/message_framer.h"
#include "core/bgp/open_negotiation.h"
#include "core/bgp/reconnect_backoff.h"
#include "core/bgp/session_config.h"
#include "core/bgp/session_event.h"
#include "core/runtime/time.h"

namespace metallab::bgp {

class BgpSession {
 public:
  // The session starts Idle and does nothing until Start.
  explicit BgpSession(BgpSessionConfig config);
  BgpSession(const BgpSession&) = delete;
  BgpSession& operator=(const BgpSession&) = delete;

  // RFC 4271 ManualStart: an active session connects at once, a passive one starts accepting.
  // Also restarts a stopped session, with the reconnect backoff from 0.
  void Start(runtime::Instant now);
  // ManualStop: a Cease (with `communication` for Administrative Shutdown or Reset, RFC 9003)
  // when a connection is open, then close and stay Idle until Start.
  void Stop(runtime::Instant now, CeaseSubcode subcode = CeaseSubcode::kAdministrativeShutdown,
            std::string_view communication = {});
  // The BFD session watching this peer went down from Up: Cease / BFD Down (RFC 9384), close,
  // and reconnect as after any other failure.
  void OnBfdDown(runtime::Instant now);

  // The transport, as the driver sees it. OnConnected answers kConnect (active) or reports an
  // accepted connection (passive, only while accepting_connections()); OnBytes is what the
  // peer wrote, in any pieces; OnClosed is the peer closing or resetting the connection.
  // Inputs that do not fit the state (bytes while no connection is open) are ignored.
  void OnConnected(runtime::Instant now);
  void OnConnectFailed(runtime::Instant now);
  void OnBytes(runtime::Instant now, std::span<const uint8_t> bytes);
  void OnClosed(runtime::Instant now);

  // The routes to advertise, kept across connections. Changes go out at once when
  // Established, else when the session next is. The attributes go as given (the caller
  // builds ORIGIN, AS_PATH and NEXT_HOP), adapted to the peer only by the codec's rules:
  // LOCAL_PREF to internal peers only, AS_TRANS and AS4_PATH for a 2-octet-AS peer. Announce
  // returns how many prefixes it refused (see AdjRibOut::Announce).
  size_t Announce(runtime::Instant now, std::span<const net::IpPrefix> prefixes,
                  const PathAttributes& attributes);
  void Withdraw(runtime::Instant now, std::span<const net::IpPrefix> prefixes);

  // Runs every timer due at or before `now`; afterwards NextTimeout() is later than `now`.
  void HandleTimeout(runtime::Instant now);
  // When HandleTimeout next has work; runtime::kNoDeadline when there is none.
  runtime::Instant NextTimeout() const;

  // After every input: write the bytes taken (one whole message per element, in order) on the
  // connection, then perform the transport requests in order, then read the events. The bytes
  // of one batch all belong to the connection open when the input came (a new connection
  // sends nothing before its OnConnected), so a kClose in the batch comes after them.
  std::vector<std::vector<uint8_t>> TakeOutgoing();
  std::vector<TransportRequest> TakeTransportRequests();
  std::vector<SessionEvent> TakeEvents();

  SessionState state() const { return state_; }
  const BgpSessionConfig& config() const { return config_; }
  // A passive session waiting for the peer to connect.
  bool accepting_connections() const { return state_ == SessionState::kActive; }
  // What the OPEN exchange settled; meaningful from OpenConfirm on, reset when the
  // connection ends.
  const NegotiatedSession& negotiated() const { return negotiated_; }
  uint16_t hold_time_s() const { return negotiated_.hold_time_s; }
  runtime::Duration keepalive_interval() const { return negotiated_.keepalive_interval; }
  const CodecContext& codec_context() const { return negotiated_.context; }
  const AdjRibOut& adj_rib_out() const { return rib_; }
  uint64_t messages_sent() const { return messages_sent_; }
  uint64_t messages_received() const { return messages_received_; }
  // Received bytes no connection could take, and ROUTE-REFRESHes not answered.
  uint64_t ignored_bytes() const { return ignored_bytes_; }
  uint64_t ignored_route_refreshes() const { return ignored_route_refreshes_; }

 private:
  // Connections and states.
  void ChangeState(runtime::Instant now, SessionState to, std::string reason);
  void Connect(runtime::Instant now);
  bool ConnectionOpen() const;
  // Ends the connection (sending `sent` first when set), reports it, and goes Idle; the active
  // role then reconnects on its backoff, the passive one accepts again.
  void EndConnection(runtime::Instant now, std::string reason,
                     std::optional<Notification> sent = std::nullopt,
                     std::optional<Notification> received = std::nullopt,
                     bool request_close = true);
  void Fail(runtime::Instant now, Notification notification, std::string reason);
  void AfterIdle(runtime::Instant now);

  // Messages.
  void HandleMessage(runtime::Instant now, std::span<const uint8_t> bytes);
  void HandleOpen(runtime::Instant now, const Open& open);
  void HandleKeepalive(runtime::Instant now);
  void HandleUpdate(runtime::Instant now, DecodedMessage decoded);
  void HandleRouteRefresh(runtime::Instant now, const RouteRefresh& refresh);
  void HandleNotification(runtime::Instant now, const Notification& notification);
  void Established(runtime::Instant now);

  // Sending.
  void Send(runtime::Instant now, const Message& message);
  void SendBytes(runtime::Instant now, std::vector<uint8_t> bytes);
  void FlushRoutes(runtime::Instant now);

  // Timers.
  bool RunOneDueTimer(runtime::Instant now);
  void RestartHoldTimer(runtime::Instant now);
  void StopTimers();

  BgpSessionConfig config_;
  SessionState state_ = SessionState::kIdle;
  bool started_ = false;
  bool was_established_ = false;  // this connection reached Established
  MessageFramer framer_;
  ReconnectBackoff backoff_;

  NegotiatedSession negotiated_;
  bool end_of_rib_sent_ = false;

  runtime::Instant reconnect_at_ = runtime::kNoDeadline;
  runtime::Instant budget_deadline_ = runtime::kNoDeadline;  // the connect budget
  runtime::Instant hold_deadline_ = runtime::kNoDeadline;
  runtime::Instant keepalive_at_ = runtime::kNoDeadline;

  AdjRibOut rib_;
  std::vector<std::vector<uint8_t>> outgoing_;
  std::vector<TransportRequest> requests_;
  std::vector<SessionEvent> events_;
  uint64_t messages_sent_ = 0;
  uint64_t messages_received_ = 0;
  uint64_t ignored_bytes_ = 0;
  uint64_t ignored_route_refreshes_ = 0;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_SESSION_FSM_H_
