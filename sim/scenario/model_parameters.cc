#include "sim/scenario/model_parameters.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <type_traits>

#include "sim/scenario/duration_text.h"

namespace metallab::sim {
namespace {

enum class Unit { kDuration, kCount, kBool };

// Fields of other integer types are reached through a copy: get/set by value.
struct Accessor {
  std::function<int64_t(const Scenario&)> get;
  std::function<void(Scenario&, int64_t)> set;
};

struct Entry {
  ParameterInfo info;
  Unit unit;
  int64_t min;
  int64_t max;
  Accessor access;
};

// A member reached by a path of members from Scenario.
template <typename F>
Accessor Of(F path) {
  return {
      [path](const Scenario& s) { return static_cast<int64_t>(path(const_cast<Scenario&>(s))); },
      [path](Scenario& s, int64_t v) {
        auto& field = path(s);
        field = static_cast<std::remove_reference_t<decltype(field)>>(v);
      }};
}

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kS = 1'000 * kMs;
constexpr int64_t kHour = 3'600 * kS;

std::string Text(Unit unit, int64_t value) {
  if (unit == Unit::kDuration) return FormatDuration(value);
  if (unit == Unit::kBool) return value != 0 ? "true" : "false";
  return std::to_string(value);
}

Entry Duration(std::string name, int64_t min, int64_t max, std::string meaning, Accessor access) {
  return {{std::move(name), "duration", FormatDuration(min) + ".." + FormatDuration(max),
           std::move(meaning)},
          Unit::kDuration,
          min,
          max,
          std::move(access)};
}

Entry Count(std::string name, int64_t min, int64_t max, std::string meaning, Accessor access) {
  return {{std::move(name), "count", std::to_string(min) + ".." + std::to_string(max),
           std::move(meaning)},
          Unit::kCount,
          min,
          max,
          std::move(access)};
}

Entry Flag(std::string name, std::string meaning, Accessor access) {
  return {{std::move(name), "bool", "true|false", std::move(meaning)},
          Unit::kBool,
          0,
          1,
          std::move(access)};
}

std::vector<Entry> MakeEntries() {
  std::vector<Entry> entries{
      // Kubernetes (upstream defaults).
      Duration("kubernetes.controllerReconcile", 0, kHour,
               "MetalLB's controller reacting to a Service or configuration change",
               Of([](auto& s) -> auto& { return s.model.cluster.controller_reconcile; })),
      Duration("kubernetes.endpointPropagation", 0, kHour,
               "EndpointSlice controller and watch delivery: readiness reaches watchers this late",
               Of([](auto& s) -> auto& { return s.model.cluster.endpoint_propagation; })),
      Duration("kubernetes.nodeMonitorGracePeriod", kS, kHour,
               "kube-controller-manager --node-monitor-grace-period: silence before NotReady",
               Of([](auto& s) -> auto& { return s.model.cluster.node_monitor_grace_period; })),
      Duration("kubernetes.nodeMonitorPeriod", 100 * kMs, kHour,
               "kube-controller-manager --node-monitor-period: how often nodes are checked",
               Of([](auto& s) -> auto& { return s.model.cluster.node_monitor_period; })),
      Duration("kubernetes.nodeStatusUpdateFrequency", 100 * kMs, kHour,
               "kubelet --node-status-update-frequency: how often a live node reports in",
               Of([](auto& s) -> auto& { return s.model.cluster.node_status_update; })),
      Duration("kubernetes.podEvictionTimeout", 0, 24 * kHour,
               "tolerationSeconds for not-ready/unreachable: NotReady until pods are evicted",
               Of([](auto& s) -> auto& { return s.model.cluster.pod_eviction_timeout; })),
      Duration("kubernetes.podStartup", 0, kHour,
               "from scheduling to Ready (image present, readiness probe passing)",
               Of([](auto& s) -> auto& { return s.model.cluster.pod_startup; })),
      // memberlist (DefaultLANConfig).
      Count("memberlist.awarenessMaxMultiplier", 1, 64,
            "Lifeguard: a member in doubt of itself probes up to this × slower (1: never)", Of([
            ](auto& s) -> auto& { return s.metallb.memberlist_config.awareness_max_multiplier; })),
      Duration("memberlist.gossipInterval", kMs, kHour, "gossip to a few members this often",
               Of([](auto& s) -> auto& { return s.metallb.memberlist_config.gossip_interval; })),
      Count("memberlist.gossipNodes", 1, 64, "members gossiped to per interval",
            Of([](auto& s) -> auto& { return s.metallb.memberlist_config.gossip_nodes; })),
      Duration("memberlist.gossipToTheDeadTime", 0, kHour,
               "dead members still gossiped to for this long", Of([](auto& s) -> auto& {
                 return s.metallb.memberlist_config.gossip_to_the_dead_time;
               })),
      Count("memberlist.indirectChecks", 0, 16, "members asked to ping-req a silent target",
            Of([](auto& s) -> auto& { return s.metallb.memberlist_config.indirect_checks; })),
      Duration("memberlist.probeInterval", kMs, kHour, "one member probed this often",
               Of([](auto& s) -> auto& { return s.metallb.memberlist_config.probe_interval; })),
      Duration("memberlist.probeTimeout", kMs, kHour,
               "wait for a direct probe's ack before indirect probes",
               Of([](auto& s) -> auto& { return s.metallb.memberlist_config.probe_timeout; })),
      Duration("memberlist.pushPullInterval", 0, kHour,
               "full state exchange with one member this often (0: never)",
               Of([](auto& s) -> auto& { return s.metallb.memberlist_config.push_pull_interval; })),
      Count("memberlist.retransmitMult", 1, 100,
            "a broadcast is sent this × ceil(log10(N + 1)) times",
            Of([](auto& s) -> auto& { return s.metallb.memberlist_config.retransmit_mult; })),
      Count("memberlist.suspicionMaxTimeoutMult", 1, 100,
            "Lifeguard: a suspicion starts at this × the minimum", Of([](auto& s) -> auto& {
              return s.metallb.memberlist_config.suspicion_max_timeout_mult;
            })),
      Count("memberlist.suspicionMult", 1, 100,
            "minimum suspicion = this × max(1, log10 N) × probe interval",
            Of([](auto& s) -> auto& { return s.metallb.memberlist_config.suspicion_mult; })),
      // The hosts' stacks and neighbour tables (Linux defaults).
      Flag("neighbour.arpAccept", "net.ipv4.conf.*.arp_accept: gratuitous ARP may create entries",
           Of([](auto& s) -> auto& { return s.model.neighbour.arp_accept; })),
      Duration("neighbour.baseReachableTime", kS, kHour,
               "base_reachable_time: a confirmed entry stays REACHABLE about this long",
               Of([](auto& s) -> auto& { return s.model.neighbour.base_reachable_time; })),
      Duration("neighbour.delayFirstProbeTime", 0, kHour,
               "delay_first_probe_time: STALE entries in use are probed after this",
               Of([](auto& s) -> auto& { return s.model.neighbour.delay_first_probe_time; })),
      Duration("neighbour.gcStaleTime", kS, 24 * kHour,
               "gc_stale_time: unused STALE entries are collected after this",
               Of([](auto& s) -> auto& { return s.model.neighbour.gc_stale_time; })),
      Duration("neighbour.locktime", 0, kHour,
               "ARP locktime: a different address this soon after an update is ignored",
               Of([](auto& s) -> auto& { return s.model.neighbour.locktime; })),
      Count("neighbour.mcastSolicit", 0, 100, "broadcast solicitations before giving up",
            Of([](auto& s) -> auto& { return s.model.neighbour.mcast_solicit; })),
      Duration("neighbour.retransTime", kMs, kHour, "retrans_time: between solicitations",
               Of([](auto& s) -> auto& { return s.model.neighbour.retrans_time; })),
      Count("neighbour.ucastSolicit", 0, 100, "unicast probes of a STALE entry before broadcast",
            Of([](auto& s) -> auto& { return s.model.neighbour.ucast_solicit; })),
      Duration("host.processingDelay", 0, kS,
               "a host's stack turning a received packet into a reply",
               Of([](auto& s) -> auto& { return s.model.processing_delay; })),
      // The segments' cables, where a segment does not set its own.
      Duration("link.jitter", 0, kS, "extra delay per frame, drawn uniformly from [0, jitter]",
               Of([](auto& s) -> auto& { return s.model.link.jitter; })),
      Duration("link.latency", 0, kS, "propagation delay of every cable (100 m of copper: 500ns)",
               Of([](auto& s) -> auto& { return s.model.link.latency; })),
      // The simulated routers.
      Duration("router.holdTime", 0, 65'535 * kS,
               "hold time proposed to neighbours that set none (0: the router profile's)",
               Of([](auto& s) -> auto& { return s.model.router_hold_time; })),
      // The segments' switches.
      Duration("switch.fdbAgeing", kS, 24 * kHour,
               "a learnt MAC is forgotten (and frames to it flooded) after this much silence",
               Of([](auto& s) -> auto& { return s.model.switches.fdb_aging; })),
      Duration("switch.forwardingDelay", 0, kMs, "lookup and fabric, beyond serialization",
               Of([](auto& s) -> auto& { return s.model.switches.forwarding_delay; })),
      // The speaker's own timers.
      Duration("speaker.gratuitousBurst", 0, kHour,
               "after an IP is (re)confirmed, gratuitous rounds are sent for this long",
               Of([](auto& s) -> auto& { return s.model.gratuitous_burst; })),
      Duration("speaker.gratuitousTick", 10 * kMs, kHour,
               "the gratuitous ticker's period (MetalLB: 1100 ms, past Linux's 1 s ARP locktime)",
               Of([](auto& s) -> auto& { return s.model.gratuitous_tick; })),
      Duration("speaker.leaveTimeout", 0, kHour,
               "SIGTERM: keep answering until the leave is gossiped or this passes",
               Of([](auto& s) -> auto& { return s.model.speaker_leave_timeout; })),
      Duration("speaker.startupJitter", 0, kHour,
               "a started speaker comes up after a random delay below this: a rollout's speakers "
               "(and their memberlist tickers) are not in lockstep",
               Of([](auto& s) -> auto& { return s.model.speaker_process.startup_jitter; })),
      Duration("speaker.frameLatency", 0, kS,
               "an ARP or NDP frame the speaker decides leaves this much later (raw socket, user "
               "space; the kernel answers its own addresses after host.processingDelay)",
               Of([](auto& s) -> auto& { return s.model.speaker_process.frame_latency; })),
      Duration("speaker.linkRescanInterval", 100 * kMs, kHour,
               "the node's interfaces are re-read this often",
               Of([](auto& s) -> auto& { return s.model.speaker_link_rescan_interval; })),
      Duration("speaker.periodicGratuitousArp", 0, kHour,
               "extension (MetalLB PR#3125): a gratuitous round this often while announcing; 0 off",
               Of([](auto& s) -> auto& { return s.metallb.periodic_gratuitous; })),
      Duration("speaker.rejoinInterval", kS, kHour,
               "speaker addresses that are not members are joined this often",
               Of([](auto& s) -> auto& { return s.model.speaker_rejoin_interval; })),
  };
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.info.name < b.info.name; });
  return entries;
}

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> entries = MakeEntries();
  return entries;
}

