#include "cli/offline/validate_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/offline/exit_code.h"
#include "cli/offline/input_document.h"
#include "core/config/config_objects.h"
#include "core/k8s/object_list.h"
#include "core/k8s/service_reader.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::cli {

void ValidateCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "validate",
      "Check MetalLB configuration files and directories (ConfigMap or CRDs, and any Services "
      "beside them). Exit 0 when valid, 1 with every error on stderr as FILE:LINE:COLUMN: ..., "
      "2 when a path cannot be read.");
  command->add_option("paths", paths, "files or directories, as kubectl apply -f takes them")
      ->required();
  flags.AddTo(*command);
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int ValidateCommand::Run() const {
  manifest::Diagnostics diagnostics;
  const auto documents =
      k8s::ExpandLists(manifest::LoadManifestPaths(paths, diagnostics), diagnostics);
  const config::BuildOptions options = flags.ToBuildOptions();
  config::ConfigObjects objects(options.metallb_namespace);
  size_t services = 0;
  for (const manifest::Document& document : documents) {
    const auto input = ClassifyDocument(document, options.metallb_namespace, diagnostics);
    if (!input) continue;
    switch (input->kind) {
      case InputKind::kConfig:
        objects.Apply(document, input->header);
        break;
      case InputKind::kService:
        if (k8s::ReadService(document, input->header, diagnostics)) ++services;
        break;
      case InputKind::kDelete:
        break;
      case InputKind::kOther:
        NoteSkipped(document, input->header, options.metallb_namespace, diagnostics);
        break;
    }
  }
  const auto config = config::BuildConfig(objects, options, diagnostics);
  const int exit_code = ReportDiagnostics(diagnostics);
  if (exit_code == kExitOk && config) {
    std::cout << "valid: " << config->pools.size() << " address pool(s), "
              << config->l2_advertisements.size() << " L2 advertisement(s), "
              << config->bgp_advertisements.size() << " BGP advertisement(s), "
              << config->peers.size() << " BGP peer(s), " << services << " service(s)\n";
  }
  return exit_code;
}

}  // namespace metallab::cli
