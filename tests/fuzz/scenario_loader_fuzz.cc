// Feeds arbitrary bytes to the scenario loader as a scenario file: YAML parsing, every section
// reader, the kubectl and curl command lines, durations, addresses, install URLs and the limits
// on them. Manifests a scenario names are looked up in a folder that does not exist, and paths
// out of it are refused, so nothing outside the input is read. Besides crashes, hangs and sanitizer
// reports it traps on broken promises: a scenario returned despite errors (or none without one), a
// diagnostic without a position or a message.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/manifest/diagnostics.h"
#include "sim/scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace metallab;
  std::string text(reinterpret_cast<const char*>(data), size);
  manifest::Diagnostics diagnostics;
  // The default options: --allow-outside-manifests would let an input read /etc.
  const auto scenario =
      sim::ParseScenario("fuzz.yaml", std::move(text), "/nonexistent/metallab-fuzz", diagnostics);
  if (scenario.has_value() == diagnostics.HasErrors()) __builtin_trap();
  for (const manifest::Diagnostic& d : diagnostics.all()) {
    if (d.where.line < 1 || d.where.column < 1 || d.message.empty()) __builtin_trap();
  }
  return 0;
}