const Entry* Find(std::string_view name) {
  for (const Entry& entry : Entries()) {
    if (entry.info.name == name) return &entry;
  }
  return nullptr;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Closest(std::string_view name) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const Entry& entry : Entries()) {
    scored.emplace_back(EditDistance(name, entry.info.name), entry.info.name);
  }
  std::sort(scored.begin(), scored.end());
  std::string text;
  for (size_t k = 0; k < std::min<size_t>(3, scored.size()); ++k) {
    text += (k == 0 ? "" : ", ") + scored[k].second;
  }
  return text;
}

std::optional<int64_t> Parse(const Entry& entry, std::string_view value, std::string& error) {
  if (entry.unit == Unit::kBool) {
    if (value == "true") return 1;
    if (value == "false") return 0;
    error = "is a bool: true or false";
    return std::nullopt;
  }
  if (entry.unit == Unit::kDuration) {
    const auto parsed = ParseDuration(value, &error);
    if (!parsed) {
      error = "is a duration (\"500ms\", \"1m30s\"): " + error;
      return std::nullopt;
    }
    return *parsed;
  }
  int64_t number = 0;
  const auto [end, code] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (code != std::errc() || end != value.data() + value.size()) {
    error = "is a count: a whole number";
    return std::nullopt;
  }
  return number;
}

}  // namespace

