// Reads a file the command line names (a baseline, a sweep's slice, a run's report) the way
// every input is read: only a regular file, never blocking on a pipe, within a size bound.
#ifndef METALLAB_CLI_INPUT_FILE_H_
#define METALLAB_CLI_INPUT_FILE_H_

#include <optional>
#include <string>

namespace metallab::cli {

// The file's bytes; nullopt with `reason` ("not a regular file (a named pipe)", strerror).
std::optional<std::string> ReadInputFile(const std::string& path, std::string* reason);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_INPUT_FILE_H_
