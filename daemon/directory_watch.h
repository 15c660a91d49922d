// inotify on the configuration directory: any file written, moved in or out, deleted or
// re-linked there makes the fd readable. The daemon then waits for the directory to be quiet
// (an editor or kubectl writes in several steps) before it reads everything again.
#ifndef METALLAB_DAEMON_DIRECTORY_WATCH_H_
#define METALLAB_DAEMON_DIRECTORY_WATCH_H_

#include <string>

#include "daemon/unique_fd.h"

namespace metallab::daemon {

class DirectoryWatch {
 public:
  explicit DirectoryWatch(const std::string& directory);  // throws when it cannot watch

  int fd() const { return fd_.get(); }
  // Reads every pending notification; true when there was any.
  bool Drain();

 private:
  UniqueFd fd_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_DIRECTORY_WATCH_H_
