#include "daemon/directory_watch.h"

#include <array>

#include <sys/inotify.h>
#include <unistd.h>

#include "daemon/system_error.h"

namespace metallab::daemon {

DirectoryWatch::DirectoryWatch(const std::string& directory)
    : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!fd_.valid()) ThrowErrno("inotify_init1");
  // IN_CLOSE_WRITE, not IN_MODIFY: a file is read once its writer closed it. Kubernetes'
  // ConfigMap and Secret volumes swap a symbolic link (IN_CREATE / IN_MOVED_TO on "..data").
  constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                             IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
  if (inotify_add_watch(fd_.get(), directory.c_str(), kMask) < 0) {
    ThrowErrno("watch " + directory);
  }
}

bool DirectoryWatch::Drain() {
  std::array<char, 4096> buffer{};
  bool any = false;
  for (int round = 0; round < 64; ++round) {  // bounded: a flood of writes cannot hold the loop
    if (read(fd_.get(), buffer.data(), buffer.size()) <= 0) break;
    any = true;
  }
  return any;
}

}  // namespace metallab::daemon
