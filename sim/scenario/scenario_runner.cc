#include "sim/scenario/scenario_runner.h"

#include <algorithm>

#include "sim/scenario/expectation_evaluator.h"

namespace metallab::sim {

ScenarioRunner::ScenarioRunner(const Scenario& scenario, RunOptions options)
    : scenario_(scenario),
      options_(options),
      simulator_({.seed = options.seed.value_or(scenario.seed)}),
      network_(simulator_) {}

ScenarioRunner::~ScenarioRunner() = default;

void ScenarioRunner::Build() {
  TopologyHooks hooks{Recorder(), [this](const std::string& client, const packet::IpPacket& packet,
                                         const packet::IcmpEcho& echo) {
                        for (TrafficProbe* probe : icmp_probes_by_client_[client])
                          probe->OnEchoReply(packet, echo);
                      }};
  topology_ = TopologyBuilder(scenario_, simulator_, network_, std::move(hooks)).Build();
  ClusterModel& cluster = *topology_.cluster;
  cluster.Subscribe([this] { OnClusterChange(); });
  cluster.SetLifecycleObserver([this](ClusterLifecycleEvent event) { Record(std::move(event)); });
  metallb_ = std::make_unique<MetallbDeployment>(scenario_, cluster, Recorder());
  faults_ = std::make_unique<FaultInjector>(
      network_, topology_.host_links, scenario_.metallb.memberlist_config.bind_port, Recorder());
  kubectl_ = std::make_unique<KubectlExecutor>(
      simulator_, cluster,
      KubectlExecutor::Hooks{[this](std::string line) { Record(CommandOutput{std::move(line)}); },
                             [this](std::string_view table) {
                               Record(CommandOutput{std::string(table), true});
                             },
                             [this](const KubectlApply& apply) { Apply(apply); }});
  lifecycle_ = std::make_unique<NodeLifecycle>(simulator_, cluster, scenario_.model.cluster);
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
        faults_->Apply(*step.fault);
      } else if (step.curl) {
        RunCurl(*step.curl);
      }
    });
  }
}

void ScenarioRunner::ScheduleRouteSamples() {
  for (const ExpectationSpec& expectation : scenario_.expectations) {
    if (expectation.kind != ExpectationSpec::Kind::kRoute || !expectation.prefix) continue;
    simulator_.ScheduleAt(expectation.at, [this, &expectation] {
      const auto router = topology_.bgp_routers.find(expectation.router);
      if (router == topology_.bgp_routers.end()) return;
      Record(RouteSampled{expectation.router, *expectation.prefix,
                          router->second->Route(*expectation.prefix)});
    });
  }
}

void ScenarioRunner::StartProbes() {
  uint16_t id = 1;
  for (const ProbeSpec& spec : scenario_.probes) {
    IpNode* client = network_.FindIpNode(spec.from);
    auto probe = std::make_unique<TrafficProbe>(
        *client, spec, id++, scenario_.duration,
        [this](ProbeAttempt attempt) { Record(std::move(attempt)); });
    if (spec.kind == ProbeKind::kIcmp) icmp_probes_by_client_[spec.from].push_back(probe.get());
    probe->Start();
    probes_.push_back(std::move(probe));
  }
}

void ScenarioRunner::RunKubectl(const StepSpec& step) {
  Record(CommandIssued{"", *step.kubectl});
  kubectl_->Execute(*step.command);
}

void ScenarioRunner::Apply(const KubectlApply& apply) {
  for (const std::string& file : apply.files) {
    if (LooksLikeUrl(file)) {
      std::string error;
      if (const auto release = RecogniseMetallbInstall(file, &error)) metallb_->Install(*release);
      continue;
    }
    const auto found = scenario_.manifests.find(file);
    if (found != scenario_.manifests.end()) metallb_->Apply(found->second);
  }
}

void ScenarioRunner::OnClusterChange() {
  const std::vector<LoadBalancerFrontend> frontends = topology_.cluster->LoadBalancerFrontends();
  for (const auto& proxy : topology_.kube_proxies) proxy->Sync(frontends);
  RecordServiceEvents();
}

void ScenarioRunner::RunCurl(const CurlStep& curl) {
  Record(CommandIssued{curl.from, curl.line});
  IpNode* client = network_.FindIpNode(curl.from);
  const ServiceAddress& target = curl.command.target;
  auto get = std::make_unique<HttpGet>(
      *client, target.address, target.port, target.path, [this](const HttpGetResult& result) {
        if (!result.ok) {
          Record(
              CommandOutput{"  curl: (" + std::to_string(result.curl_code) + ") " + result.error});
          return;
        }
        std::string body = result.response.body;
        while (!body.empty() && body.back() == '\n') body.pop_back();
        if (result.response.status != 200) {
          Record(CommandOutput{"  HTTP " + std::to_string(result.response.status) + " " +
                               result.response.reason});
        }
        if (!body.empty()) Record(CommandOutput{"  " + body});
      });
  HttpGet* pending = get.get();
  curls_.push_back(std::move(get));
  simulator_.Schedule(curl.command.max_time,
                      [pending, after = curl.command.max_time] { pending->Cancel(after); });
}

void ScenarioRunner::RecordServiceEvents() {
  for (const auto* state : topology_.cluster->controller().Services()) {
    size_t& seen = service_events_seen_[state->service.Key()];
    for (; seen < state->events.size(); ++seen) {
      const auto& event = state->events[seen];
      Record(ServiceEvent{state->service.Key(), event.type, event.reason, event.message});
    }
  }
}

RunResult ScenarioRunner::Run() {
  result_.scenario = scenario_.name;
  result_.seed = simulator_.seed();
  Build();
  ScheduleSteps();
  ScheduleRouteSamples();
  StartProbes();
  simulator_.RunUntil(options_.stop_at ? std::min(*options_.stop_at, scenario_.duration)
                                       : scenario_.duration);
  Finish();
  return std::move(result_);
}

std::vector<std::string> ScenarioRunner::ServicesWithIp(const net::IpAddress& ip) const {
  std::vector<std::string> keys;
  for (const auto* state : topology_.cluster->controller().Services()) {
    const auto& ips = state->service.ingress_ips;
    if (std::count(ips.begin(), ips.end(), ip.ToString()) > 0) keys.push_back(state->service.Key());
  }
  return keys;
}

void ScenarioRunner::Finish() {
  result_.end = simulator_.Now();
  result_.trace_hash = simulator_.trace().fingerprint();
  for (const auto* state : topology_.cluster->controller().Services()) {
    result_.services.push_back(
        {state->service.ns, state->service.name, state->service.ingress_ips});
  }
  for (const auto& probe : probes_) result_.probes.push_back(probe->Finish(result_.end));
  result_.announcements = AnnouncementIntervals(result_.events);
  result_.faults = AnalyseFaults(result_);
  for (const ExpectationSpec& expectation : scenario_.expectations) {
    result_.expectations.push_back(EvaluateExpectation(expectation, result_));
  }
  if (capture_) result_.pcap = capture_->Bytes();
}

}  // namespace metallab::sim
