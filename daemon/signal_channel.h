// SIGTERM, SIGINT and SIGHUP as readable events on a signalfd: the loop handles them between
// inputs, never inside a handler interrupting the speaker core.
#ifndef METALLAB_DAEMON_SIGNAL_CHANNEL_H_
#define METALLAB_DAEMON_SIGNAL_CHANNEL_H_

#include <optional>

#include "daemon/unique_fd.h"

namespace metallab::daemon {

class SignalChannel {
 public:
  SignalChannel();  // blocks the three signals for the process; throws when signalfd fails

  int fd() const { return fd_.get(); }
  // The next pending signal number, if any.
  std::optional<int> Next();

 private:
  UniqueFd fd_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_SIGNAL_CHANNEL_H_
