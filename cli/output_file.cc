#include "cli/output_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace metallab::cli {

std::optional<std::string> WriteOutputFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      // write() returns 0 only for a zero-byte request; treat it as an error, not a loop.
      const std::string reason = wrote < 0 ? std::strerror(errno) : "nothing was written";
      ::close(fd);
      return reason;
    }
    bytes.remove_prefix(static_cast<size_t>(wrote));
  }
  // Some file systems (NFS, a full quota) report a failed write only here.
  if (::close(fd) != 0) return std::strerror(errno);
  return std::nullopt;
}

}  // namespace metallab::cli
