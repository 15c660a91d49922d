#include "core/bgp/session_fsm.h"

#include <algorithm>
#include <utility>

#include "core/bgp/message_header.h"

namespace metallab::bgp {
namespace {

using runtime::Instant;
using runtime::kNoDeadline;

// RFC 4271 §4.2: a hold time, when not zero, is at least three seconds.
constexpr uint16_t kMinHoldTime = 3;
// HandleTimeout runs due timers one by one; one failure can make at most the hold timer, the
// reconnect and the connect budget due at once, so this is far more than ever needed.
constexpr int kMaxTimerRounds = 8;

BgpSessionConfig Normalized(BgpSessionConfig config) {
  if (config.hold_time_s != 0) config.hold_time_s = std::max(config.hold_time_s, kMinHoldTime);
  if (config.keepalive_time) {
    config.keepalive_time = std::max(*config.keepalive_time, runtime::Milliseconds(1));
  }
  if (config.connect_budget && *config.connect_budget <= 0) config.connect_budget.reset();
  config.open_hold_time = std::max(config.open_hold_time, runtime::Seconds(1));
  return config;
}

std::string DottedQuad(uint32_t value) { return net::IpAddress::V4(value).ToString(); }

Notification FsmError(SessionState state) {
  // RFC 6608 subcodes: 1 in OpenSent, 2 in OpenConfirm, 3 in Established.
  const uint8_t subcode = state == SessionState::kOpenSent      ? 1
                          : state == SessionState::kOpenConfirm ? 2
                                                                : 3;
  return MakeNotification(ErrorCode::kFiniteStateMachine, subcode);
}

// Which message types each state with an open connection takes; any other is an FSM error.
bool Expected(SessionState state, MessageType type) {
  if (type == MessageType::kNotification) return true;
  switch (state) {
    case SessionState::kOpenSent:
      return type == MessageType::kOpen;
    case SessionState::kOpenConfirm:
      return type == MessageType::kKeepalive;
    default:
      return type != MessageType::kOpen;
  }
}

// Routes of families the session did not negotiate are not the peer's to send (RFC 4760 §6);
// they are dropped, and said so.
void KeepNegotiated(std::vector<net::IpPrefix>& prefixes, const NegotiatedSession& negotiated,
                    std::vector<Diagnostic>& diagnostics) {
  const auto outside = [&](const net::IpPrefix& prefix) {
    return !negotiated.Carries(UnicastFamilyOf(prefix.family()));
  };
  const auto first = std::find_if(prefixes.begin(), prefixes.end(), outside);
  if (first == prefixes.end()) return;
  const std::string family = ToString(UnicastFamilyOf(first->family()));
  const auto kept = std::remove_if(first, prefixes.end(), outside);
  diagnostics.push_back(Diagnostic{UpdateAction::kOk, 0,
                                   std::to_string(prefixes.end() - kept) +
                                       " prefixes ignored, their family (" + family +
                                       ") was not negotiated"});
  prefixes.erase(kept, prefixes.end());
}

}  // namespace

const char* SessionStateName(SessionState state) {
  static constexpr const char* kNames[] = {"Idle",     "Connect",     "Active",
                                           "OpenSent", "OpenConfirm", "Established"};
  return kNames[static_cast<size_t>(state)];
}

BgpSession::BgpSession(BgpSessionConfig config) : config_(Normalized(std::move(config))) {}

void BgpSession::Start(Instant now) {
  if (started_) return;
  started_ = true;
  backoff_.Reset();
  if (config_.role == SessionRole::kActive) {
    Connect(now);
    return;
  }
  if (!config_.md5_password.empty()) {
    requests_.push_back({TransportAction::kSetMd5Password, config_.md5_password});
  }
  ChangeState(now, SessionState::kActive, "started; waiting for the peer to connect");
}

void BgpSession::Stop(Instant now, CeaseSubcode subcode, std::string_view communication) {
  started_ = false;
  reconnect_at_ = kNoDeadline;
  if (ConnectionOpen()) {
    const Notification cease = MakeCease(subcode, communication);
    EndConnection(now, "stopped: sent " + Describe(cease), cease);
    return;
  }
  if (state_ == SessionState::kConnect) requests_.push_back({TransportAction::kClose, {}});
  StopTimers();
  ChangeState(now, SessionState::kIdle, "stopped");
}

void BgpSession::OnBfdDown(Instant now) {
  if (!ConnectionOpen()) return;
  const Notification cease = MakeCease(CeaseSubcode::kBfdDown);
  EndConnection(now, "BFD went down: sent " + Describe(cease), cease);
}

void BgpSession::OnConnected(Instant now) {
  const bool awaited = config_.role == SessionRole::kActive ? state_ == SessionState::kConnect
                                                            : state_ == SessionState::kActive;
  if (!awaited) return;
  framer_ = MessageFramer();
  was_established_ = false;
  end_of_rib_sent_ = false;
  ChangeState(now, SessionState::kOpenSent, "connected; OPEN sent");
  Send(now, OpenFor(config_));
  hold_deadline_ = now + config_.open_hold_time;
}

void BgpSession::OnConnectFailed(Instant now) {
  if (state_ != SessionState::kConnect) return;
  budget_deadline_ = kNoDeadline;
  ChangeState(now, SessionState::kIdle, "connection failed");
  AfterIdle(now);
}

void BgpSession::OnBytes(Instant now, std::span<const uint8_t> bytes) {
  if (!ConnectionOpen()) {
    ignored_bytes_ += bytes.size();
    return;
  }
  const FramerOutput framed = framer_.Push(bytes);
  for (const std::vector<uint8_t>& message : framed.messages) {
    HandleMessage(now, message);
    if (!ConnectionOpen()) return;  // what follows came on a connection now closed
  }
  if (framed.error) Fail(now, framed.error->notification, framed.error->message);
}

void BgpSession::OnClosed(Instant now) {
  if (state_ == SessionState::kConnect) {
    OnConnectFailed(now);
    return;
  }
  if (!ConnectionOpen()) return;
  EndConnection(now, "connection closed by the peer", std::nullopt, std::nullopt,
                /*request_close=*/false);
}

size_t BgpSession::Announce(Instant now, std::span<const net::IpPrefix> prefixes,
                            const PathAttributes& attributes) {
  const size_t refused = rib_.Announce(prefixes, attributes);
  FlushRoutes(now);
  return refused;
}

void BgpSession::Withdraw(Instant now, std::span<const net::IpPrefix> prefixes) {
  rib_.Withdraw(prefixes);
  FlushRoutes(now);
}

void BgpSession::HandleTimeout(Instant now) {
  for (int round = 0; round < kMaxTimerRounds && RunOneDueTimer(now); ++round) {
  }
}

Instant BgpSession::NextTimeout() const {
  return std::min({reconnect_at_, budget_deadline_, hold_deadline_, keepalive_at_});
}

std::vector<std::vector<uint8_t>> BgpSession::TakeOutgoing() {
  return std::exchange(outgoing_, {});
}

std::vector<TransportRequest> BgpSession::TakeTransportRequests() {
  return std::exchange(requests_, {});
}

std::vector<SessionEvent> BgpSession::TakeEvents() { return std::exchange(events_, {}); }

void BgpSession::ChangeState(Instant now, SessionState to, std::string reason) {
  if (to == state_) return;
  events_.push_back(StateChanged{now, state_, to, std::move(reason)});
  state_ = to;
}

void BgpSession::Connect(Instant now) {
  reconnect_at_ = kNoDeadline;
  if (!config_.md5_password.empty()) {
    requests_.push_back({TransportAction::kSetMd5Password, config_.md5_password});
  }
  requests_.push_back({TransportAction::kConnect, {}});
  budget_deadline_ = config_.connect_budget ? now + *config_.connect_budget : kNoDeadline;
  ChangeState(now, SessionState::kConnect, "connecting");
}

bool BgpSession::ConnectionOpen() const {
  return state_ == SessionState::kOpenSent || state_ == SessionState::kOpenConfirm ||
         state_ == SessionState::kEstablished;
}

void BgpSession::EndConnection(Instant now, std::string reason, std::optional<Notification> sent,
                               std::optional<Notification> received, bool request_close) {
  if (sent) Send(now, *sent);
  if (request_close) requests_.push_back({TransportAction::kClose, {}});
  events_.push_back(SessionDown{now, state_, was_established_, reason, sent, received});
  StopTimers();
  rib_.ForgetSent();
  framer_ = MessageFramer();
  negotiated_ = NegotiatedSession{};
  ChangeState(now, SessionState::kIdle, std::move(reason));
  AfterIdle(now);
}

void BgpSession::Fail(Instant now, Notification notification, std::string reason) {
  std::string text = "sent " + Describe(notification) + ": " + reason;
  EndConnection(now, std::move(text), std::move(notification));
}

// MetalLB's loop (native.go run()): a failed attempt sleeps the backoff's next delay; a
// session that was up is redialled at once without touching the backoff, which was reset when
// it came up. So a flapping peer is redialled immediately each time it had accepted a session.
void BgpSession::AfterIdle(Instant now) {
  const bool was_up = std::exchange(was_established_, false);
  if (!started_) return;
  if (config_.role == SessionRole::kPassive) {
    ChangeState(now, SessionState::kActive, "waiting for the peer to connect");
    return;
  }
  reconnect_at_ = now + (was_up ? 0 : backoff_.Next());
}

void BgpSession::HandleMessage(Instant now, std::span<const uint8_t> bytes) {
  ++messages_received_;
  const auto type = static_cast<MessageType>(bytes[kMarkerSize + 2]);  // the framer checked it
  RestartHoldTimer(now);
  if (!Expected(state_, type)) {
    Fail(now, FsmError(state_),
         MessageTypeName(static_cast<uint8_t>(type)) + " received in " + SessionStateName(state_));
    return;
  }
  auto decoded = DecodeMessage(bytes, negotiated_.context);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    Fail(now, std::move(error->notification),
         error->message + " (offset " + std::to_string(error->offset) + ")");
    return;
  }
  DecodedMessage& message = std::get<DecodedMessage>(decoded);
  if (const auto* open = std::get_if<Open>(&message.message)) {
    HandleOpen(now, *open);
  } else if (std::holds_alternative<Keepalive>(message.message)) {
    HandleKeepalive(now);
  } else if (std::holds_alternative<Update>(message.message)) {
    HandleUpdate(now, std::move(message));
  } else if (const auto* refresh = std::get_if<RouteRefresh>(&message.message)) {
    HandleRouteRefresh(now, *refresh);
  } else {
    HandleNotification(now, std::get<Notification>(message.message));
  }
}

