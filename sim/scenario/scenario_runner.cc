#include "sim/scenario/scenario_runner.h"

#include <algorithm>
#include <variant>

#include "core/config/config_builder.h"
#include "core/config/config_kinds.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/service_reader.h"
#include "core/speaker/speaker_options.h"
#include "sim/metallb/speaker_process.h"
#include "sim/scenario/duration_text.h"

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

ScenarioRunner::ScenarioRunner(const Scenario& scenario, RunOptions options)
    : scenario_(scenario),
      options_(options),
      simulator_({.seed = options.seed.value_or(scenario.seed)}),
      network_(simulator_) {}

ScenarioRunner::~ScenarioRunner() = default;

void ScenarioRunner::Say(std::string text) {
  result_.transcript.Add(simulator_.Now(), std::move(text));
}

void ScenarioRunner::BuildTopology() {
  std::map<std::string, LearningSwitch*> switches;
  std::map<std::string, LinkParameters> links;
  for (const SegmentSpec& segment : scenario_.segments) {
    switches[segment.name] = &network_.AddSwitch(segment.name);
    links[segment.name] = segment.link;
  }
  cluster_ = std::make_unique<ClusterModel>(
      simulator_, ClusterTimings{},
      controller::ControllerOptions{scenario_.metallb.profile, std::nullopt});
  containers_ = std::make_unique<ContainerRuntime>(network_);
  cluster_->SetPodHooks({[this](const Pod& pod) { containers_->RunPod(pod); },
                         [this](const Pod& pod) { containers_->DeletePod(pod); }});
  for (const HostSpec& spec : scenario_.hosts) {
    // Kubernetes nodes route (pods, kube-proxy's DNAT), as kubeadm requires ip_forward=1.
    IpNodeParameters parameters;
    parameters.forwarding = spec.kubernetes_node;
    IpNode& host = network_.AddHost(spec.name, parameters);
    Interface& eth =
        network_.Attach(host, "eth0", *switches.at(spec.segment), links.at(spec.segment));
    host.AddAddress(eth, spec.address, spec.prefix_length);
    if (spec.address6) host.AddAddress(eth, *spec.address6, spec.prefix_length6);
    if (spec.gateway) host.AddDefaultRoute(*spec.gateway);
    host_links_[spec.name] = eth.link();
    if (spec.kubernetes_node) {
      ClusterNode& node = cluster_->AddNode(host, spec.control_plane);
      for (const auto& [key, value] : spec.labels) node.labels[key] = value;
      containers_->AttachNode(node);
      kube_proxies_.push_back(std::make_unique<KubeProxy>(host, ArpAnsweringDummy(host)));
    } else {
      host.SetEchoReplyHandler(
          [this, name = spec.name](const packet::IpPacket& packet, const packet::IcmpEcho& echo) {
            for (TrafficProbe* probe : icmp_probes_by_client_[name])
              probe->OnEchoReply(packet, echo);
          });
    }
  }
  for (const RouterSpec& spec : scenario_.routers) {
    IpNode& router = network_.AddRouter(spec.name);
    for (size_t k = 0; k < spec.interfaces.size(); ++k) {
      const RouterInterfaceSpec& interface = spec.interfaces[k];
      Interface& eth =
          network_.Attach(router, "eth" + std::to_string(k), *switches.at(interface.segment),
                          links.at(interface.segment));
      router.AddAddress(eth, interface.address, interface.prefix_length);
      if (interface.address6) router.AddAddress(eth, *interface.address6, interface.prefix_length6);
    }
    if (spec.bgp) AddBgpRouter(router, *spec.bgp);
  }
  cluster_->Subscribe([this] { OnClusterChange(); });
  kubectl_ = std::make_unique<KubectlExecutor>(
      simulator_, *cluster_,
      KubectlExecutor::Hooks{
          [this](std::string line) { Say(std::move(line)); },
          [this](std::string_view table) { result_.transcript.AddBlock(simulator_.Now(), table); },
          [this](const KubectlApply& apply) { Apply(apply); }});
  lifecycle_ = std::make_unique<NodeLifecycle>(simulator_, *cluster_);
  lifecycle_->Start();
  if (options_.capture) {
    capture_ = std::make_unique<PcapWriter>();
    network_.CaptureAll(*capture_);
  }
}

