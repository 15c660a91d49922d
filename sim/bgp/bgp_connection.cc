#include "sim/bgp/bgp_connection.h"

#include <utility>

namespace metallab::sim {

BgpConnection::BgpConnection(IpNode& node, net::IpAddress peer, BgpConnectionCallbacks callbacks)
    : node_(node), peer_(peer), callbacks_(std::move(callbacks)) {}

BgpConnection::~BgpConnection() { Detach(); }

bool BgpConnection::Open() {
  if (std::shared_ptr<TcpConnection> stale = Detach()) stale->Abort();
  ++counters_.connects;
  std::shared_ptr<TcpConnection> connection = node_.tcp().Connect(peer_, kBgpPort);
  if (connection == nullptr) {
    ++counters_.connects_failed;
    return false;
  }
  Adopt(std::move(connection));
  established_ = false;
  return true;
}

void BgpConnection::Close() {
  ++counters_.closes;
  // Detached first: closing a connection still opening finishes it at once, and its callback
  // must not reach a session that already considers it gone.
  if (std::shared_ptr<TcpConnection> connection = Detach()) connection->Close();
}

void BgpConnection::Forget() { Detach(); }

bool BgpConnection::Accept(std::shared_ptr<TcpConnection> connection, bool wanted) {
  const bool from_peer = connection->endpoints().remote == peer_;
  if (!from_peer || !wanted || connection_ != nullptr) {
    ++counters_.connections_refused;
    connection->Abort();
    return false;
  }
  ++counters_.connections_accepted;
  Adopt(std::move(connection));
  established_ = true;
  return true;
}

void BgpConnection::Write(std::span<const uint8_t> message) {
  if (connection_ == nullptr || !connection_->Send(message)) return;
  ++counters_.messages_written;
  counters_.bytes_written += message.size();
}

void BgpConnection::SetMd5Password(std::string password) {
  md5_password_ = std::move(password);
  ++counters_.md5_password_requests;
}

void BgpConnection::Adopt(std::shared_ptr<TcpConnection> connection) {
  connection_ = std::move(connection);
  connection_->on_established = [this] { OnEstablished(); };
  connection_->on_data = [this](std::span<const uint8_t> data) { OnData(data); };
  connection_->on_peer_closed = [this] { OnPeerClosed(); };
  // Refused, timed out or reset: the session treats every way of failing alike.
  connection_->on_closed = [this](TcpCloseReason) { OnClosed(); };
}

std::shared_ptr<TcpConnection> BgpConnection::Detach() {
  if (connection_ != nullptr) {
    connection_->on_established = nullptr;
    connection_->on_data = nullptr;
    connection_->on_peer_closed = nullptr;
    connection_->on_closed = nullptr;
  }
  established_ = false;
  return std::exchange(connection_, nullptr);
}

void BgpConnection::OnEstablished() {
  established_ = true;
  callbacks_.on_connected();
}

void BgpConnection::OnData(std::span<const uint8_t> data) {
  counters_.bytes_read += data.size();
  last_received_at_ = node_.simulator().Now();
  callbacks_.on_bytes(data);
}

void BgpConnection::OnPeerClosed() {
  // The peer sent FIN: the session ends, and our half goes as a daemon's close() on EOF sends
  // it, after the session has had its say.
  std::shared_ptr<TcpConnection> connection = Detach();
  callbacks_.on_closed();
  if (connection != nullptr) connection->Close();
}

void BgpConnection::OnClosed() {
  const bool was_established = established_;
  Detach();
  if (was_established) {
    callbacks_.on_closed();
  } else {
    ++counters_.connects_failed;
    callbacks_.on_connect_failed();
  }
}

}  // namespace metallab::sim