const std::vector<ParameterInfo>& Parameters() {
  static const std::vector<ParameterInfo> infos = [] {
    std::vector<ParameterInfo> all;
    for (const Entry& entry : Entries()) all.push_back(entry.info);
    return all;
  }();
  return infos;
}

std::optional<std::string> ParameterValue(const Scenario& scenario, std::string_view name) {
  const Entry* entry = Find(name);
  if (entry == nullptr) return std::nullopt;
  return Text(entry->unit, entry->access.get(scenario));
}

std::optional<std::string> SetParameter(Scenario& scenario, std::string_view name,
                                        std::string_view value) {
  const Entry* entry = Find(name);
  if (entry == nullptr) {
    return "no parameter \"" + std::string(name) + "\" (closest: " + Closest(name) +
           "; `metallab params` lists them)";
  }
  std::string error;
  const auto parsed = Parse(*entry, value, error);
  if (!parsed) return std::string(name) + " " + error;
  if (*parsed < entry->min || *parsed > entry->max) {
    return std::string(name) + " must be within " + entry->info.range + ", not " +
           std::string(value);
  }
  entry->access.set(scenario, *parsed);
  return std::nullopt;
}

std::optional<std::string> SetParameterAssignment(Scenario& scenario, std::string_view assignment) {
  const size_t equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return "\"" + std::string(assignment) + "\" is not NAME=VALUE";
  }
  return SetParameter(scenario, assignment.substr(0, equals), assignment.substr(equals + 1));
}

}  // namespace metallab::sim
