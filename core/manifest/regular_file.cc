#include "core/manifest/regular_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace metallab::manifest {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string DescribeFileType(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a plain file";
}

RegularFileText Failure(RegularFileText::Status status, std::string reason) {
  RegularFileText result;
  result.status = status;
  result.reason = std::move(reason);
  return result;
}

}  // namespace

RegularFileText ReadRegularFile(const std::string& path, size_t max_bytes) {
  using Status = RegularFileText::Status;
  // O_NONBLOCK: opening a FIFO for reading otherwise waits until some process opens it for
  // writing. It has no effect on a regular file's reads.
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return Failure(Status::kCannotOpen, std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return Failure(Status::kCannotOpen, std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return Failure(Status::kNotRegular, DescribeFileType(info.st_mode));

  // Read at most one byte past the limit: st_size is not trusted (a file can grow while read).
  RegularFileText result;
  char buffer[65536];
  while (result.text.size() <= max_bytes) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Failure(Status::kReadError, std::strerror(errno));
    }
    if (got == 0) break;
    result.text.append(buffer, static_cast<size_t>(got));
  }
  if (result.text.size() > max_bytes) return Failure(Status::kTooLarge, "");
  return result;
}

}  // namespace metallab::manifest
