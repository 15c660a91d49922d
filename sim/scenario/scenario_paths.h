// What a scenario may name on disk. Its `name:` becomes a file name (`--pcap DIR` writes
// DIR/NAME.pcap), so it must be one plain file name: "../../evil" would write outside DIR and ""
// would write DIR/.pcap. Its `kubectl apply -f` paths are read from the scenario's folder and
// below, so a scenario someone hands you cannot read /etc or your home directory unless you
// allow it (`metallab run --allow-outside-manifests`).
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_PATHS_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_PATHS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace metallab::sim {

inline constexpr size_t kMaxScenarioNameLength = 100;

// Why `name` is not a safe scenario name, or nullopt when it is: 1 to 100 characters of
// [A-Za-z0-9._-], starting with a letter or digit (so never "", ".", ".." or a hidden file).
std::optional<std::string> UnsafeScenarioName(std::string_view name);

// Why `path` (as a kubectl line gives it, relative to the scenario's folder) leaves that folder,
// or nullopt when it stays inside: absolute paths and paths whose ".." climb above the folder
// leave it. The test is on the text; a symbolic link inside the folder is the folder owner's
// choice and is followed.
std::optional<std::string> ManifestPathOutsideFolder(std::string_view path);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_PATHS_H_
