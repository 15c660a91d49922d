#include "daemon/membership_streams.h"

#include <array>
#include <cerrno>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/monotonic_clock.h"
#include "daemon/socket_address.h"
#include "daemon/system_error.h"

namespace metallab::daemon {

MembershipStreams::MembershipStreams(EventLoop& loop, speaker::Speaker& speaker, const JsonLog& log,
                                     runtime::Duration timeout,
                                     std::function<void(runtime::Instant)> after_input)
    : loop_(loop),
      speaker_(speaker),
      log_(log),
      timeout_(timeout),
      after_input_(std::move(after_input)) {}

MembershipStreams::~MembershipStreams() {
  for (auto& [fd, connection] : connections_) loop_.Unwatch(fd);
  if (listener_.valid()) loop_.Unwatch(listener_.get());
}

bool MembershipStreams::Listen(const runtime::UdpEndpoint& local, std::string& error) {
  local_ = local;
  UniqueFd fd(socket(local.address.is_v6() ? AF_INET6 : AF_INET,
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    error = ErrnoText("TCP socket");
    return false;
  }
  const int yes = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_storage storage{};
  const socklen_t length = SocketAddressOf(local, storage);
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0 ||
      listen(fd.get(), 32) != 0) {
    error = ErrnoText("listen TCP " + local.ToString());
    return false;
  }
  listener_ = std::move(fd);
  loop_.Watch(listener_.get(), [this] { Accept(); });
  return true;
}

void MembershipStreams::Accept() {
  for (int round = 0; round < 16; ++round) {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    UniqueFd fd(accept4(listener_.get(), reinterpret_cast<sockaddr*>(&storage), &length,
                        SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd.valid()) return;
    const auto peer = EndpointOf(&storage, length);
    if (!peer || connections_.size() >= kMaxConnections) {
      log_.Warn("membership connection refused: too many open",
                {{"open", static_cast<uint64_t>(connections_.size())}});
      continue;  // closed by UniqueFd
    }
    const int raw = fd.get();
    Connection connection;
    connection.fd = std::move(fd);
    connection.peer = *peer;
    connection.opened = MonotonicNow();
    connections_.emplace(raw, std::move(connection));
    loop_.WatchEvents(raw, EPOLLIN, [this, raw](uint32_t events) { OnEvents(raw, events); });
  }
}

void MembershipStreams::Handle(runtime::Instant now, const membership::StreamRequest& request) {
  if (request.kind == membership::StreamRequest::Kind::kAbort) {
    for (auto& [fd, connection] : connections_) {
      if (connection.outgoing && connection.stream == request.stream) {
        Close(fd, /*tell_speaker=*/false);
        return;
      }
    }
    return;
  }
  UniqueFd fd(socket(request.to.address.is_v6() ? AF_INET6 : AF_INET,
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_storage storage{};
  // From the memberlist's own address, so the peer sees the member it knows.
  runtime::UdpEndpoint source{local_.address, 0};
  socklen_t length = SocketAddressOf(source, storage);
  const bool bound = fd.valid() && request.to.address.is_v6() == local_.address.is_v6() &&
                     bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) == 0;
  length = SocketAddressOf(request.to, storage);
  const bool started =
      bound && connections_.size() < kMaxConnections &&
      (connect(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) == 0 ||
       errno == EINPROGRESS);
  if (!started) {
    log_.Debug("membership stream not opened", {{"to", request.to.ToString()}});
    speaker_.HandleMembershipStreamClosed(now, request.stream);
    return;
  }
  const int raw = fd.get();
  Connection connection;
  connection.fd = std::move(fd);
  connection.outgoing = true;
  connection.stream = request.stream;
  connection.peer = request.to;
  connection.connecting = true;
  connection.to_write = request.bytes;
  connection.opened = now;
  connections_.emplace(raw, std::move(connection));
  loop_.WatchEvents(raw, EPOLLIN | EPOLLOUT,
                    [this, raw](uint32_t events) { OnEvents(raw, events); });
}

bool MembershipStreams::Drain(Connection& connection) {
  std::array<uint8_t, 16384> buffer{};
  for (;;) {
    const ssize_t got = recv(connection.fd.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got > 0) {
      if (connection.received.size() + static_cast<size_t>(got) > kMaxStreamBytes) return false;
      connection.received.insert(connection.received.end(), buffer.begin(), buffer.begin() + got);
      continue;
    }
    if (got == 0) return false;  // the peer closed
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

bool MembershipStreams::Flush(Connection& connection) {
  while (connection.written < connection.to_write.size()) {
    const ssize_t sent =
        send(connection.fd.get(), connection.to_write.data() + connection.written,
             connection.to_write.size() - connection.written, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    connection.written += static_cast<size_t>(sent);
  }
  return true;
}

void MembershipStreams::OnEvents(int fd, uint32_t events) {
  const auto found = connections_.find(fd);
  if (found == connections_.end()) return;
  Connection& connection = found->second;
  const runtime::Instant now = MonotonicNow();
  if (connection.connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      Close(fd, /*tell_speaker=*/true);
      return;
    }
    connection.connecting = false;
  }
  if (!Flush(connection)) {
    Close(fd, connection.outgoing);
    return;
  }
  const bool pending = connection.written < connection.to_write.size();
  if (!pending && connection.close_after_write) {
    Close(fd, false);
    return;
  }
  loop_.Modify(fd, pending ? (EPOLLIN | EPOLLOUT) : EPOLLIN);
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) return;
  const size_t before = connection.received.size();
  const bool open = Drain(connection);
  if (connection.received.size() != before) Deliver(now, fd);
  if (!open && connections_.count(fd) != 0) Close(fd, connections_.at(fd).outgoing);
}

void MembershipStreams::Deliver(runtime::Instant now, int fd) {
  Connection& connection = connections_.at(fd);
  if (connection.outgoing) {
    const bool done =
        speaker_.HandleMembershipStreamReply(now, connection.stream, connection.received);
    if (done) Close(fd, false);
    after_input_(now);
    return;
  }
  membership::StreamAnswer answer =
      speaker_.HandleIncomingMembershipStream(now, connection.peer, connection.received);
  switch (answer.kind) {
    case membership::StreamAnswer::Kind::kNeedMore:
      break;
    case membership::StreamAnswer::Kind::kReplyAndClose:
      connection.to_write = std::move(answer.reply);
      connection.written = 0;
      connection.close_after_write = true;
      if (!Flush(connection) || connection.written == connection.to_write.size()) {
        Close(fd, false);
      } else {
        loop_.Modify(fd, EPOLLOUT);
      }
      break;
    case membership::StreamAnswer::Kind::kClose:
      Close(fd, false);
      break;
  }
  after_input_(now);
}

void MembershipStreams::Close(int fd, bool tell_speaker) {
  const auto found = connections_.find(fd);
  if (found == connections_.end()) return;
  const bool outgoing = found->second.outgoing;
  const membership::StreamId stream = found->second.stream;
  loop_.Unwatch(fd);
  connections_.erase(found);  // closes the socket
  if (tell_speaker && outgoing) {
    const runtime::Instant now = MonotonicNow();
    speaker_.HandleMembershipStreamClosed(now, stream);
    after_input_(now);
  }
}

void MembershipStreams::Expire(runtime::Instant now) {
  std::vector<int> expired;
  for (const auto& [fd, connection] : connections_) {
    if (!connection.outgoing && now - connection.opened > timeout_) expired.push_back(fd);
  }
  for (const int fd : expired) Close(fd, false);
}

}  // namespace metallab::daemon
