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
      timer_(node.simulator(), TimerTag(node, peer)) {}

BgpSessionDriver::~BgpSessionDriver() { Detach(); }

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
  Detach();
  // A stop whose Cease, close request and events are thrown away: the session ends Idle with
  // its routes, and nobody hears of it, as nobody would hear of a machine losing power.
  session_.Stop(Now());
  session_.TakeOutgoing();
  session_.TakeTransportRequests();
  session_.TakeEvents();
}

void BgpSessionDriver::Crash() {
  if (std::shared_ptr<TcpConnection> connection = Detach()) connection->Close();
  Drop();
}

bool BgpSessionDriver::Accept(std::shared_ptr<TcpConnection> connection) {
  const bool from_peer = connection->endpoints().remote == peer_;
  if (!from_peer || !session_.accepting_connections() || connection_ != nullptr) {
    ++counters_.connections_refused;
    connection->Abort();
    return false;
  }
  ++counters_.connections_accepted;
  Adopt(std::move(connection));
  tcp_established_ = true;
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
    Write(messages);
    for (const bgp::TransportRequest& request : requests) Perform(request);
    if (on_event_) {
      for (const bgp::SessionEvent& event : events) on_event_(event);
    }
  }
  draining_ = false;
  ArmTimer();
}

void BgpSessionDriver::Write(const std::vector<std::vector<uint8_t>>& messages) {
  for (const std::vector<uint8_t>& message : messages) {
    // A connection already gone takes nothing; the session hears of it through OnClosed.
    if (connection_ == nullptr || !connection_->Send(message)) continue;
    ++counters_.messages_written;
    counters_.bytes_written += message.size();
  }
}

void BgpSessionDriver::Perform(const bgp::TransportRequest& request) {
  switch (request.action) {
    case bgp::TransportAction::kSetMd5Password:
      md5_password_ = request.md5_password;
      ++counters_.md5_password_requests;
      return;
    case bgp::TransportAction::kConnect:
      OpenConnection();
      return;
    case bgp::TransportAction::kClose:
      CloseConnection();
      return;
  }
}

void BgpSessionDriver::OpenConnection() {
  if (std::shared_ptr<TcpConnection> stale = Detach()) stale->Abort();
  ++counters_.connects;
  std::shared_ptr<TcpConnection> connection = node_.tcp().Connect(peer_, kBgpPort);
  if (connection == nullptr) {
    ++counters_.connects_failed;
    session_.OnConnectFailed(Now());  // no route: the loop in Drain takes what follows
    return;
  }
  Adopt(std::move(connection));
  tcp_established_ = false;
}

void BgpSessionDriver::CloseConnection() {
  ++counters_.closes;
  // Detached first: closing a connection still opening finishes it at once, and its callback
  // must not reach a session that already considers it gone.
  if (std::shared_ptr<TcpConnection> connection = Detach()) connection->Close();
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

void BgpSessionDriver::Adopt(std::shared_ptr<TcpConnection> connection) {
  connection_ = std::move(connection);
  connection_->on_established = [this] { OnTcpEstablished(); };
  connection_->on_data = [this](std::span<const uint8_t> data) { OnTcpData(data); };
  connection_->on_peer_closed = [this] { OnTcpPeerClosed(); };
  // Refused, timed out or reset: the session treats every way of failing alike.
  connection_->on_closed = [this](TcpCloseReason) { OnTcpClosed(); };
}

std::shared_ptr<TcpConnection> BgpSessionDriver::Detach() {
  if (connection_ != nullptr) {
    connection_->on_established = nullptr;
    connection_->on_data = nullptr;
    connection_->on_peer_closed = nullptr;
    connection_->on_closed = nullptr;
  }
  tcp_established_ = false;
  return std::exchange(connection_, nullptr);
}

void BgpSessionDriver::OnTcpEstablished() {
  tcp_established_ = true;
  session_.OnConnected(Now());
  Drain();
}

void BgpSessionDriver::OnTcpData(std::span<const uint8_t> data) {
  counters_.bytes_read += data.size();
  last_received_at_ = Now();
  session_.OnBytes(Now(), data);
  Drain();
}

void BgpSessionDriver::OnTcpPeerClosed() {
  // The peer sent FIN: the session ends (no kClose will come, it reported nothing to close),
  // and our half goes as a daemon's close() on EOF sends it.
  std::shared_ptr<TcpConnection> connection = Detach();
  session_.OnClosed(Now());
  Drain();
  if (connection != nullptr) connection->Close();
}

void BgpSessionDriver::OnTcpClosed() {
  const bool was_established = tcp_established_;
  Detach();
  if (was_established) {
    session_.OnClosed(Now());
  } else {
    ++counters_.connects_failed;
    session_.OnConnectFailed(Now());
  }
  Drain();
}

}  // namespace metallab::sim
