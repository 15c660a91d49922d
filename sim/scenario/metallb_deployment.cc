#include "sim/scenario/metallb_deployment.h"

#include <algorithm>
#include <memory>
#include <variant>

#include "core/config/config_builder.h"
#include "core/config/config_kinds.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/service_reader.h"
#include "core/speaker/speaker_options.h"

namespace metallab::sim {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

// How kubectl names an object it applied: `configmap/config`, `ipaddresspool.metallb.io/lan`
// (the API group follows the kind for anything outside the core group).
std::string AppliedName(const k8s::ObjectHeader& header) {
  const size_t slash = header.api_version.find('/');
  const std::string group =
      slash == std::string::npos ? "" : "." + header.api_version.substr(0, slash);
  return Lower(header.kind) + group + "/" + header.name;
}

}  // namespace

MetallbDeployment::MetallbDeployment(const Scenario& scenario, ClusterModel& cluster,
                                     RecordEvent record)
    : scenario_(scenario), cluster_(cluster), record_(std::move(record)) {}

void MetallbDeployment::Apply(const std::vector<manifest::Document>& documents) {
  bool config_changed = false;
  for (const manifest::Document& document : documents) {
    manifest::Diagnostics diagnostics;
    const auto header = k8s::ReadObjectHeader(document, diagnostics);
    if (!header) {
      for (const auto& d : diagnostics.all()) Say("  error: " + d.ToString());
      continue;
    }
    if (header->kind == "Service") {
      auto service = k8s::ReadService(document, *header, diagnostics);
      if (!service) {
        for (const auto& d : diagnostics.all()) Say("  error: " + d.ToString());
        continue;
      }
      const bool existed = cluster_.FindService(service->Key()) != nullptr;
      cluster_.ApplyService(*service);
      Say("  service/" + service->name + (existed ? " configured" : " created"));
    } else if (config::ClassifyObject(*header, config_objects_.metallb_namespace()) !=
               config::ConfigKind::kNone) {
      const size_t before = config_objects_.size();
      config_objects_.Apply(document, *header);
      Say("  " + AppliedName(*header) +
          (config_objects_.size() > before ? " created" : " configured"));
      config_changed = true;
    } else {
      Say("  " + AppliedName(*header) +
          " skipped: metallab reads MetalLB configuration and Services from files");
    }
  }
  if (config_changed) Reconfigure();
}

void MetallbDeployment::Reconfigure() {
  manifest::Diagnostics diagnostics;
  config::BuildOptions build;
  build.mode = bgp_mode_;
  build.profile = scenario_.metallb.profile;
  const auto config = config::BuildConfig(config_objects_, build, diagnostics);
  if (!config) {
    // MetalLB logs the problem and keeps its previous configuration.
    for (const auto& d : diagnostics.all())
      record_(ConfigRejected{"config rejected: " + d.ToString()});
    return;
  }
  if (const auto refused = cluster_.SetConfig(*config)) record_(ConfigRejected{*refused});
}

void MetallbDeployment::Install(const MetallbRelease& release) {
  if (!release.installs_components) {
    Say("  namespace/metallb-system created");
    return;
  }
  if (installed_) {
    Say("  MetalLB is already installed (unchanged)");
    return;
  }
  bgp_mode_ = release.bgp_mode();
  installed_ = true;
  Say("  deployment.apps/controller created");
  Say("  daemonset.apps/speaker created");
  speaker::SpeakerOptions options = speaker::ForRelease(scenario_.metallb.profile, bgp_mode_);
  options.writes_l2_status = release.WritesServiceL2Status();
  options.memberlist = scenario_.metallb.memberlist;
  options.memberlist_config = scenario_.metallb.memberlist_config;
  options.gratuitous.periodic_interval = scenario_.metallb.periodic_gratuitous;
  options.gratuitous.burst = scenario_.model.gratuitous_burst;
  options.gratuitous.tick = scenario_.model.gratuitous_tick;
  options.leave_timeout = scenario_.model.speaker_leave_timeout;
  options.rejoin_interval = scenario_.model.speaker_rejoin_interval;
  options.link_rescan_interval = scenario_.model.speaker_link_rescan_interval;
  for (const ClusterNode& node : cluster_.nodes()) {
    for (const HostSpec& spec : scenario_.hosts) {
      if (spec.name == node.name) options.join.push_back(spec.address);
    }
  }
  for (const ClusterNode& node : cluster_.nodes()) {
    auto speaker = std::make_unique<SpeakerProcess>(
        *node.host, cluster_, options, scenario_.model.speaker_process,
        [this](const speaker::SpeakerEvent& event) { OnSpeakerEvent(event); });
    SpeakerProcess* raw = speaker.get();
    speakers_.push_back(raw);
    cluster_.Subscribe([raw] { raw->Resync(); });
    node.host->AddProcess("speaker", std::move(speaker));
  }
}

std::vector<speaker::ServiceExplanation> MetallbDeployment::Explain(
    const std::string& service) const {
  std::vector<speaker::ServiceExplanation> explanations;
  for (const SpeakerProcess* process : speakers_) {
    if (auto explanation = speaker::ExplainService(process->speaker(), cluster_, service)) {
      explanations.push_back(std::move(*explanation));
    }
  }
  return explanations;
}

void MetallbDeployment::OnSpeakerEvent(const speaker::SpeakerEvent& event) {
  if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event);
      change != nullptr && change->announcing) {
    // The speaker posts this Event on the Service as it starts announcing (v0.9 names no
    // protocol).
    const std::string protocol = speaker::ProtocolName(change->protocol);
    const std::string message =
        scenario_.metallb.profile == config::BehaviourProfile::kV0_9
            ? "announcing from node \"" + change->node + "\""
            : "announcing from node \"" + change->node + "\" with protocol \"" + protocol + "\"";
    record_(ServiceEvent{change->service, "Normal", "nodeAssigned", message});
  } else if (const auto* status = std::get_if<speaker::Layer2StatusChange>(&event)) {
    if (status->present) {
      cluster_.SetServiceL2Status(status->node, status->service, status->interfaces);
    } else {
      cluster_.DeleteServiceL2Status(status->node, status->service);
    }
  }
  record_(event);
}

}  // namespace metallab::sim
