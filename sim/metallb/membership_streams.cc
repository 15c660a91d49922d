#include "sim/metallb/membership_streams.h"

#include <utility>

namespace metallab::sim {

MembershipStreams::MembershipStreams(IpNode& node, speaker::Speaker& speaker,
                                     std::function<void()> settle)
    : node_(node), speaker_(speaker), settle_(std::move(settle)) {}

MembershipStreams::~MembershipStreams() {
  StopListening();
  // The connections may outlive us in the host's TCP: they must not call back into us.
  for (auto& [key, stream] : streams_) {
    stream.connection->on_established = nullptr;
    stream.connection->on_data = nullptr;
    stream.connection->on_peer_closed = nullptr;
    stream.connection->on_closed = nullptr;
  }
}

void MembershipStreams::Perform(const membership::StreamRequest& request) {
  const Key key{false, request.stream};
  if (request.kind == membership::StreamRequest::Kind::kAbort) {
    const auto found = streams_.find(key);
    if (found == streams_.end() || found->second.done) return;
    found->second.done = true;
    // Closed at once (TCPTimeout): its on_closed erases it, so nothing of it is used after.
    std::shared_ptr<TcpConnection> connection = found->second.connection;
    connection->Abort();
    return;
  }
  std::shared_ptr<TcpConnection> connection = node_.tcp().Connect(request.to.address,
                                                                  request.to.port);
  if (connection == nullptr) {
    // No route: the dial fails at once.
    speaker_.HandleMembershipStreamClosed(Now(), request.stream);
    return;
  }
  Adopt(key, Stream{std::move(connection), request.bytes, {}, request.to, false});
}

void MembershipStreams::Listen(uint16_t port) {
  if (listening_) return;
  port_ = port;
  listening_ = node_.tcp().Listen(port, [this](std::shared_ptr<TcpConnection> connection) {
    const TcpEndpoints& ends = connection->endpoints();
    const runtime::UdpEndpoint from{ends.remote, ends.remote_port};
    Adopt(Key{true, next_incoming_++}, Stream{std::move(connection), {}, {}, from, false});
  });
}

void MembershipStreams::StopListening() {
  if (!listening_) return;
  listening_ = false;
  node_.tcp().StopListening(port_);
}

void MembershipStreams::End(bool send_fin) {
  std::vector<std::shared_ptr<TcpConnection>> open;
  for (auto& [key, stream] : streams_) {
    stream.done = true;
    open.push_back(stream.connection);
  }
  if (!send_fin) {
    streams_.clear();  // the host's TCP was reset: no callback will come
    return;
  }
  for (const auto& connection : open) connection->Close();
}

void MembershipStreams::Adopt(Key key, Stream stream) {
  TcpConnection& connection = *stream.connection;
  streams_[key] = std::move(stream);
  connection.on_established = [this, key] {
    const auto found = streams_.find(key);
    if (found == streams_.end() || found->second.done) return;
    found->second.connection->Send(found->second.request);
    found->second.request.clear();
  };
  connection.on_data = [this, key](std::span<const uint8_t> data) { OnData(key, data); };
  connection.on_peer_closed = [this, key] { OnEnded(key, false); };
  connection.on_closed = [this, key](TcpCloseReason) { OnEnded(key, true); };
}

void MembershipStreams::OnData(Key key, std::span<const uint8_t> data) {
  const auto found = streams_.find(key);
  if (found == streams_.end() || found->second.done) return;
  Stream& stream = found->second;
  stream.received.insert(stream.received.end(), data.begin(), data.end());
  std::shared_ptr<TcpConnection> connection = stream.connection;
  if (!key.first) {
    if (speaker_.HandleMembershipStreamReply(Now(), key.second, stream.received)) {
      streams_.at(key).done = true;
      connection->Close();
    }
    settle_();
    return;
  }
  membership::StreamAnswer answer =
      speaker_.HandleIncomingMembershipStream(Now(), stream.from, stream.received);
  switch (answer.kind) {
    case membership::StreamAnswer::Kind::kNeedMore:
      break;
    case membership::StreamAnswer::Kind::kReplyAndClose:
      streams_.at(key).done = true;
      connection->Send(answer.reply);
      connection->Close();
      break;
    case membership::StreamAnswer::Kind::kClose:
      streams_.at(key).done = true;
      connection->Close();
      break;
  }
  settle_();
}

void MembershipStreams::OnEnded(Key key, bool closed) {
  const auto found = streams_.find(key);
  if (found == streams_.end()) return;
  std::shared_ptr<TcpConnection> connection = found->second.connection;
  const bool was_done = found->second.done;
  found->second.done = true;
  // Erased once closed: on_closed is the connection's last call (TcpConnection::Finish).
  if (closed) streams_.erase(found);
  if (!was_done && !key.first) {
    // Refused, reset, timed out, or the member closed before its reply was whole.
    speaker_.HandleMembershipStreamClosed(Now(), key.second);
  }
  if (!closed) connection->Close();  // our half goes too, as memberlist's deferred Close
  settle_();
}

}  // namespace metallab::sim
