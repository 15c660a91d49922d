// Reads a user-named file only when it is a regular file, with a size bound. A named pipe, a
// device or a socket would block or never end: open() of a FIFO with no writer waits for ever,
// and /dev/zero never reaches end of file. The check is made on the opened descriptor, so a file
// swapped for a FIFO between a stat() and the open() is caught too.
#ifndef METALLAB_CORE_MANIFEST_REGULAR_FILE_H_
#define METALLAB_CORE_MANIFEST_REGULAR_FILE_H_

#include <cstddef>
#include <string>

namespace metallab::manifest {

struct RegularFileText {
  enum class Status {
    kOk,
    kCannotOpen,  // `reason` is strerror(errno)
    kNotRegular,  // `reason` says what it is instead ("a named pipe")
    kTooLarge,    // more than the allowed bytes; `text` is empty
    kReadError,   // `reason` is strerror(errno)
  };
  Status status = Status::kOk;
  std::string text;
  std::string reason;
};

// Reads at most `max_bytes` of `path`, never blocking on open or read of a non-regular file.
RegularFileText ReadRegularFile(const std::string& path, size_t max_bytes);

}  // namespace metallab::manifest

#endif  // METALLAB_CORE_MANIFEST_REGULAR_FILE_H_
