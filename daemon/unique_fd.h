// A file descriptor that closes itself: every socket, timerfd, signalfd and inotify instance of
// the daemon is one, so that no exit path leaks them.
#ifndef METALLAB_DAEMON_UNIQUE_FD_H_
#define METALLAB_DAEMON_UNIQUE_FD_H_

#include <utility>

#include <unistd.h>

namespace metallab::daemon {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_UNIQUE_FD_H_
