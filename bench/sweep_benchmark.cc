// sweep_bench: `metallab sweep` and `metallab merge` as a user runs them, the built binary
// started as a child process: a 1,000-seed sweep of l2-owner-failure-cluster on every core
// (target <= 30 s wall on 2 cores), and the merge of its 10 slices (target <= 1 s).
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

const std::string kScenario =
    std::string(METALLAB_SOURCE_DIR) + "/scenarios/l2-owner-failure-cluster.yaml";

// Runs metallab with `arguments`, its output discarded; its exit code (-1: it did not run).
int Metallab(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), METALLAB_BINARY);
  std::vector<char*> argv;
  for (std::string& word : arguments) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, METALLAB_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (failed != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::filesystem::path Scratch() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("metallab-sweep-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

void OwnerFailureSweep(benchmark::State& state) {
  const auto seeds = state.range(0);
  const auto dir = Scratch();
  for (auto _ : state) {
    const int code = Metallab({"sweep", kScenario, "--seeds", "1.." + std::to_string(seeds),
                               "--output", (dir / "whole.json").string()});
    if (code != 0) state.SkipWithError("the sweep failed or an expectation broke");
  }
  state.counters["runs"] = static_cast<double>(seeds);
  std::filesystem::remove_all(dir);
}
BENCHMARK(OwnerFailureSweep)
    ->Name("sweep/owner_failure/seeds")
    ->Arg(1000)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

void MergeTenSlices(benchmark::State& state) {
  const auto dir = Scratch();
  std::vector<std::string> merge{"merge"};
  for (int i = 1; i <= 10; ++i) {
    const std::string slice = (dir / ("slice-" + std::to_string(i) + ".json")).string();
    if (Metallab({"sweep", kScenario, "--seeds", "1..1000", "--shard", std::to_string(i) + "/10",
                  "--output", slice}) != 0) {
      state.SkipWithError("a slice failed");
      return;
    }
    merge.push_back(slice);
  }
  merge.insert(merge.end(), {"--output", (dir / "merged.json").string()});
  for (auto _ : state) {
    if (Metallab(merge) != 0) state.SkipWithError("the merge failed");
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(MergeTenSlices)
    ->Name("sweep/owner_failure/merge_10_slices")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
