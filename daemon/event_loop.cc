#include "daemon/event_loop.h"

#include <array>
#include <cerrno>

#include <sys/epoll.h>

#include "daemon/system_error.h"

namespace metallab::daemon {

EventLoop::EventLoop() : epoll_(epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_.valid()) ThrowErrno("epoll_create1");
}

void EventLoop::Watch(int fd, Handler handler) {
  WatchEvents(fd, EPOLLIN, [handler = std::move(handler)](uint32_t) { handler(); });
}

void EventLoop::WatchEvents(int fd, uint32_t events, EventHandler handler) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) ThrowErrno("epoll_ctl add");
  handlers_[fd] = std::move(handler);
}

void EventLoop::Modify(int fd, uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &event);
}

void EventLoop::Unwatch(int fd) {
  epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
  handlers_.erase(fd);
}

int EventLoop::RunOnce(int timeout_ms) {
  std::array<epoll_event, 32> ready{};
  const int count =
      epoll_wait(epoll_.get(), ready.data(), static_cast<int>(ready.size()), timeout_ms);
  if (count <= 0) return 0;  // EINTR: a signal, which the signalfd reports next round
  int ran = 0;
  for (int i = 0; i < count; ++i) {
    // A handler may unwatch another descriptor that is ready in this same batch.
    const auto found = handlers_.find(ready[static_cast<size_t>(i)].data.fd);
    if (found == handlers_.end()) continue;
    const EventHandler handler = found->second;  // a copy: the handler may unwatch itself
    handler(ready[static_cast<size_t>(i)].events);
    ++ran;
  }
  return ran;
}

}  // namespace metallab::daemon
