#include "sim/scenario/scenario_paths.h"

#include <filesystem>

namespace metallab::sim {
namespace {

bool IsAlphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::optional<std::string> UnsafeScenarioName(std::string_view name) {
  if (name.empty()) return "a scenario name cannot be empty";
  if (name.size() > kMaxScenarioNameLength) {
    return "a scenario name is at most " + std::to_string(kMaxScenarioNameLength) + " characters";
  }
  for (const char c : name) {
    if (!IsAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
      return "a scenario name names the report and capture files: only letters, digits, '.', "
             "'_' and '-'";
    }
  }
  if (!IsAlphanumeric(name.front())) return "a scenario name starts with a letter or a digit";
  return std::nullopt;
}

std::optional<std::string> ManifestPathOutsideFolder(std::string_view path) {
  const std::filesystem::path given(path);
  if (given.is_absolute()) return "an absolute path";
  int depth = 0;
  for (const std::filesystem::path& part : given) {
    if (part == "..") {
      if (--depth < 0) return "a path that climbs out of the scenario's folder";
    } else if (part != "." && !part.empty()) {
      ++depth;
    }
  }
  return std::nullopt;
}

}  // namespace metallab::sim