void ScenarioRunner::ScheduleSteps() {
  for (const StepSpec& step : scenario_.steps) {
    simulator_.ScheduleAt(step.at, [this, &step] {
      if (step.kubectl) {
        RunKubectl(step);
      } else if (step.fault) {
        ApplyFault(*step.fault);
      } else if (step.curl) {
        RunCurl(*step.curl);
      }
    });
  }
  for (const ExpectationSpec& expectation : scenario_.expectations) {
    if (expectation.kind != ExpectationSpec::Kind::kRoute || !expectation.prefix) continue;
    simulator_.ScheduleAt(expectation.at, [this, &expectation] {
      const auto router = bgp_routers_.find(expectation.router);
      if (router == bgp_routers_.end()) return;
      route_snapshots_[&expectation] = router->second->Route(*expectation.prefix);
    });
  }
  uint16_t id = 1;
  for (const ProbeSpec& spec : scenario_.probes) {
    IpNode* client = network_.FindIpNode(spec.from);
    auto probe = std::make_unique<TrafficProbe>(*client, spec, id++, scenario_.duration);
    if (spec.kind == ProbeKind::kIcmp) icmp_probes_by_client_[spec.from].push_back(probe.get());
    probe->Start();
    probes_.push_back(std::move(probe));
  }
}

void ScenarioRunner::RunKubectl(const StepSpec& step) {
  Say("$ " + *step.kubectl);
  kubectl_->Execute(*step.command);
}

void ScenarioRunner::Apply(const KubectlApply& apply) {
  for (const std::string& file : apply.files) {
    if (LooksLikeUrl(file)) {
      std::string error;
      if (const auto release = RecogniseMetallbInstall(file, &error)) InstallMetallb(*release);
      continue;
    }
    const auto found = scenario_.manifests.find(file);
    if (found != scenario_.manifests.end()) ApplyDocuments(found->second);
  }
}

void ScenarioRunner::ApplyDocuments(const std::vector<manifest::Document>& documents) {
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
      const bool existed = cluster_->FindService(service->Key()) != nullptr;
      cluster_->ApplyService(*service);
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
  if (!config_changed) return;
  manifest::Diagnostics diagnostics;
  config::BuildOptions build;
  build.mode = bgp_mode_;
  build.profile = scenario_.metallb.profile;
  const auto config = config::BuildConfig(config_objects_, build, diagnostics);
  if (!config) {
    // MetalLB logs the problem and keeps its previous configuration.
    for (const auto& d : diagnostics.all()) Say("  metallb: config rejected: " + d.ToString());
    return;
  }
  if (const auto refused = cluster_->SetConfig(*config)) Say("  metallb: " + *refused);
}

void ScenarioRunner::InstallMetallb(const MetallbRelease& release) {
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
  for (const ClusterNode& node : cluster_->nodes()) {
    for (const HostSpec& spec : scenario_.hosts) {
      if (spec.name == node.name) options.join.push_back(spec.address);
    }
  }
  for (const ClusterNode& node : cluster_->nodes()) {
    auto speaker = std::make_unique<SpeakerProcess>(
        *node.host, *cluster_, options,
        [this](const speaker::SpeakerEvent& event) { OnSpeakerEvent(event); });
    SpeakerProcess* raw = speaker.get();
    cluster_->Subscribe([raw] { raw->Resync(); });
    node.host->AddProcess("speaker", std::move(speaker));
  }
}

void ScenarioRunner::ApplyFault(const FaultSpec& fault) {
  const std::string subject = fault.target.empty() ? "" : " " + fault.target;
  Say("fault: " + fault.action + subject);
  IpNode* host = fault.target.empty() ? nullptr : network_.FindIpNode(fault.target);
  if (fault.action == "power-off") {
    host->PowerOff();
  } else if (fault.action == "power-on") {
    host->PowerOn();
  } else if (fault.action == "crash-speaker") {
    if (!host->CrashProcess("speaker")) Say("  (no running speaker on " + fault.target + ")");
  } else if (fault.action == "stop-speaker") {
    if (!host->StopProcess("speaker")) Say("  (no running speaker on " + fault.target + ")");
  } else if (fault.action == "start-speaker") {
    if (!host->RestartProcess("speaker")) Say("  (no stopped speaker on " + fault.target + ")");
  } else if (fault.action == "link-down" || fault.action == "link-up") {
    host_links_.at(fault.target)->SetUp(fault.action == "link-up");
  } else if (fault.action == "partition" || fault.action == "heal") {
    SetPartition(fault, fault.action == "partition");
  }
}

