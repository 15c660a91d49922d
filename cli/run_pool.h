// Runs `metallab` itself as child processes, a bounded number at a time: how a sweep uses every
// core while each run stays a plain, deterministic `metallab run` (the same bytes as a run
// started by hand). A child that cannot start, or dies by a signal, is an error, not a result.
#ifndef METALLAB_CLI_RUN_POOL_H_
#define METALLAB_CLI_RUN_POOL_H_

#include <functional>
#include <string>
#include <vector>

namespace metallab::cli {

struct ChildRun {
  std::vector<std::string> arguments;  // after the program name
};

// Runs every child, `jobs` at a time; `done(index, exit_code)` as each ends (exit_code -1:
// it could not start or was killed). Returns false after the first such failure once the
// children already running have ended.
bool RunChildren(const std::vector<ChildRun>& children, int jobs,
                 const std::function<void(size_t index, int exit_code)>& done);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_RUN_POOL_H_
