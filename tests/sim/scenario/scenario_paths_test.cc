#include "sim/scenario/scenario_paths.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

TEST_CASE("a scenario name is one plain file name", "[scenario]") {
  for (const char* good : {"metallb-l2-walkthrough", "a", "v0.9_test", "L2.Partition-2"}) {
    INFO(good);
    CHECK_FALSE(UnsafeScenarioName(good));
  }
  for (const char* bad : {"", ".", "..", "../../evil", "a/b", ".hidden", "-flag", "with space",
                          "tab\there", "nul\\x"}) {
    INFO(bad);
    CHECK(UnsafeScenarioName(bad));
  }
  CHECK_FALSE(UnsafeScenarioName(std::string(kMaxScenarioNameLength, 'a')));
  CHECK(UnsafeScenarioName(std::string(kMaxScenarioNameLength + 1, 'a')));
}

TEST_CASE("manifest paths stay inside the scenario's folder", "[scenario]") {
  for (const char* inside : {"walkthrough/metallb-l2config.yaml", "a.yaml", "./a.yaml",
                             "a/../b.yaml", "dir/", "a/./b/../../c.yaml"}) {
    INFO(inside);
    CHECK_FALSE(ManifestPathOutsideFolder(inside));
  }
  CHECK(ManifestPathOutsideFolder("/etc/passwd") == "an absolute path");
  for (const char* outside : {"..", "../a.yaml", "../../../etc/passwd", "a/../../b.yaml",
                              "./../a.yaml", "a/b/../../../c"}) {
    INFO(outside);
    CHECK(ManifestPathOutsideFolder(outside) == "a path that climbs out of the scenario's folder");
  }
}

}  // namespace
}  // namespace metallab::sim