void ScenarioRunner::SetPartition(const FaultSpec& fault, bool cut) {
  // On a switched segment, cutting every link between two groups of hosts means taking down
  // the cables of the smaller side (the hosts lose each other and everybody else on it).
  const auto& side = fault.group_a.size() <= fault.group_b.size() ? fault.group_a : fault.group_b;
  std::string names;
  for (const std::string& name : side) {
    host_links_.at(name)->SetUp(!cut);
    names += (names.empty() ? "" : ", ") + name;
  }
  Say(std::string("  ") + (cut ? "cut off: " : "reconnected: ") + names);
}

void ScenarioRunner::AddBgpRouter(IpNode& node, const RouterBgpSpec& spec) {
  BgpRouterConfig config = spec.config;
  if (spec.every_node) {
    for (const HostSpec& host : scenario_.hosts) {
      if (!host.kubernetes_node || !host.address.is_v4()) continue;
      BgpNeighborConfig neighbor = *spec.every_node;
      neighbor.address = host.address;
      config.neighbors.push_back(neighbor);
    }
  }
  auto router = std::make_unique<BgpRouter>(node, config);
  router->SetRouteObserver([this](const RouteChange& change) { Say(Describe(change)); });
  router->SetSessionObserver([this, name = node.name()](const net::IpAddress& neighbor,
                                                        const bgp::SessionEvent& event) {
    if (std::holds_alternative<bgp::SessionEstablished>(event)) {
      Say(name + ": BGP session with " + neighbor.ToString() + " established");
    } else if (const auto* down = std::get_if<bgp::SessionDown>(&event)) {
      if (down->was_established) {
        Say(name + ": BGP session with " + neighbor.ToString() + " down (" + down->reason + ")");
      }
    }
  });
  bgp_routers_[node.name()] = router.get();
  node.AddProcess("bgp", std::move(router));
}

void ScenarioRunner::OnClusterChange() {
  const std::vector<LoadBalancerFrontend> frontends = cluster_->LoadBalancerFrontends();
  for (const auto& proxy : kube_proxies_) proxy->Sync(frontends);
  ReportServiceEvents();
}

Interface* ScenarioRunner::ArpAnsweringDummy(IpNode& host) {
  if (!scenario_.kube_proxy.ipvs || scenario_.kube_proxy.strict_arp) return nullptr;
  // A dummy interface: no cable; the speaker's default exclude list skips it.
  return &network_.AddInterface(host, "kube-ipvs0");
}

void ScenarioRunner::RunCurl(const CurlStep& curl) {
  Say(curl.from + "$ " + curl.line);
  IpNode* client = network_.FindIpNode(curl.from);
  const ServiceAddress& target = curl.command.target;
  auto get = std::make_unique<HttpGet>(
      *client, target.address, target.port, target.path, [this](const HttpGetResult& result) {
        if (!result.ok) {
          Say("  curl: (" + std::to_string(result.curl_code) + ") " + result.error);
          return;
        }
        std::string body = result.response.body;
        while (!body.empty() && body.back() == '\n') body.pop_back();
        if (result.response.status != 200) {
          Say("  HTTP " + std::to_string(result.response.status) + " " + result.response.reason);
        }
        if (!body.empty()) Say("  " + body);
      });
  HttpGet* pending = get.get();
  curls_.push_back(std::move(get));
  simulator_.Schedule(curl.command.max_time,
                      [pending, after = curl.command.max_time] { pending->Cancel(after); });
}

void ScenarioRunner::ReportServiceEvents() {
  for (const auto* state : cluster_->controller().Services()) {
    size_t& seen = service_events_seen_[state->service.Key()];
    for (; seen < state->events.size(); ++seen) {
      const auto& event = state->events[seen];
      Say("event: service/" + state->service.Key() + " " + event.type + " " + event.reason + ": " +
          event.message);
    }
  }
}

void ScenarioRunner::OnSpeakerEvent(const speaker::SpeakerEvent& event) {
  if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event)) {
    OnAnnouncement(*change);
  } else if (const auto* news = std::get_if<speaker::MembershipNews>(&event)) {
    OnMembership(news->observer, news->event);
  } else if (const auto* status = std::get_if<speaker::Layer2StatusChange>(&event)) {
    OnLayer2Status(*status);
  }
}

