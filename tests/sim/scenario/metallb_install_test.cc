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

TEST_CASE("only MetalLB's published install manifests are recognised", "[scenario]") {
  const auto error_of = [](const std::string& tail) {
    std::string error;
    return RecogniseMetallbInstall(kBase + tail, &error) ? std::string("recognised") : error;
  };
  CHECK(error_of("v0.13.12/config/manifests/metallb-natve.yaml") ==
        "MetalLB v0.13.12 publishes no config/manifests/metallb-natve.yaml (its install "
        "manifests: config/manifests/metallb-native.yaml, config/manifests/metallb-frr.yaml, "
        "config/manifests/metallb-native-prometheus.yaml, "
        "config/manifests/metallb-frr-prometheus.yaml)");
  CHECK(error_of("v9.9.9/config/manifests/metallb-native.yaml") ==
        "MetalLB v9.9.9 was never released (the releases are v0.1.0 to v0.16.1)");
  CHECK(error_of("v0.13.13/config/manifests/metallb-native.yaml").find("never released") !=
        std::string::npos);
  CHECK(error_of("v0.9.3/config/manifests/metallb.yaml").find("publishes no") != std::string::npos);
  CHECK(error_of("v0.13.4/config/manifests/metallb-native-prometheus.yaml").find("publishes no") !=
        std::string::npos);
  CHECK(error_of("v0.13.12/config/manifests/metallb-frr-k8s.yaml").find("publishes no") !=
        std::string::npos);
  for (const char* published : {"v0.9.3/manifests/metallb.yaml", "v0.9.3/manifests/namespace.yaml",
                                "v0.13.12/config/manifests/metallb-frr.yaml",
                                "v0.14.8/config/manifests/metallb-frr-k8s.yaml",
                                "v0.16.1/config/manifests/metallb-native-prometheus.yaml"}) {
    INFO(published);
    CHECK(error_of(published) == "recognised");
  }
  std::string error;
  const auto between =
      RecogniseMetallbInstall(kBase + "v0.12.1/manifests/metallb-frr.yaml", &error);
  REQUIRE(between);
  CHECK_FALSE(between->profile);  // the scenario's metallb.profile decides
}

}  // namespace
}  // namespace metallab::sim
