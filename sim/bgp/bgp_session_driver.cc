#include "sim/bgp/bgp_session_driver.h"

#include <utility>
#include <vector>

namespace metallab::sim {
namespace {

// The trace names the session by both ends, so two sessions of one node stay apart.
TraceTag TimerTag(IpNode& node, const net::IpAddress& peer) {
  return TraceTag{node.simulator().Component("bgp/" + node.name() + "/" + peer.ToString()), 1};
}

}  // namespace

BgpSessionDriver::BgpSessionDriver(IpNode& node, net::IpAddress peer, bgp::BgpSessionConfig config,
                                   EventHandler on_event)
    : node_(node),
      peer_(peer),
      session_(std::move(config)),
      on_event_(std::move(on_event)),
      timer_(node.simulator(), TimerTag(node, peer)),
      connection_(node, peer, SessionCallbacks()) {}

BgpSessionDriver::~BgpSessionDriver() = default;

BgpConnectionCallbacks BgpSessionDriver::SessionCallbacks() {
  BgpConnectionCallbacks callbacks;
  callbacks.on_connected = [this] {
    session_.OnConnected(Now());
    Drain();
  };
  callbacks.on_bytes = [this](std::span<const uint8_t> bytes) {
    session_.OnBytes(Now(), bytes);
    Drain();
  };
  callbacks.on_closed = [this] {
    session_.OnClosed(Now());
    Drain();
  };
  callbacks.on_connect_failed = [this] {
    session_.OnConnectFailed(Now());
    Drain();
  };
  return callbacks;
}

void BgpSessionDriver::Start() {
  session_.Start(Now());
  Drain();
}

void BgpSessionDriver::Stop(bgp::CeaseSubcode subcode, std::string text) {
  session_.Stop(Now(), subcode, text);
  Drain();
}

void BgpSessionDriver::Drop() {
  timer_.Cancel();
  connection_.Forget();
  // A stop whose Cease, close request and events are thrown away: the session ends Idle with
  // its routes, and nobody hears of it, as nobody would hear of a machine losing power.
  session_.Stop(Now());
  session_.TakeOutgoing();
  session_.TakeTransportRequests();
  session_.TakeEvents();
}

void BgpSessionDriver::Crash() {
  if (connection_.open()) connection_.Close();
  Drop();
}

bool BgpSessionDriver::Accept(std::shared_ptr<TcpConnection> connection) {
  if (!connection_.Accept(std::move(connection), session_.accepting_connections())) return false;
  session_.OnConnected(Now());
  Drain();
  return true;
}

void BgpSessionDriver::Announce(std::span<const net::IpPrefix> prefixes,
                                const bgp::PathAttributes& attributes) {
  session_.Announce(Now(), prefixes, attributes);
  Drain();
}

void BgpSessionDriver::Withdraw(std::span<const net::IpPrefix> prefixes) {
  session_.Withdraw(Now(), prefixes);
  Drain();
}

void BgpSessionDriver::OnBfdDown() {
  session_.OnBfdDown(Now());
  Drain();
}

void BgpSessionDriver::Drain() {
  if (draining_) return;
  draining_ = true;
  for (;;) {
    const std::vector<std::vector<uint8_t>> messages = session_.TakeOutgoing();
    const std::vector<bgp::TransportRequest> requests = session_.TakeTransportRequests();
    const std::vector<bgp::SessionEvent> events = session_.TakeEvents();
    if (messages.empty() && requests.empty() && events.empty()) break;
    for (const std::vector<uint8_t>& message : messages) connection_.Write(message);
    for (const bgp::TransportRequest& request : requests) Perform(request);
    if (on_event_) {
      for (const bgp::SessionEvent& event : events) on_event_(event);
    }
  }
  draining_ = false;
  ArmTimer();
}

void BgpSessionDriver::Perform(const bgp::TransportRequest& request) {
  switch (request.action) {
    case bgp::TransportAction::kSetMd5Password:
      connection_.SetMd5Password(request.md5_password);
      return;
    case bgp::TransportAction::kConnect:
      // No route: the loop in Drain takes what follows.
      if (!connection_.Open()) session_.OnConnectFailed(Now());
      return;
    case bgp::TransportAction::kClose:
      connection_.Close();
      return;
  }
}

void BgpSessionDriver::ArmTimer() {
  const runtime::Instant next = session_.NextTimeout();
  if (next == runtime::kNoDeadline) {
    timer_.Cancel();
    return;
  }
  if (timer_.armed() && timer_.expiry() == next) return;
  timer_.ArmAt(next, [this] {
    session_.HandleTimeout(Now());
    Drain();
  });
}

}  // namespace metallab::sim