void BgpSession::HandleOpen(Instant now, const Open& open) {
  const Open seen = AsUnderstood(config_, open);
  if (auto problem = CheckOpenAgainstConfig(seen, config_.peer_as, config_.bgp_identifier)) {
    const std::string why = problem->subcode == static_cast<uint8_t>(OpenSubcode::kBadPeerAs)
                                ? "peer AS " + std::to_string(PeerAs(seen)) + ", expected " +
                                      std::to_string(config_.peer_as)
                                : "BGP identifier " + DottedQuad(seen.bgp_identifier) + " is ours";
    Fail(now, std::move(*problem), why);
    return;
  }
  negotiated_ = Negotiate(config_, seen);
  budget_deadline_ = kNoDeadline;
  ChangeState(now, SessionState::kOpenConfirm, "OPEN received; KEEPALIVE sent");
  Send(now, Keepalive{});
  RestartHoldTimer(now);
  if (!config_.await_peer_keepalive) Established(now);
}

void BgpSession::HandleKeepalive(Instant now) {
  if (state_ == SessionState::kOpenConfirm) Established(now);
}

// MetalLB resets its backoff as soon as a session is up, not after it has stayed up a while;
// metallab does the same, so a peer that accepts and then drops is redialled at once.
void BgpSession::Established(Instant now) {
  was_established_ = true;
  backoff_.Reset();
  ChangeState(now, SessionState::kEstablished, "session established");
  RestartHoldTimer(now);
  events_.push_back(SessionEstablished{now, negotiated_});
  FlushRoutes(now);
}

