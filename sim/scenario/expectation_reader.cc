#include "sim/scenario/expectation_reader.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "sim/apps/service_address.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_fields.h"

namespace metallab::sim {

using manifest::FieldReader;
using manifest::Presence;

const char* ProbeKindName(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kArp:
      return "arp";
    case ProbeKind::kIcmp:
      return "icmp";
    case ProbeKind::kHttp:
      return "http";
    case ProbeKind::kTcp:
      return "tcp";
    case ProbeKind::kUdp:
      return "udp";
  }
  return "?";
}

namespace {

// `{router: tor, at: 60s, prefix: 192.0.2.11/32, nextHops: [...], communities: [...],
// localPref: 100}`.
void ReadRouteExpectation(const FieldReader& item, SimDuration run_duration,
                          ExpectationSpec& expectation) {
  expectation.kind = ExpectationSpec::Kind::kRoute;
  expectation.router = item.String("router").value_or("");
  expectation.at = ReadTimeInRun(item, "at", run_duration, Presence::kRequired).value_or(0);
  const auto prefix_text = item.String("prefix", Presence::kRequired);
  if (prefix_text) {
    expectation.prefix = net::IpPrefix::Parse(*prefix_text);
    if (!expectation.prefix) item.ErrorAt("prefix", "\"" + *prefix_text + "\" is not a prefix");
  }
  if (!item.Has("nextHops")) item.Error("a route expectation needs nextHops ([] for no route)");
  std::string hops;
  for (const std::string& text : item.StringList("nextHops")) {
    const auto hop = net::IpAddress::Parse(text);
    if (!hop) {
      item.ErrorAt("nextHops", "\"" + text + "\" is not an IP address");
      continue;
    }
    expectation.next_hops.push_back(*hop);
    hops += (hops.empty() ? "" : ", ") + text;
  }
  std::sort(expectation.next_hops.begin(), expectation.next_hops.end());
  if (item.Has("communities")) {
    auto communities = item.StringList("communities");
    std::sort(communities.begin(), communities.end());
    expectation.communities = communities;
  }
  if (const auto local_pref = item.Integer("localPref", 0, 4294967295LL)) {
    expectation.local_pref = static_cast<uint32_t>(*local_pref);
  }
  expectation.text = expectation.router + " routes " + prefix_text.value_or("?") +
                     (hops.empty() ? " nowhere" : " via " + hops) + " at " +
                     FormatDuration(expectation.at);
  if (expectation.communities) {
    std::string list;
    for (const std::string& c : *expectation.communities) list += (list.empty() ? "" : " ") + c;
    expectation.text += ", communities " + list;
  }
  if (expectation.local_pref) {
    expectation.text += ", LOCAL_PREF " + std::to_string(*expectation.local_pref);
  }
}

// The probe's kind and target: exactly one of `arp: <ip>`, `icmp: <ip>`, `http: <url>`,
// `tcp: <ip>:<port>`, `udp: <ip>:<port>`.
void ReadProbeTarget(const FieldReader& item, ProbeSpec& probe) {
  constexpr std::array<std::pair<std::string_view, ProbeKind>, 5> kKinds{
      {{"arp", ProbeKind::kArp},
       {"icmp", ProbeKind::kIcmp},
       {"http", ProbeKind::kHttp},
       {"tcp", ProbeKind::kTcp},
       {"udp", ProbeKind::kUdp}}};
  const auto given = std::count_if(kKinds.begin(), kKinds.end(),
                                   [&item](const auto& kind) { return item.Has(kind.first); });
  if (given != 1) {
    item.Error(
        "a probe has exactly one of `arp: <ip>`, `icmp: <ip>`, `http: <url>`, "
        "`tcp: <ip>:<port>` and `udp: <ip>:<port>`");
    return;
  }
  const auto& [key, kind] = *std::find_if(kKinds.begin(), kKinds.end(),
                                          [&item](const auto& k) { return item.Has(k.first); });
  probe.kind = kind;
  if (kind == ProbeKind::kArp || kind == ProbeKind::kIcmp) {
    int unused = 0;
    ReadAddress(item, key, probe.target, unused);
    return;
  }
  const auto text = item.String(key, Presence::kRequired);
  if (!text) return;
  std::string error;
  const auto target =
      kind == ProbeKind::kHttp ? ParseHttpUrl(*text, &error) : ParseHostPort(*text, &error);
  if (!target) {
    item.ErrorAt(key, error);
    return;
  }
  probe.target = target->address;
  probe.port = target->port;
  probe.path = target->path;
}

}  // namespace