void ScenarioRunner::OnAnnouncement(const speaker::AnnouncementChange& change) {
  // A node announces an IP by a protocol while any of the Services sharing it has it announced
  // there: one interval per IP, node and protocol, however many Services ride on it.
  const std::string protocol = speaker::ProtocolName(change.protocol);
  std::set<std::string>& services =
      announced_services_[{change.ip.ToString(), change.node, protocol}];
  const bool bgp = change.protocol == speaker::AnnouncementProtocol::kBgp;
  const std::string how = bgp ? " over BGP" : "";
  if (change.announcing) {
    if (services.empty()) {
      announcements_.push_back(
          {change.ip.ToString(), change.node, protocol, change.at, std::nullopt});
    }
    services.insert(change.service);
    const std::string message =
        scenario_.metallb.profile == config::BehaviourProfile::kV0_9
            ? "announcing from node \"" + change.node + "\""
            : "announcing from node \"" + change.node + "\" with protocol \"" + protocol + "\"";
    Say("event: service/" + change.service + " Normal nodeAssigned: " + message);
    Say(change.node + " announces " + change.ip.ToString() + how + " (" + change.service + ")");
    return;
  }
  services.erase(change.service);
  for (AnnouncementInterval& interval : announcements_) {
    if (services.empty() && interval.ip == change.ip.ToString() && interval.node == change.node &&
        interval.protocol == protocol && !interval.to) {
      interval.to = change.at;
    }
  }
  Say(change.node + " stops announcing " + change.ip.ToString() + how + " (" + change.service +
      ")");
}

void ScenarioRunner::OnLayer2Status(const speaker::Layer2StatusChange& change) {
  if (change.present) {
    cluster_->SetServiceL2Status(change.node, change.service, change.interfaces);
  } else {
    cluster_->DeleteServiceL2Status(change.node, change.service);
  }
}

void ScenarioRunner::OnMembership(const std::string& observer,
                                  const membership::MembershipEvent& event) {
  using Kind = membership::MembershipEvent::Kind;
  if (event.kind == Kind::kMalformed) {
    Say("memberlist on " + observer + ": " + event.detail);
    return;
  }
  // Every speaker learns the same news; the transcript tells it once, from the first to know.
  const std::string news = std::string(membership::EventKindName(event.kind)) + " " +
                           membership::MemberStateName(event.state);
  std::string& last = membership_seen_[event.node];
  if (last == news) return;
  last = news;
  // A speaker joining its own list is not news.
  if (event.kind == Kind::kJoin && event.node == observer) return;
  std::string text = "memberlist: " + event.node;
  switch (event.kind) {
    case Kind::kJoin:
      text += " is alive";
      break;
    case Kind::kSuspect:
      text += " is suspect (" + event.detail + ")";
      break;
    case Kind::kLeave:
      text += event.state == membership::MemberState::kLeft ? " left"
                                                            : " is dead (" + event.detail + ")";
      break;
    case Kind::kRefute:
      text += " refutes (" + event.detail + ")";
      break;
    case Kind::kMalformed:
      break;
  }
  Say(text + ", seen first by " + observer);
}

RunResult ScenarioRunner::Run() {
  result_.scenario = scenario_.name;
  result_.seed = simulator_.seed();
  BuildTopology();
  ScheduleSteps();
  simulator_.RunUntil(scenario_.duration);
  Finish(result_);
  return std::move(result_);
}

void ScenarioRunner::Finish(RunResult& result) {
  result.end = simulator_.Now();
  result.trace_hash = simulator_.trace().fingerprint();
  for (const auto* state : cluster_->controller().Services()) {
    result.services.push_back({state->service.ns, state->service.name, state->service.ingress_ips});
  }
  result.announcements = announcements_;
  for (const auto& probe : probes_) {
    result.probes.push_back(probe->Finish(result.end));
    const ProbeResult& p = result.probes.back();
    std::string line = "probe " + p.name + " (" + p.kind + " " + p.target.ToString() + " from " +
                       p.from + "): " + std::to_string(p.answered) + "/" + std::to_string(p.sent) +
                       " answered";
    for (const Outage& outage : p.outages) {
      line += "; outage " + FormatDuration(outage.start) + " – " + FormatDuration(outage.end) +
              " (" + FormatDuration(outage.end - outage.start) + ")";
    }
    result.transcript.Add(result.end, line);
  }
  for (const ExpectationSpec& expectation : scenario_.expectations) {
    result.expectations.push_back(Evaluate(expectation, result));
  }
  if (capture_) result.pcap = capture_->Bytes();
}