void BgpSession::HandleUpdate(Instant now, DecodedMessage decoded) {
  Update& update = std::get<Update>(decoded.message);
  if (const auto family = EndOfRibFamily(update)) {
    events_.push_back(EndOfRibReceived{now, *family});
    return;
  }
  const UpdateDecodeResult result{std::move(update), decoded.update_action,
                                  std::move(decoded.diagnostics), std::nullopt};
  RoutesReceived routes{
      now,           result.RoutesToAnnounce(), result.update.attributes, result.RoutesToWithdraw(),
      result.action, result.diagnostics};
  if (routes.attributes.mp_reach) routes.attributes.mp_reach->nlri.clear();
  routes.attributes.mp_unreach.reset();
  KeepNegotiated(routes.announced, negotiated_, routes.diagnostics);
  KeepNegotiated(routes.withdrawn, negotiated_, routes.diagnostics);
  events_.push_back(std::move(routes));
}

void BgpSession::HandleRouteRefresh(Instant now, const RouteRefresh& refresh) {
  // RFC 2918 §4: a request for a family not negotiated is ignored; so are RFC 7313's
  // demarcations, as enhanced route refresh is not advertised.
  if (!config_.route_refresh || refresh.subtype != 0 || !negotiated_.Carries(refresh.family)) {
    ++ignored_route_refreshes_;
    return;
  }
  rib_.Resend(refresh.family);
  FlushRoutes(now);
}

