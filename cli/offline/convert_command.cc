#include "cli/offline/convert_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/offline/exit_code.h"
#include "core/config/config_kinds.h"
#include "core/config/legacy_converter.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/object_list.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::cli {

void ConvertCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "convert",
      "Print the MetalLB v0.13+ CRDs (IPAddressPool, L2Advertisement, BGPAdvertisement, "
      "BGPPeer, BFDProfile, Community) equivalent to the legacy ConfigMap metallb-system/config "
      "found in PATH.");
  command->add_option("path", path, "a file or directory holding the ConfigMap")->required();
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int ConvertCommand::Run() const {
  manifest::Diagnostics diagnostics;
  const auto documents =
      k8s::ExpandLists(manifest::LoadManifestPaths({path}, diagnostics), diagnostics);
  std::string output;
  bool found = false;
  for (const manifest::Document& document : documents) {
    const auto header = k8s::ReadObjectHeader(document, diagnostics);
    if (!header || config::ClassifyObject(*header) != config::ConfigKind::kLegacyConfigMap)
      continue;
    found = true;
    if (const auto converted = config::ConvertLegacyConfigMap(document, diagnostics)) {
      output += *converted;
    }
  }
  if (!found && !diagnostics.HasErrors()) {
    diagnostics.Error(manifest::SourceLocation{path, 1, 1}, "",
                      "no MetalLB ConfigMap (namespace metallb-system, name config) found");
  }
  const int exit_code = ReportDiagnostics(diagnostics);
  if (exit_code == kExitOk) std::cout << output;
  return exit_code;
}

}  // namespace metallab::cli