ExpectationResult ScenarioRunner::Evaluate(const ExpectationSpec& expectation,
                                           const RunResult& result) const {
  ExpectationResult outcome{expectation.text, false, ""};
  switch (expectation.kind) {
    case ExpectationSpec::Kind::kServiceIp: {
      for (const ServiceResult& service : result.services) {
        if (service.ns + "/" + service.name != expectation.service) continue;
        const std::string want = expectation.ip.ToString();
        outcome.passed = std::count(service.ingress.begin(), service.ingress.end(), want) > 0;
        outcome.detail =
            service.ingress.empty() ? "no external IP" : "external IPs: " + service.ingress.front();
        return outcome;
      }
      outcome.detail = "no such service";
      return outcome;
    }
    case ExpectationSpec::Kind::kAnnouncer: {
      std::vector<std::string> nodes;
      for (const AnnouncementInterval& interval : result.announcements) {
        // The Layer 2 announcer (the node answering ARP/NDP); BGP has router expectations.
        if (interval.protocol != "layer2") continue;
        if (interval.ip == expectation.ip.ToString() && interval.from <= expectation.at &&
            (!interval.to || *interval.to > expectation.at)) {
          nodes.push_back(interval.node);
        }
      }
      std::sort(nodes.begin(), nodes.end());
      outcome.passed = nodes == expectation.nodes;
      std::string seen;
      for (const std::string& node : nodes) seen += (seen.empty() ? "" : ", ") + node;
      outcome.detail = "announced by " + (seen.empty() ? std::string("nobody") : seen);
      return outcome;
    }
    case ExpectationSpec::Kind::kLongestOutage: {
      for (const ProbeResult& probe : result.probes) {
        if (probe.name != expectation.probe) continue;
        const SimDuration longest = probe.LongestOutage();
        outcome.passed = (!expectation.max || longest <= *expectation.max) &&
                         (!expectation.min || longest >= *expectation.min);
        outcome.detail = "longest outage " + FormatDuration(longest);
        return outcome;
      }
      outcome.detail = "no such probe";
      return outcome;
    }
    case ExpectationSpec::Kind::kResponders: {
      for (const ProbeResult& probe : result.probes) {
        if (probe.name != expectation.probe) continue;
        const auto count = static_cast<int64_t>(probe.responders.size());
        const bool included =
            !expectation.responder ||
            std::count(probe.responders.begin(), probe.responders.end(), *expectation.responder);
        outcome.passed = included && (!expectation.max_count || count <= *expectation.max_count) &&
                         (!expectation.min_count || count >= *expectation.min_count);
        std::string answers;
        for (const std::string& responder : probe.responders) {
          answers += (answers.empty() ? "" : ", ") + responder;
        }
        outcome.detail = std::to_string(count) +
                         (probe.kind == "arp" ? " distinct MACs answered" : " distinct answers") +
                         (answers.empty() ? "" : ": " + answers);
        return outcome;
      }
      outcome.detail = "no such probe";
      return outcome;
    }
    case ExpectationSpec::Kind::kRoute:
      return EvaluateRoute(expectation, outcome);
    case ExpectationSpec::Kind::kEvent:
      outcome.passed = result.transcript.Contains(expectation.contains);
      outcome.detail = outcome.passed ? "" : "not in the transcript";
      return outcome;
  }
  return outcome;
}

ExpectationResult ScenarioRunner::EvaluateRoute(const ExpectationSpec& expectation,
                                                ExpectationResult outcome) const {
  const auto snapshot = route_snapshots_.find(&expectation);
  const std::optional<RibRoute> route =
      snapshot == route_snapshots_.end() ? std::nullopt : snapshot->second;
  const std::vector<net::IpAddress> hops = route ? route->next_hops : std::vector<net::IpAddress>{};
  outcome.passed = hops == expectation.next_hops;
  std::string seen;
  for (const net::IpAddress& hop : hops) seen += (seen.empty() ? "" : ", ") + hop.ToString();
  outcome.detail = route ? "via " + seen : "no route";
  if (expectation.communities) {
    std::vector<std::string> communities;
    if (route) {
      for (const uint32_t c : route->attributes.communities) {
        communities.push_back(std::to_string(c >> 16) + ":" + std::to_string(c & 0xffff));
      }
    }
    std::sort(communities.begin(), communities.end());
    outcome.passed = outcome.passed && communities == *expectation.communities;
    std::string list;
    for (const std::string& c : communities) list += (list.empty() ? "" : " ") + c;
    outcome.detail += "; communities " + (list.empty() ? std::string("none") : list);
  }
  if (expectation.local_pref) {
    const auto local_pref = route ? route->attributes.local_pref : std::nullopt;
    outcome.passed = outcome.passed && local_pref == expectation.local_pref;
    outcome.detail +=
        "; LOCAL_PREF " + (local_pref ? std::to_string(*local_pref) : std::string("none"));
  }
  return outcome;
}

}  // namespace metallab::sim
