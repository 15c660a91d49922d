// The daemon's one thread of protocol work: an epoll set of readable descriptors, each with the
// handler that drains it. Handlers run one at a time, so the speaker core is never entered twice.
#ifndef METALLAB_DAEMON_EVENT_LOOP_H_
#define METALLAB_DAEMON_EVENT_LOOP_H_

#include <cstdint>
#include <functional>
#include <map>

#include "daemon/unique_fd.h"

namespace metallab::daemon {

class EventLoop {
 public:
  using Handler = std::function<void()>;
  // For descriptors that also wait to be writable (a TCP connect, a reply not yet written):
  // called with the ready events (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP).
  using EventHandler = std::function<void(uint32_t events)>;

  EventLoop();  // throws when epoll cannot be created
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Calls `handler` whenever `fd` is readable (level-triggered: a handler that leaves data
  // behind is called again). Throws when the kernel refuses the descriptor.
  void Watch(int fd, Handler handler);
  void WatchEvents(int fd, uint32_t events, EventHandler handler);
  // Changes what `fd` waits for (EPOLLIN, EPOLLOUT).
  void Modify(int fd, uint32_t events);
  void Unwatch(int fd);
  // Waits at most `timeout_ms` (-1: for ever) and runs the handlers of the ready descriptors.
  // Returns how many ran; 0 on a time-out or an interrupted wait.
  int RunOnce(int timeout_ms);

 private:
  UniqueFd epoll_;
  std::map<int, EventHandler> handlers_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_EVENT_LOOP_H_