void BgpSession::HandleNotification(Instant now, const Notification& notification) {
  EndConnection(now, "received " + Describe(notification), std::nullopt, notification);
}

void BgpSession::Send(Instant now, const Message& message) {
  std::vector<uint8_t> bytes = EncodeMessage(message, negotiated_.context);
  if (!bytes.empty()) SendBytes(now, std::move(bytes));
}

// RFC 4271 §10: the keepalive timer restarts whenever a KEEPALIVE or an UPDATE goes out.
void BgpSession::SendBytes(Instant now, std::vector<uint8_t> bytes) {
  const auto type = static_cast<MessageType>(bytes[kMarkerSize + 2]);
  if (negotiated_.keepalive_interval > 0 &&
      (type == MessageType::kKeepalive || type == MessageType::kUpdate)) {
    keepalive_at_ = now + negotiated_.keepalive_interval;
  }
  ++messages_sent_;
  outgoing_.push_back(std::move(bytes));
}

void BgpSession::FlushRoutes(Instant now) {
  if (state_ != SessionState::kEstablished) return;
  for (std::vector<uint8_t>& update : rib_.TakeUpdates(negotiated_.context, negotiated_.families)) {
    SendBytes(now, std::move(update));
  }
  if (!config_.send_end_of_rib || end_of_rib_sent_) return;
  end_of_rib_sent_ = true;
  for (const AfiSafi family : negotiated_.families) Send(now, MakeEndOfRib(family));
}

bool BgpSession::RunOneDueTimer(Instant now) {
  if (budget_deadline_ <= now) {
    budget_deadline_ = kNoDeadline;
    if (ConnectionOpen()) {
      EndConnection(now, "no OPEN from the peer within the connect budget");
      return true;
    }
    requests_.push_back({TransportAction::kClose, {}});
    ChangeState(now, SessionState::kIdle, "not connected within the connect budget");
    AfterIdle(now);
    return true;
  }
  if (hold_deadline_ <= now) {
    hold_deadline_ = kNoDeadline;
    const bool opening = state_ == SessionState::kOpenSent;
    Fail(now, MakeNotification(ErrorCode::kHoldTimerExpired, 0),
         opening ? "no OPEN within the open hold time"
                 : "nothing received for " + std::to_string(negotiated_.hold_time_s) + " s");
    return true;
  }
  if (keepalive_at_ <= now) {
    keepalive_at_ = kNoDeadline;
    Send(now, Keepalive{});
    return true;
  }
  if (reconnect_at_ <= now) {
    Connect(now);
    return true;
  }
  return false;
}

void BgpSession::RestartHoldTimer(Instant now) {
  const bool runs = negotiated_.hold_time_s != 0 &&
                    (state_ == SessionState::kOpenConfirm ||
                     (state_ == SessionState::kEstablished && config_.enforce_hold_timer));
  if (runs) hold_deadline_ = now + runtime::Seconds(negotiated_.hold_time_s);
  if (!runs && state_ != SessionState::kOpenSent) hold_deadline_ = kNoDeadline;
}

void BgpSession::StopTimers() {
  reconnect_at_ = kNoDeadline;
  budget_deadline_ = kNoDeadline;
  hold_deadline_ = kNoDeadline;
  keepalive_at_ = kNoDeadline;
}

}  // namespace metallab::bgp
