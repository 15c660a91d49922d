#include "cli/offline/convert_command.h"

#include <iostream>
#include <optional>
#include <string>

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
  std::optional<manifest::SourceLocation> first;
  for (const manifest::Document& document : documents) {
    const auto header = k8s::ReadObjectHeader(document, diagnostics);
    if (!header || config::ClassifyObject(*header) != config::ConfigKind::kLegacyConfigMap)
      continue;
    const manifest::SourceLocation where = document.Locate(document.root);
    if (first) {
      // kubectl apply would replace the first with this one; converting both would print every
      // object twice under the same names.
      diagnostics.Error(where, header->DisplayName(),
                        "a second MetalLB ConfigMap (the first is at " + first->file + ":" +
                            std::to_string(first->line) + ":" + std::to_string(first->column) +
                            "); convert reads one");
      continue;
    }
    first = where;
    if (const auto converted = config::ConvertLegacyConfigMap(document, diagnostics)) {
      output += *converted;
    }
  }
  if (!first && !diagnostics.HasErrors()) {
    diagnostics.Error(manifest::SourceLocation{path, 1, 1}, "",
                      "no MetalLB ConfigMap (namespace metallb-system, name config) found");
  }
  const int exit_code = ReportDiagnostics(diagnostics);
  if (exit_code == kExitOk) std::cout << output;
  return exit_code;
}

}  // namespace metallab::cli
