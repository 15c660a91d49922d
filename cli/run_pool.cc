#include "cli/run_pool.h"

#include <map>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace metallab::cli {
namespace {

// /proc/self/exe: the very binary running now, wherever it was started from.
pid_t Spawn(const ChildRun& child) {
  std::vector<std::string> words{"metallab"};
  words.insert(words.end(), child.arguments.begin(), child.arguments.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return failed == 0 ? pid : -1;
}

}  // namespace

bool RunChildren(const std::vector<ChildRun>& children, int jobs,
                 const std::function<void(size_t index, int exit_code)>& done) {
  std::map<pid_t, size_t> running;
  size_t next = 0;
  bool ok = true;
  while (running.size() > 0 || (ok && next < children.size())) {
    while (ok && next < children.size() && static_cast<int>(running.size()) < jobs) {
      const pid_t pid = Spawn(children[next]);
      if (pid < 0) {
        done(next, -1);
        ok = false;
        break;
      }
      running.emplace(pid, next++);
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t ended = waitpid(-1, &status, 0);
    if (ended < 0) return false;  // no children left to wait for: nothing more can end
    const auto found = running.find(ended);
    if (found == running.end()) continue;
    const size_t index = found->second;
    running.erase(found);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code < 0) ok = false;
    done(index, code);
  }
  return ok;
}

}  // namespace metallab::cli
