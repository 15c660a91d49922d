#include "daemon/signal_channel.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "daemon/system_error.h"

namespace metallab::daemon {
namespace {

sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

SignalChannel::SignalChannel() {
  const sigset_t set = HandledSignals();
  // Blocked in every thread created afterwards too (the HTTP endpoint's), so only the signalfd
  // receives them.
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) ThrowErrno("pthread_sigmask");
  fd_.Reset(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd_.valid()) ThrowErrno("signalfd");
}

std::optional<int> SignalChannel::Next() {
  signalfd_siginfo info{};
  if (read(fd_.get(), &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return std::nullopt;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace metallab::daemon
