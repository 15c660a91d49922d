#include "cli/offline/allocate_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/offline/exit_code.h"
#include "cli/offline/input_document.h"
#include "core/config/config_objects.h"
#include "core/controller/service_controller.h"
#include "core/k8s/cluster_ip_assigner.h"
#include "core/k8s/object_list.h"
#include "core/k8s/service_reader.h"
#include "core/manifest/field_reader.h"
#include "core/manifest/manifest_loader.h"
#include "reports/allocation/allocation_report.h"

namespace metallab::cli {
namespace {

// Runs the controller over the inputs; owns what lives across documents.
class AllocationRun {
 public:
  AllocationRun(const config::BuildOptions& build_options,
                const controller::ControllerOptions& controller_options)
      : build_options_(build_options),
        controller_(controller_options),
        objects_(build_options.metallb_namespace) {}

  // Loads the initial configuration; false when it is invalid.
  bool LoadConfig(const std::vector<manifest::Document>& documents) {
    for (const manifest::Document& document : documents) {
      const auto input = ClassifyDocument(document, build_options_.metallb_namespace, diagnostics_);
      if (!input) continue;
      if (input->kind == InputKind::kConfig) {
        objects_.Apply(document, input->header);
      } else {
        NoteSkipped(document, input->header, build_options_.metallb_namespace, diagnostics_);
      }
    }
    const auto config = config::BuildConfig(objects_, build_options_, diagnostics_);
    if (!config) return false;
    if (const auto refused = controller_.SetConfig(*config)) {
      diagnostics_.Error(
          manifest::SourceLocation{documents.empty() ? "" : documents[0].source.file(), 1, 1}, "",
          *refused);
      return false;
    }
    return true;
  }

  void ApplyStream(const std::vector<manifest::Document>& documents) {
    for (const manifest::Document& document : documents) {
      const auto input = ClassifyDocument(document, build_options_.metallb_namespace, diagnostics_);
      if (!input) continue;
      switch (input->kind) {
        case InputKind::kService:
          ApplyService(document, input->header);
          break;
        case InputKind::kDelete:
          ApplyDelete(document, input->header);
          break;
        case InputKind::kConfig:
          ApplyConfigChange(document, input->header);
          break;
        case InputKind::kOther:
          NoteSkipped(document, input->header, build_options_.metallb_namespace, diagnostics_);
          break;
      }
    }
  }

  manifest::Diagnostics& diagnostics() { return diagnostics_; }
  const controller::ServiceController& controller() const { return controller_; }

 private:
  void ApplyService(const manifest::Document& document, const k8s::ObjectHeader& header) {
    auto service = k8s::ReadService(document, header, diagnostics_);
    if (!service) return;
    // The API server keeps a Service's cluster IPs across updates that do not mention them.
    const auto* existing = controller_.Find(service->Key());
    if (existing != nullptr && service->cluster_ips.empty()) {
      service->cluster_ips = existing->service.cluster_ips;
      if (service->ip_families.empty()) service->ip_families = existing->service.ip_families;
    }
    cluster_ips_.Fill(*service);
    controller_.Apply(*service);
  }

  void ApplyDelete(const manifest::Document& document, const k8s::ObjectHeader& header) {
    if (header.name.empty()) {
      diagnostics_.Error(document.Locate(document.root), "Delete",
                         "metadata.name: required field is missing");
      return;
    }
    const std::string key = (header.ns.empty() ? "default" : header.ns) + "/" + header.name;
    if (!controller_.Find(key)) {
      diagnostics_.Note(document.Locate(document.root), header.DisplayName(),
                        "no Service " + key + " to delete");
      return;
    }
    controller_.Delete(key);
  }

  void ApplyConfigChange(const manifest::Document& document, const k8s::ObjectHeader& header) {
    config::ConfigObjects candidate = objects_;
    candidate.Apply(document, header);
    const auto config = config::BuildConfig(candidate, build_options_, diagnostics_);
    if (!config) return;  // The last good configuration stays.
    if (const auto refused = controller_.SetConfig(*config)) {
      diagnostics_.Error(document.Locate(document.root), header.DisplayName(), *refused);
      return;
    }
    objects_ = std::move(candidate);
  }

  config::BuildOptions build_options_;
  controller::ServiceController controller_;
  config::ConfigObjects objects_;
  k8s::ClusterIpAssigner cluster_ips_;
  manifest::Diagnostics diagnostics_;
};

}  // namespace

void AllocateCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "allocate",
      "Apply MetalLB configuration, then a stream of Services (updates by namespace/name, "
      "`kind: Delete` documents, later configuration changes), and print each Service's "
      "addresses, pool and events. Exit 0 when the inputs are valid (even if a Service got no "
      "address), 1 on invalid input, 2 on unreadable input.");
  command->add_option("--config", config_paths, "MetalLB configuration files or directories")
      ->required();
  command->add_option("--services", service_paths, "Service manifests, applied in order")
      ->required();
  command->add_option("--output,-o", output, "output format")
      ->check(CLI::IsMember({"json", "yaml", "table"}))
      ->capture_default_str();
  command->add_option("--lb-class", load_balancer_class,
                      "handle only Services of this loadBalancerClass (MetalLB's --lb-class)");
  flags.AddTo(*command);
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int AllocateCommand::Run() const {
  const config::BuildOptions build_options = flags.ToBuildOptions();
  controller::ControllerOptions controller_options;
  controller_options.profile = build_options.profile;
  controller_options.load_balancer_class = load_balancer_class;
  AllocationRun run(build_options, controller_options);

  const auto config_documents = k8s::ExpandLists(
      manifest::LoadManifestPaths(config_paths, run.diagnostics()), run.diagnostics());
  if (run.diagnostics().HasErrors() || !run.LoadConfig(config_documents)) {
    return ReportDiagnostics(run.diagnostics());
  }
  const auto service_documents = k8s::ExpandLists(
      manifest::LoadManifestPaths(service_paths, run.diagnostics()), run.diagnostics());
  if (run.diagnostics().HasUnreadable()) return ReportDiagnostics(run.diagnostics());
  run.ApplyStream(service_documents);

  const auto services = run.controller().Services();
  const int exit_code = ReportDiagnostics(run.diagnostics());
  if (output == "yaml") {
    std::cout << reports::RenderAllocationYaml(services);
  } else if (output == "table") {
    std::cout << reports::RenderAllocationTable(services);
  } else {
    std::cout << reports::RenderAllocationJson(services);
  }
  return exit_code;
}

}  // namespace metallab::cli