void ReadProbes(const FieldReader& root, Scenario& scenario) {
  for (const FieldReader& item : root.Children("probes")) {
    item.RejectUnknownKeys({"name", "from", "arp", "icmp", "http", "tcp", "udp", "interval",
                            "start", "stop", "degradedPercent"});
    ProbeSpec probe;
    probe.where = item.Locate();
    probe.name = item.String("name", Presence::kRequired).value_or("");
    probe.from = item.String("from", Presence::kRequired).value_or("");
    ReadProbeTarget(item, probe);
    if (auto interval = ReadDurationWithin(item, "interval", {Milliseconds(1), Seconds(3600)})) {
      probe.interval = *interval;
    }
    // A probe must make attempts: one that starts after the end, or stops before it starts,
    // would make none and pass every outage bound.
    if (auto start = ReadDuration(item, "start")) {
      if (*start >= scenario.duration) {
        item.ErrorAt("start", FormatDurationInUnit(*start) +
                                  " is not before the end of the run (duration " +
                                  FormatDurationInUnit(scenario.duration) + ")");
      } else {
        probe.start = *start;
      }
    }
    probe.stop = ReadDuration(item, "stop");
    if (probe.stop && *probe.stop <= probe.start) {
      item.ErrorAt("stop", FormatDurationInUnit(*probe.stop) + " is not after the probe's start (" +
                               FormatDurationInUnit(probe.start) + ")");
      probe.stop.reset();
    }
    if (auto percent = item.Integer("degradedPercent", 0, 99)) {
      probe.degraded_percent = static_cast<int>(*percent);
    }
    if (auto window = ReadDuration(item, "degradedWindow")) {
      if (*window < Seconds(1) || *window % Seconds(1) != 0) {
        item.ErrorAt("degradedWindow", "a whole number of seconds, at least 1s");
      } else {
        probe.degraded_window = *window;
      }
    }
    scenario.probes.push_back(std::move(probe));
  }
}

