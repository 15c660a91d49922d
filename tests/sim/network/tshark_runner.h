// Runs tshark (Debian package, installed by scripts/install-deps) over a capture held in
// memory and returns the fields it printed, one row per frame.
#ifndef METALLAB_TESTS_SIM_NETWORK_TSHARK_RUNNER_H_
#define METALLAB_TESTS_SIM_NETWORK_TSHARK_RUNNER_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "tests/support/run_command.h"

namespace metallab::sim::testing {

inline bool TsharkInstalled() {
  return metallab::testing::RunCommand("command -v tshark").has_value();
}

// `options` go before the field list (preferences such as "-o ip.check_checksum:TRUE").
inline std::vector<std::vector<std::string>> TsharkFields(const std::vector<uint8_t>& pcap,
                                                          const std::string& options,
                                                          const std::vector<std::string>& fields) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("metallab-" + std::to_string(::getpid()) + ".pcap");
  if (FILE* out = std::fopen(file.c_str(), "wb")) {
    std::fwrite(pcap.data(), 1, pcap.size(), out);
    std::fclose(out);
  }
  std::string command =
      "tshark -n -r " + file.string() + " " + options + " -T fields -E separator=/t";
  for (const std::string& field : fields) command += " -e " + field;
  const std::string output = metallab::testing::RunCommand(command + " 2>/dev/null").value_or("");
  std::filesystem::remove(file);

  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string>& row = rows.emplace_back();
    std::istringstream columns(line);
    std::string field;
    while (std::getline(columns, field, '\t')) row.push_back(field);
  }
  return rows;
}

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_NETWORK_TSHARK_RUNNER_H_
