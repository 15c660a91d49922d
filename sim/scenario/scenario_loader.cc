#include "sim/scenario/scenario_loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core/config/config_kinds.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/object_list.h"
#include "core/k8s/service_reader.h"
#include "core/manifest/field_reader.h"
#include "core/manifest/manifest_loader.h"
#include "core/manifest/regular_file.h"
#include "sim/kubectl/kubectl_command.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/expectation_reader.h"
#include "sim/scenario/fault_actions.h"
#include "sim/scenario/metallb_install.h"
#include "sim/scenario/model_parameters.h"
#include "sim/scenario/run_cost.h"
#include "sim/scenario/scenario_fields.h"
#include "sim/scenario/scenario_paths.h"

namespace metallab::sim {
namespace {

using manifest::FieldReader;
using manifest::Presence;

constexpr const char* kObject = kScenarioObject;

void ReadSegments(const FieldReader& topology, Scenario& scenario) {
  for (const FieldReader& item : topology.Children("segments")) {
    item.RejectUnknownKeys({"name", "latency", "jitter", "loss", "bandwidthMbps", "mtu"});
    SegmentSpec segment;
    segment.name = item.String("name", Presence::kRequired).value_or("");
    segment.where = item.Locate();
    if (auto latency = ReadDuration(item, "latency")) {
      segment.link.latency = *latency;
      segment.latency_given = true;
    }
    if (auto jitter = ReadDuration(item, "jitter")) {
      segment.link.jitter = *jitter;
      segment.jitter_given = true;
    }
    if (const auto loss_text = item.String("loss")) {
      // from_chars reads no locale, no leading blanks and no hex; "nan" and "inf" it does read,
      // and a NaN passes every comparison below, so finiteness is checked on its own.
      double loss = 0;
      const char* first = loss_text->data();
      const char* last = first + loss_text->size();
      const auto [end, error] = std::from_chars(first, last, loss);
      if (error != std::errc() || end != last || !std::isfinite(loss) || loss < 0 || loss > 1) {
        item.ErrorAt("loss", "a probability between 0 and 1, got \"" + *loss_text + "\"");
      } else {
        segment.link.loss = loss;
      }
    }
    if (auto mbps = item.Integer("bandwidthMbps", 1, 400'000)) {
      segment.link.bandwidth_bps = static_cast<uint64_t>(*mbps) * 1'000'000;
    }
    if (auto mtu = item.Integer("mtu", 576, 9216)) segment.link.mtu = static_cast<uint32_t>(*mtu);
    scenario.segments.push_back(std::move(segment));
  }
}

void ReadHosts(const FieldReader& topology, std::string_view key, bool nodes, Scenario& scenario) {
  for (const FieldReader& item : topology.Children(key)) {
    item.RejectUnknownKeys(
        {"name", "segment", "address", "address6", "gateway", "controlPlane", "labels"});
    HostSpec host;
    host.kubernetes_node = nodes;
    host.name = item.String("name", Presence::kRequired).value_or("");
    host.segment = item.String("segment", Presence::kRequired).value_or("");
    host.where = item.Locate();
    ReadAddress(item, "address", host.address, host.prefix_length);
    if (item.Has("address6")) {
      net::IpAddress second;
      if (ReadAddress(item, "address6", second, host.prefix_length6)) {
        if (second.family() == host.address.family()) {
          item.ErrorAt("address6", "a second address must be of the other family");
        } else {
          host.address6 = second;
        }
      }
    }
    if (item.Has("gateway")) {
      net::IpAddress gateway;
      int unused = 0;
      if (ReadAddress(item, "gateway", gateway, unused)) host.gateway = gateway;
    }
    if (nodes) {
      host.control_plane = item.Bool("controlPlane").value_or(false);
      host.labels = item.StringMap("labels");
    } else if (item.Has("controlPlane") || item.Has("labels")) {
      item.Error("clients are not Kubernetes nodes: controlPlane and labels apply to nodes");
    }
    scenario.hosts.push_back(std::move(host));
  }
}

void ReadRouters(const FieldReader& topology, Scenario& scenario) {
  for (const FieldReader& item : topology.Children("routers")) {
    item.RejectUnknownKeys({"name", "interfaces", "bgp"});
    RouterSpec router;
    router.name = item.String("name", Presence::kRequired).value_or("");
    router.where = item.Locate();
    for (const FieldReader& interface : item.Children("interfaces")) {
      interface.RejectUnknownKeys({"segment", "address", "address6"});
      RouterInterfaceSpec spec;
      spec.segment = interface.String("segment", Presence::kRequired).value_or("");
      ReadAddress(interface, "address", spec.address, spec.prefix_length);
      if (interface.Has("address6")) {
        net::IpAddress second;
        if (ReadAddress(interface, "address6", second, spec.prefix_length6)) {
          if (second.family() == spec.address.family()) {
            interface.ErrorAt("address6", "a second address must be of the other family");
          } else {
            spec.address6 = second;
          }
        }
      }
      router.interfaces.push_back(std::move(spec));
    }
    if (router.interfaces.empty()) item.Error("a router needs interfaces");
    if (const auto bgp = item.Child("bgp")) {
      router.bgp = ReadRouterBgp(*bgp);
      // The BGP identifier defaults to the router's first IPv4 address.
      if (router.bgp && router.bgp->config.router_id == net::IpAddress()) {
        for (const RouterInterfaceSpec& interface : router.interfaces) {
          if (interface.address.is_v4()) {
            router.bgp->config.router_id = interface.address;
            break;
          }
        }
      }
    }
    scenario.routers.push_back(std::move(router));
  }
}

void CheckTopology(const FieldReader& root, Scenario& scenario) {
  std::set<std::string> segments;
  for (const SegmentSpec& segment : scenario.segments) {
    if (!segments.insert(segment.name).second) {
      root.diagnostics().Error(segment.where, kObject,
                               "segment \"" + segment.name + "\" declared twice");
    }
  }
  std::set<std::string> names;
  const auto check = [&](const std::string& name, const std::string& segment,
                         const manifest::SourceLocation& where) {
    if (!names.insert(name).second) {
      root.diagnostics().Error(where, kObject, "\"" + name + "\" declared twice");
    }
    if (segments.count(segment) == 0) {
      root.diagnostics().Error(where, kObject, "segment \"" + segment + "\" is not declared");
    }
  };
  for (const HostSpec& host : scenario.hosts) check(host.name, host.segment, host.where);
  for (const RouterSpec& router : scenario.routers) {
    for (const RouterInterfaceSpec& interface : router.interfaces) {
      if (segments.count(interface.segment) == 0) {
        root.diagnostics().Error(router.where, kObject,
                                 "segment \"" + interface.segment + "\" is not declared");
      }
    }
    if (!names.insert(router.name).second) {
      root.diagnostics().Error(router.where, kObject, "\"" + router.name + "\" declared twice");
    }
  }
  // One address, one owner: the simulated network is one routing domain, and two hosts
  // answering ARP for one address would make every result depend on who answered first.
  std::map<net::IpAddress, std::string> owners;
  const auto claim = [&](const net::IpAddress& address, const std::string& owner,
                         const manifest::SourceLocation& where) {
    if (address == net::IpAddress()) return;  // unreadable, reported already
    const auto [existing, inserted] = owners.emplace(address, owner);
    if (!inserted) {
      root.diagnostics().Error(where, kObject,
                               "\"" + owner + "\": address " + address.ToString() +
                                   " is already \"" + existing->second + "\"'s");
    }
  };
  for (const HostSpec& host : scenario.hosts) {
    claim(host.address, host.name, host.where);
    if (host.address6) claim(*host.address6, host.name, host.where);
  }
  for (const RouterSpec& router : scenario.routers) {
    for (const RouterInterfaceSpec& interface : router.interfaces) {
      claim(interface.address, router.name, router.where);
      if (interface.address6) claim(*interface.address6, router.name, router.where);
    }
  }
  if (std::none_of(scenario.hosts.begin(), scenario.hosts.end(),
                   [](const HostSpec& host) { return host.kubernetes_node; })) {
    root.Error("the topology needs at least one Kubernetes node");
  }
}

// Returns the profile `metallb.profile` asks for, if any.
std::optional<config::BehaviourProfile> ReadMetallb(const FieldReader& root, Scenario& scenario) {
  const auto metallb = root.Child("metallb");
  if (!metallb) return std::nullopt;
  std::optional<config::BehaviourProfile> requested;
  metallb->RejectUnknownKeys(
      {"profile", "memberlist", "memberlistTimers", "periodicGratuitousArp"});
  if (const auto profile = metallb->String("profile")) {
    if (*profile == "v0.9") {
      requested = config::BehaviourProfile::kV0_9;
    } else if (*profile == "current") {
      requested = config::BehaviourProfile::kCurrent;
    } else {
      metallb->ErrorAt("profile", "\"" + *profile + "\" is not a profile (v0.9, current)");
    }
  }
  scenario.metallb.memberlist = metallb->Bool("memberlist").value_or(true);
  // The ranges are documented in docs/scenarios.md ("MetalLB").
  if (auto periodic = ReadDurationWithin(*metallb, "periodicGratuitousArp",
                                         {Seconds(1), Seconds(24 * 3600), true})) {
    scenario.metallb.periodic_gratuitous = *periodic;
  }
  if (const auto timers = metallb->Child("memberlistTimers")) {
    timers->RejectUnknownKeys({"probeInterval", "probeTimeout", "suspicionMult",
                               "suspicionMaxTimeoutMult", "gossipInterval", "pushPullInterval",
                               "indirectChecks"});
    auto& config = scenario.metallb.memberlist_config;
    const DurationRange fast_timer{Milliseconds(10), Seconds(60)};
    if (auto v = ReadDurationWithin(*timers, "probeInterval", fast_timer))
      config.probe_interval = *v;
    if (auto v = ReadDurationWithin(*timers, "probeTimeout", {Milliseconds(1), Seconds(60)})) {
      config.probe_timeout = *v;
    }
    if (auto v = ReadDurationWithin(*timers, "gossipInterval", fast_timer)) {
      config.gossip_interval = *v;
    }
    if (auto v =
            ReadDurationWithin(*timers, "pushPullInterval", {Seconds(1), Seconds(3600), true})) {
      config.push_pull_interval = *v;
    }
    if (auto v = timers->Integer("suspicionMult", 1, 100))
      config.suspicion_mult = static_cast<int>(*v);
    if (auto v = timers->Integer("suspicionMaxTimeoutMult", 1, 100)) {
      config.suspicion_max_timeout_mult = static_cast<int>(*v);
    }
    if (auto v = timers->Integer("indirectChecks", 0, 16))
      config.indirect_checks = static_cast<int>(*v);
  }
  return requested;
}

// What a step's stdin is called in messages and in Scenario::manifests.
std::string StdinName(const manifest::SourceLocation& where) {
  return "stdin of the step at line " + std::to_string(where.line);
}

// `stdin: |` beside `kubectl apply -f -`, as a heredoc would feed it: the inline manifests the
// issue's "or inline" asks for. The command's "-" is renamed to the step's stdin.
void ReadStdin(const FieldReader& item, StepSpec& step) {
  auto* apply = step.command ? std::get_if<KubectlApply>(&*step.command) : nullptr;
  const bool reads_stdin =
      apply != nullptr && std::count(apply->files.begin(), apply->files.end(), "-") > 0;
  if (!item.Has("stdin")) {
    if (reads_stdin) item.ErrorAt("kubectl", "`-f -` reads the step's `stdin:`, which is missing");
    return;
  }
  if (!reads_stdin) {
    item.ErrorAt("stdin", "only a `kubectl apply -f -` step reads stdin");
    return;
  }
  step.stdin_text = item.String("stdin");
  const std::string name = StdinName(step.where);
  std::replace(apply->files.begin(), apply->files.end(), std::string("-"), name);
}

void ReadSteps(const FieldReader& root, Scenario& scenario) {
  for (const FieldReader& item : root.Children("steps")) {
    item.RejectUnknownKeys(
        {"at", "kubectl", "stdin", "fault", "target", "groups", "direction", "curl", "from"});
    StepSpec step;
    step.where = item.Locate();
    step.at = ReadTimeInRun(item, "at", scenario.duration, Presence::kRequired).value_or(0);
    if (auto line = item.String("kubectl")) {
      auto parsed = ParseKubectl(*line);
      if (auto* command = std::get_if<KubectlCommand>(&parsed)) {
        step.command = std::move(*command);
      } else {
        item.ErrorAt("kubectl", std::get<KubectlParseError>(parsed).message);
      }
      step.kubectl = *line;
      step.kubectl_where = item.Locate("kubectl");
      ReadStdin(item, step);
    } else if (item.Has("stdin")) {
      item.ErrorAt("stdin", "only a `kubectl apply -f -` step reads stdin");
    }
    if (auto action = item.String("fault")) {
      static const std::set<std::string> kActions = {
          "power-off",     "power-on",         "crash-speaker",     "stop-speaker",
          "start-speaker", "link-down",        "link-up",           "partition",
          "heal",          "block-membership", "unblock-membership"};
      if (kActions.count(*action) == 0) {
        item.ErrorAt("fault", "\"" + *action + "\" is not a fault (" +
                                  "power-off, power-on, crash-speaker, stop-speaker, "
                                  "start-speaker, link-down, link-up, partition, heal, "
                                  "block-membership, unblock-membership)");
      }
      FaultSpec fault;
      fault.action = *action;
      if (const auto direction = item.String("direction")) {
        if (!IsMembershipBlock(*action)) {
          item.ErrorAt("direction", "only (un)block-membership takes a direction");
        } else if (*direction == "a-to-b") {
          fault.one_way = true;
        } else if (*direction != "both") {
          item.ErrorAt("direction", "\"" + *direction +
                                        "\" is not a direction (both, or a-to-b: only what "
                                        "the first group sends to the second is lost)");
        }
      }
      if (IsGroupFault(*action)) {
        // groups: [[a, b], [c]] is a list of lists; read it through the raw node.
        const YAML::Node raw = item.node()["groups"];
        if (!raw || !raw.IsSequence() || raw.size() != 2 || !raw[0].IsSequence() ||
            !raw[1].IsSequence()) {
          item.ErrorAt("groups", "two lists of host names, e.g. [[w1-k8s], [w2-k8s, w3-k8s]]");
        } else {
          for (const auto& name : raw[0]) fault.group_a.push_back(name.as<std::string>(""));
          for (const auto& name : raw[1]) fault.group_b.push_back(name.as<std::string>(""));
        }
      } else {
        fault.target = item.String("target", Presence::kRequired).value_or("");
      }
      step.fault = fault;
    }
    if (auto line = item.String("curl")) {
      std::string error;
      const auto command = ParseCurlCommand(*line, &error);
      if (!command) item.ErrorAt("curl", error);
      step.curl = CurlStep{*line, item.String("from", Presence::kRequired).value_or(""),
                           command.value_or(CurlCommand{})};
    }
    const int kinds = static_cast<int>(step.kubectl.has_value()) +
                      static_cast<int>(step.fault.has_value()) +
                      static_cast<int>(step.curl.has_value());
    if (kinds != 1) {
      item.Error(
          "a step is one of `kubectl: <command line>`, `fault: <action>` and `curl: <command "
          "line>` (with `from: <host>`)");
    }
    scenario.steps.push_back(std::move(step));
  }
  std::stable_sort(scenario.steps.begin(), scenario.steps.end(),
                   [](const StepSpec& a, const StepSpec& b) { return a.at < b.at; });
}

void CheckReferences(const FieldReader& root, const Scenario& scenario) {
  std::set<std::string> hosts;
  for (const HostSpec& host : scenario.hosts) hosts.insert(host.name);
  for (const RouterSpec& router : scenario.routers) hosts.insert(router.name);
  std::set<std::string> probes;
  for (const ProbeSpec& probe : scenario.probes) {
    if (hosts.count(probe.from) == 0) {
      root.diagnostics().Error(probe.where, kObject,
                               "probe " + probe.name + ": no host \"" + probe.from + "\"");
    }
    if (!probes.insert(probe.name).second) {
      root.diagnostics().Error(probe.where, kObject, "probe \"" + probe.name + "\" declared twice");
    }
  }
  for (const StepSpec& step : scenario.steps) {
    if (step.curl && !step.curl->from.empty() && hosts.count(step.curl->from) == 0) {
      root.diagnostics().Error(step.where, kObject, "curl: no host \"" + step.curl->from + "\"");
    }
    if (!step.fault) continue;
    std::vector<std::string> names = step.fault->group_a;
    names.insert(names.end(), step.fault->group_b.begin(), step.fault->group_b.end());
    if (!step.fault->target.empty()) names.push_back(step.fault->target);
    for (const std::string& name : names) {
      if (hosts.count(name) == 0) {
        root.diagnostics().Error(step.where, kObject,
                                 "fault " + step.fault->action + ": no host \"" + name + "\"");
      }
    }
  }
  std::set<std::string> bgp_routers;
  for (const RouterSpec& router : scenario.routers) {
    if (router.bgp) bgp_routers.insert(router.name);
  }
  for (const ExpectationSpec& expectation : scenario.expectations) {
    if (expectation.kind == ExpectationSpec::Kind::kRoute &&
        bgp_routers.count(expectation.router) == 0) {
      root.diagnostics().Error(expectation.where, kObject,
                               "no router \"" + expectation.router + "\" with `bgp:`");
    }
    const bool about_probe = expectation.kind == ExpectationSpec::Kind::kLongestOutage ||
                             expectation.kind == ExpectationSpec::Kind::kLongestDegraded ||
                             expectation.kind == ExpectationSpec::Kind::kResponders;
    if (about_probe && probes.count(expectation.probe) == 0) {
      root.diagnostics().Error(expectation.where, kObject,
                               "no probe \"" + expectation.probe + "\"");
    }
  }
}

// The profile asked for, else the one the first MetalLB install URL implies, else current.
config::BehaviourProfile ResolveProfile(const Scenario& scenario,
                                        std::optional<config::BehaviourProfile> requested) {
  if (requested) return *requested;
  for (const StepSpec& step : scenario.steps) {
    const auto* apply = step.command ? std::get_if<KubectlApply>(&*step.command) : nullptr;
    if (apply == nullptr) continue;
    for (const std::string& file : apply->files) {
      std::string error;
      const auto release = RecogniseMetallbInstall(file, &error);
      if (release && release->profile) return *release->profile;
    }
  }
  return config::BehaviourProfile::kCurrent;
}

// Loads every local manifest `kubectl apply -f` or `delete -f` names; URLs must be MetalLB's
// install manifests. Local paths stay inside the scenario's folder unless `options` allow more.
void LoadReferencedManifests(const FieldReader& root, Scenario& scenario,
                             const ScenarioLoadOptions& options, bool profile_requested) {
  for (const StepSpec& step : scenario.steps) {
    if (!step.command) continue;
    if (step.stdin_text) {
      // `kubectl apply -f -`: the documents are the step's own, under the name ReadStdin gave.
      const std::string name = StdinName(step.where);
      scenario.manifests[name] =
          k8s::ExpandLists(manifest::ParseManifestText(name, *step.stdin_text, root.diagnostics()),
                           root.diagnostics());
      continue;
    }
    std::vector<std::string> files;
    if (const auto* apply = std::get_if<KubectlApply>(&*step.command)) files = apply->files;
    if (const auto* del = std::get_if<KubectlDelete>(&*step.command)) files = del->files;
    for (const std::string& file : files) {
      if (LooksLikeUrl(file)) {
        std::string error;
        const auto release = RecogniseMetallbInstall(file, &error);
        if (release && !release->profile && !profile_requested) {
          root.diagnostics().Error(step.kubectl_where, kObject,
                                   "MetalLB " + release->version +
                                       " is not a modelled profile (v0.9, and v0.13 or later); "
                                       "set metallb.profile to the one to run it with");
        }
        if (!release) {
          root.diagnostics().Error(step.kubectl_where, kObject,
                                   error.empty()
                                       ? "nothing is downloaded: \"" + file +
                                             "\" is not one of MetalLB's install manifests"
                                       : error);
        }
        continue;
      }
      // "-" left over: stdin was missing, which ReadStdin reported.
      if (file == "-") continue;
      if (!options.allow_outside_manifests) {
        if (const auto outside = ManifestPathOutsideFolder(file)) {
          root.diagnostics().Error(step.kubectl_where, kObject,
                                   "\"" + file + "\" is " + *outside +
                                       ": manifests are read from the scenario's folder and "
                                       "below (metallab run --allow-outside-manifests reads "
                                       "others)");
          continue;
        }
      }
      if (scenario.manifests.count(file) > 0) continue;
      const std::filesystem::path path = std::filesystem::path(file).is_absolute()
                                             ? std::filesystem::path(file)
                                             : std::filesystem::path(scenario.base_dir) / file;
      scenario.manifests[file] = k8s::ExpandLists(
          manifest::LoadManifestPaths({path.string()}, root.diagnostics()), root.diagnostics());
    }
  }
}

// The mistakes in the referenced manifests that need no simulation to see, reported before
// anything runs: an object without a kind, a key written twice in metadata, an unknown kind in
// the metallb.io group (a typo of IPAddressPool would otherwise apply nothing, silently), a
// Service the API server would refuse (an unknown field, a bad namespace, no ports). What the
// run will skip is noted, with the reason (a ConfigMap `config` in the wrong namespace).
void CheckReferencedObjects(const Scenario& scenario, manifest::Diagnostics& diagnostics) {
  for (const auto& [file, documents] : scenario.manifests) {
    for (const manifest::Document& document : documents) {
      const auto header = k8s::ReadObjectHeader(document, diagnostics);
      if (!header) continue;
      if (header->kind == "Service") {
        k8s::ReadService(document, *header, diagnostics);
        continue;
      }
      if (config::ClassifyObject(*header) != config::ConfigKind::kNone) continue;
      const config::SkipVerdict verdict = config::ExplainSkipped(*header);
      const FieldReader reader(document.source, document.root, header->DisplayName(), "",
                               diagnostics);
      if (verdict.is_error) {
        diagnostics.Error(reader.Locate("kind"), header->DisplayName(), verdict.message);
      } else {
        diagnostics.Note(document.Locate(document.root), header->DisplayName(), verdict.message);
      }
    }
  }
}

}  // namespace

std::optional<Scenario> ParseScenario(const std::string& file, std::string text,
                                      const std::string& base_dir,
                                      manifest::Diagnostics& diagnostics,
                                      const ScenarioLoadOptions& options) {
  const size_t errors_before = diagnostics.ErrorCount();
  auto documents = manifest::ParseManifestText(file, std::move(text), diagnostics);
  if (documents.size() != 1) {
    if (documents.size() > 1 || diagnostics.ErrorCount() == errors_before) {
      diagnostics.Error({file, 1, 1}, kObject, "a scenario file holds exactly one YAML document");
    }
    return std::nullopt;
  }
  const manifest::Document& document = documents.front();
  const FieldReader root(document.source, document.root, kObject, "", diagnostics);
  if (!root.IsMapping()) {
    root.Error("a scenario is a YAML mapping");
    return std::nullopt;
  }
  root.RejectUnknownKeys({"name", "description", "seed", "duration", "topology", "metallb",
                          "kubeProxy", "parameters", "steps", "probes", "expect"});
  Scenario scenario;
  scenario.file = file;
  scenario.base_dir = base_dir;
  if (const auto name = root.String("name", Presence::kRequired)) {
    if (const auto unsafe = UnsafeScenarioName(*name)) {
      root.ErrorAt("name", "\"" + *name + "\" is not a safe name: " + *unsafe);
    }
    scenario.name = *name;
  }
  scenario.description = root.String("description").value_or("");
  if (auto seed = root.Integer("seed", 0, INT64_MAX)) scenario.seed = static_cast<uint64_t>(*seed);
  if (auto duration = ReadDuration(root, "duration")) scenario.duration = *duration;
  if (scenario.duration <= 0 || scenario.duration > Seconds(24 * 3600)) {
    root.ErrorAt("duration", "between 1ns and 24h");
  }
  if (const auto topology = root.Child("topology", Presence::kRequired)) {
    topology->RejectUnknownKeys({"segments", "nodes", "clients", "routers"});
    ReadSegments(*topology, scenario);
    ReadHosts(*topology, "nodes", true, scenario);
    ReadHosts(*topology, "clients", false, scenario);
    ReadRouters(*topology, scenario);
    CheckTopology(root, scenario);
  }
  const auto requested_profile = ReadMetallb(root, scenario);
  if (const auto proxy = root.Child("kubeProxy")) {
    proxy->RejectUnknownKeys({"mode", "strictARP"});
    const std::string mode = proxy->String("mode").value_or("iptables");
    if (mode != "iptables" && mode != "ipvs") {
      proxy->ErrorAt("mode", "\"" + mode + "\" is not a kube-proxy mode (iptables, ipvs)");
    }
    scenario.kube_proxy.ipvs = mode == "ipvs";
    scenario.kube_proxy.strict_arp = proxy->Bool("strictARP").value_or(false);
  }
  // After metallb's own fields, so that a named parameter is the last word.
  if (const auto parameters = root.Child("parameters")) {
    for (const auto& [name, value] : root.StringMap("parameters")) {
      if (const auto error = SetParameter(scenario, name, value)) parameters->ErrorAt(name, *error);
    }
  }
  ReadSteps(root, scenario);
  scenario.metallb.profile = ResolveProfile(scenario, requested_profile);
  ReadProbes(root, scenario);
  ReadExpectations(root, scenario);
  CheckReferences(root, scenario);
  LoadReferencedManifests(root, scenario, options, requested_profile.has_value());
  CheckReferencedObjects(scenario, diagnostics);
  if (diagnostics.ErrorCount() > errors_before) return std::nullopt;
  NoteExpensiveTimers(root, scenario);
  return scenario;
}

std::optional<Scenario> LoadScenario(const std::string& path, manifest::Diagnostics& diagnostics,
                                     const ScenarioLoadOptions& options) {
  constexpr size_t kMaxBytes = 16 << 20;
  manifest::RegularFileText read = manifest::ReadRegularFile(path, kMaxBytes);
  using Status = manifest::RegularFileText::Status;
  if (read.status != Status::kOk) {
    std::string message = "cannot read the scenario file: " + read.reason;
    if (read.status == Status::kTooLarge) message = "the scenario file exceeds 16 MiB";
    if (read.status == Status::kNotRegular) message = "not a regular file (" + read.reason + ")";
    diagnostics.Unreadable({path, 1, 1}, message);
    return std::nullopt;
  }
  std::string text = std::move(read.text);
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  return ParseScenario(path, std::move(text), base_dir.empty() ? "." : base_dir, diagnostics,
                       options);
}

}  // namespace metallab::sim
