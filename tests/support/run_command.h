// Runs a shell command for tests that check against real programs (sha256sum, tshark).
#ifndef METALLAB_TESTS_SUPPORT_RUN_COMMAND_H_
#define METALLAB_TESTS_SUPPORT_RUN_COMMAND_H_

#include <cstdio>
#include <optional>
#include <string>

namespace metallab::testing {

// Standard output of `command`, or nullopt when it could not run or exited non-zero.
inline std::optional<std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string output;
  char buffer[4096];
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  if (pclose(pipe) != 0) return std::nullopt;
  return output;
}

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_RUN_COMMAND_H_
