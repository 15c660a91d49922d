#include "sim/scenario/metallb_install.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

const std::string kBase = "https://raw.githubusercontent.com/metallb/metallb/";

TEST_CASE("the walkthrough's install URL is MetalLB v0.9.3", "[scenario]") {
  std::string error;
  const auto release = RecogniseMetallbInstall(kBase + "v0.9.3/manifests/metallb.yaml", &error);
  REQUIRE(release);
  CHECK(release->version == "v0.9.3");
  CHECK(release->profile == config::BehaviourProfile::kV0_9);
  CHECK_FALSE(release->WritesServiceL2Status());
}

TEST_CASE("a version number too large for an int is an error, not an exception", "[scenario]") {
  for (const char* version : {"v2147483648.0.0", "v0.2147483648.0", "v0.13.99999999999999999999"}) {
    INFO(version);
    std::string error;
    CHECK_FALSE(
        RecogniseMetallbInstall(kBase + version + "/config/manifests/metallb-native.yaml", &error));
    CHECK(error ==
          "MetalLB " + std::string(version) + " is not a MetalLB version: a number is too large");
  }
  MetallbRelease release;
  release.version = "v0.99999999999999999999.0";
  CHECK_FALSE(release.WritesServiceL2Status());
  release.version = "v0.14.8";
  CHECK(release.WritesServiceL2Status());
}

}  // namespace
}  // namespace metallab::sim
