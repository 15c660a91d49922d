// The memberlist's TCP side on real sockets: the listener on its port, where peers push-pull
// and send fallback pings, and the connections the memberlist opens itself. Bytes go to and
// from the speaker's stream seam (membership::Memberlist explains it); this class only moves
// them, bounded: at most kMaxConnections at once, kMaxStreamBytes per stream, and none older
// than the memberlist's TCP timeout.
#ifndef METALLAB_DAEMON_MEMBERSHIP_STREAMS_H_
#define METALLAB_DAEMON_MEMBERSHIP_STREAMS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/membership/memberlist.h"
#include "core/speaker/speaker.h"
#include "daemon/event_loop.h"
#include "daemon/json_log.h"
#include "daemon/unique_fd.h"

namespace metallab::daemon {

class MembershipStreams {
 public:
  static constexpr size_t kMaxConnections = 64;
  // memberlist's push-pull of a large cluster is a few hundred kilobytes.
  static constexpr size_t kMaxStreamBytes = size_t{8} << 20;

  // `after_input` runs after every call into the speaker (the daemon's Flush).
  MembershipStreams(EventLoop& loop, speaker::Speaker& speaker, const JsonLog& log,
                    runtime::Duration timeout, std::function<void(runtime::Instant)> after_input);
  ~MembershipStreams();
  MembershipStreams(const MembershipStreams&) = delete;
  MembershipStreams& operator=(const MembershipStreams&) = delete;

  // Listens on the memberlist's address and port; false with `error` set when it cannot.
  bool Listen(const runtime::UdpEndpoint& local, std::string& error);
  // A request the speaker made (TakeMembershipStreams).
  void Handle(runtime::Instant now, const membership::StreamRequest& request);
  // Closes incoming connections older than the timeout (the memberlist times out its own).
  void Expire(runtime::Instant now);
  size_t open_connections() const { return connections_.size(); }

 private:
  struct Connection {
    UniqueFd fd;
    bool outgoing = false;
    membership::StreamId stream = 0;  // outgoing only
    runtime::UdpEndpoint peer;
    bool connecting = false;
    bool close_after_write = false;
    std::vector<uint8_t> to_write;
    size_t written = 0;
    std::vector<uint8_t> received;
    runtime::Instant opened = 0;
  };

  void Accept();
  void OnEvents(int fd, uint32_t events);
  // Reads what is waiting; false when the peer closed or failed.
  bool Drain(Connection& connection);
  bool Flush(Connection& connection);
  void Deliver(runtime::Instant now, int fd);
  void Close(int fd, bool tell_speaker);

  EventLoop& loop_;
  speaker::Speaker& speaker_;
  const JsonLog& log_;
  runtime::Duration timeout_;
  std::function<void(runtime::Instant)> after_input_;
  runtime::UdpEndpoint local_;
  UniqueFd listener_;
  std::map<int, Connection> connections_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_MEMBERSHIP_STREAMS_H_
