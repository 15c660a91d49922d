// Runs a piece of test code in a child process with a deadline, so a test of "this must not
// hang" fails instead of hanging when the code under test blocks (a FIFO's open, a read that
// never ends): a blocked thread cannot be stopped, a child process can be killed.
#ifndef METALLAB_TESTS_SUPPORT_BOUNDED_CHILD_H_
#define METALLAB_TESTS_SUPPORT_BOUNDED_CHILD_H_

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace metallab::testing {

// The child's exit status (what `body` returned, 0..255), or nullopt when it did not finish
// within `limit` (it is then killed) or did not exit normally.
inline std::optional<int> RunInChildWithin(std::chrono::milliseconds limit,
                                           const std::function<int()>& body) {
  std::fflush(nullptr);  // buffered output would otherwise be written twice
  const pid_t child = ::fork();
  if (child < 0) return std::nullopt;
  if (child == 0) ::_exit(body() & 0xff);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 || std::chrono::steady_clock::now() >= deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return std::nullopt;
    }
    const timespec pause{0, 10'000'000};  // 10 ms
    ::nanosleep(&pause, nullptr);
  }
  if (!WIFEXITED(status)) return std::nullopt;
  return WEXITSTATUS(status);
}

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_BOUNDED_CHILD_H_
