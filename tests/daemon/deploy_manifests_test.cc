// The example the Kubernetes deployment ships (deploy/kubernetes/example-manifests.yaml): its
// ConfigMap, written out as the volume would be, is a manifest directory metallabd accepts.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/manifest/manifest_loader.h"
#include "daemon/manifest_directory.h"
#include "support/diagnostics_text.h"
#include "support/scratch_dir.h"

namespace metallab::daemon {
namespace {

std::string SourceFile(const std::string& relative) {
  const char* root = std::getenv("METALLAB_SOURCE_DIR");
  REQUIRE(root != nullptr);
  std::ifstream in(std::string(root) + "/" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("the shipped example ConfigMap is a manifest directory metallabd accepts") {
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText(
      "example-manifests.yaml", SourceFile("deploy/kubernetes/example-manifests.yaml"),
      diagnostics);
  REQUIRE(documents.size() == 1);
  testing::ScratchDir volume;
  size_t files = 0;
  for (const auto& entry : documents[0].root["data"]) {
    volume.Write(entry.first.as<std::string>(), entry.second.as<std::string>());
    ++files;
  }
  CHECK(files == 4);
  const auto snapshot = ReadManifestDirectory(volume.path().string(), {}, diagnostics);
  INFO(testing::DiagnosticsText(diagnostics));
  REQUIRE(snapshot);
  CHECK(snapshot->services.size() == 1);
  CHECK(snapshot->nodes.size() == 3);
  CHECK(snapshot->config.pools.size() == 1);
}

TEST_CASE("the DaemonSet manifest parses and names the daemon's flags") {
  manifest::Diagnostics diagnostics;
  const std::string text = SourceFile("deploy/kubernetes/metallabd.yaml");
  const auto documents = manifest::ParseManifestText("metallabd.yaml", text, diagnostics);
  CHECK_FALSE(diagnostics.HasErrors());
  CHECK(documents.size() == 5);
  CHECK_THAT(text, Catch::Contains("--config=/etc/metallabd") && Catch::Contains("add: [NET_RAW]"));
}

}  // namespace
}  // namespace metallab::daemon
