// Writes one of `metallab run`'s output files (--report, --junit, --pcap) and says exactly what
// went wrong when it cannot: a full disk shows only in write() or close(), a /proc file refuses
// the bytes, a directory cannot be opened for writing. A CI job must not take a truncated report
// for a good one.
#ifndef METALLAB_CLI_OUTPUT_FILE_H_
#define METALLAB_CLI_OUTPUT_FILE_H_

#include <optional>
#include <string>
#include <string_view>

namespace metallab::cli {

// Creates or truncates `path` and writes `bytes`, checking open, every write and close. nullopt
// on success, else the reason, strerror(errno) ("No space left on device").
std::optional<std::string> WriteOutputFile(const std::string& path, std::string_view bytes);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OUTPUT_FILE_H_