void ReadExpectations(const FieldReader& root, Scenario& scenario) {
  for (const FieldReader& item : root.Children("expect")) {
    item.RejectUnknownKeys({"service", "externalIP", "announcer", "at", "node", "nodes", "probe",
                            "longestOutage", "longestDegraded", "responders", "event", "router",
                            "prefix", "nextHops", "communities", "localPref"});
    ExpectationSpec expectation;
    expectation.where = item.Locate();
    int unused = 0;
    if (item.Has("service")) {
      expectation.kind = ExpectationSpec::Kind::kServiceIp;
      expectation.service = item.String("service").value_or("");
      if (expectation.service.find('/') == std::string::npos) {
        expectation.service = "default/" + expectation.service;
      }
      ReadAddress(item, "externalIP", expectation.ip, unused);
      expectation.text =
          "service " + expectation.service + " has external IP " + expectation.ip.ToString();
    } else if (item.Has("announcer")) {
      expectation.kind = ExpectationSpec::Kind::kAnnouncer;
      ReadAddress(item, "announcer", expectation.ip, unused);
      expectation.at =
          ReadTimeInRun(item, "at", scenario.duration, Presence::kRequired).value_or(0);
      // `node: NAME` (or none), or `nodes: [A, B]` for a split brain.
      if (item.Has("node") == item.Has("nodes")) {
        item.Error("an announcer expectation has one of node (a name, or none) and nodes (a list)");
      } else if (item.Has("node")) {
        const std::string node = item.String("node").value_or("");
        if (node != "none") expectation.nodes = {node};
      } else {
        expectation.nodes = item.StringList("nodes");
        std::sort(expectation.nodes.begin(), expectation.nodes.end());
      }
      std::string who;
      for (const std::string& node : expectation.nodes) who += (who.empty() ? "" : " and ") + node;
      expectation.text = expectation.ip.ToString() + " is announced by " +
                         (who.empty() ? "nobody" : who) + " at " + FormatDuration(expectation.at);
    } else if (item.Has("probe") && item.Has("responders")) {
      expectation.kind = ExpectationSpec::Kind::kResponders;
      expectation.probe = item.String("probe").value_or("");
      if (const auto responders = item.Child("responders")) {
        responders->RejectUnknownKeys({"max", "min", "include"});
        expectation.max_count = responders->Integer("max", 0, 1 << 20);
        expectation.min_count = responders->Integer("min", 0, 1 << 20);
        expectation.responder = responders->String("include");
        if (!expectation.max_count && !expectation.min_count && !expectation.responder)
          responders->Error("give max, min, include or some of them");
      }
      // arping's answerers are MACs; HTTP's and UDP's are what the pods said.
      const auto probe =
          std::find_if(scenario.probes.begin(), scenario.probes.end(),
                       [&expectation](const ProbeSpec& p) { return p.name == expectation.probe; });
      const bool macs = probe == scenario.probes.end() || probe->kind == ProbeKind::kArp;
      expectation.text =
          "probe " + expectation.probe + " answered by" +
          (expectation.min_count ? " ≥ " + std::to_string(*expectation.min_count) : "") +
          (expectation.max_count ? " ≤ " + std::to_string(*expectation.max_count) : "") +
          (expectation.min_count || expectation.max_count
               ? (macs ? " distinct MACs" : " distinct answers")
               : "") +
          (expectation.responder
               ? std::string(expectation.min_count || expectation.max_count ? ", among them "
                                                                            : " ") +
                     "\"" + *expectation.responder + "\""
               : "");
    } else if (item.Has("probe")) {
      // longestOutage (every attempt failing) or longestDegraded (more than the probe's
      // degradedPercent failing, second by second).
      const bool degraded = item.Has("longestDegraded");
      expectation.kind = degraded ? ExpectationSpec::Kind::kLongestDegraded
                                  : ExpectationSpec::Kind::kLongestOutage;
      expectation.probe = item.String("probe").value_or("");
      const auto outage =
          item.Child(degraded ? "longestDegraded" : "longestOutage", Presence::kRequired);
      if (outage) {
        // {min, max} bound the run's value; {p50|p95|p99: {min, max}} bound a sweep's
        // percentile (a single run is a distribution of one).
        outage->RejectUnknownKeys({"max", "min", "p50", "p95", "p99"});
        std::optional<FieldReader> bounds = *outage;
        for (const int percent : {50, 95, 99}) {
          const std::string key = "p" + std::to_string(percent);
          if (!outage->Has(key)) continue;
          if (expectation.percentile || outage->Has("min") || outage->Has("max")) {
            outage->Error("give min and max, or one percentile with its own min and max");
            break;
          }
          expectation.percentile = percent;
          bounds = outage->Child(key, Presence::kRequired);
          if (bounds) bounds->RejectUnknownKeys({"max", "min"});
        }
        if (bounds) {
          expectation.max = ReadDuration(*bounds, "max");
          expectation.min = ReadDuration(*bounds, "min");
          if (!expectation.max && !expectation.min) bounds->Error("give max, min or both");
        }
      }
      expectation.text = "probe " + expectation.probe +
                         (degraded ? " longest degraded run" : " longest outage") +
                         (expectation.percentile
                              ? " p" + std::to_string(*expectation.percentile)
                              : std::string()) +
                         (expectation.min ? " ≥ " + FormatDuration(*expectation.min) : "") +
                         (expectation.max ? " ≤ " + FormatDuration(*expectation.max) : "");
    } else if (item.Has("router")) {
      ReadRouteExpectation(item, scenario.duration, expectation);
    } else if (item.Has("event")) {
      expectation.kind = ExpectationSpec::Kind::kEvent;
      expectation.contains = item.String("event").value_or("");
      expectation.text = "the transcript shows \"" + expectation.contains + "\"";
    } else {
      item.Error("an expectation needs service, announcer, probe, router or event");
    }
    scenario.expectations.push_back(std::move(expectation));
  }
}

}  // namespace metallab::sim
