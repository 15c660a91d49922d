#include "sim/scenario/expectation_evaluator.h"

#include <algorithm>
#include <variant>

#include "sim/scenario/duration_text.h"
#include "sim/scenario/event_text.h"

namespace metallab::sim {
namespace {

std::string Joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

const ProbeResult* FindProbe(const RunResult& result, const std::string& name) {
  for (const ProbeResult& probe : result.probes) {
    if (probe.name == name) return &probe;
  }
  return nullptr;
}

ExpectationResult ServiceIp(const ExpectationSpec& expectation, const RunResult& result,
                            ExpectationResult outcome) {
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

ExpectationResult Announcer(const ExpectationSpec& expectation, const RunResult& result,
                            ExpectationResult outcome) {
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
  outcome.detail = "announced by " + (nodes.empty() ? std::string("nobody") : Joined(nodes, ", "));
  return outcome;
}

ExpectationResult LongestOutage(const ExpectationSpec& expectation, const RunResult& result,
                                ExpectationResult outcome) {
  const ProbeResult* probe = FindProbe(result, expectation.probe);
  if (probe == nullptr) {
    outcome.detail = "no such probe";
    return outcome;
  }
  const SimDuration longest = probe->LongestOutage();
  outcome.passed = (!expectation.max || longest <= *expectation.max) &&
                   (!expectation.min || longest >= *expectation.min);
  outcome.detail = "longest outage " + FormatDuration(longest);
  return outcome;
}

ExpectationResult LongestDegraded(const ExpectationSpec& expectation, const RunResult& result,
                                  ExpectationResult outcome) {
  const ProbeResult* probe = FindProbe(result, expectation.probe);
  if (probe == nullptr) {
    outcome.detail = "no such probe";
    return outcome;
  }
  const SimDuration longest = probe->longest_degraded;
  outcome.passed = (!expectation.max || longest <= *expectation.max) &&
                   (!expectation.min || longest >= *expectation.min);
  outcome.detail = "longest run above " + std::to_string(probe->degraded_percent) + "% failed " +
                   FormatDuration(longest);
  return outcome;
}

ExpectationResult Responders(const ExpectationSpec& expectation, const RunResult& result,
                             ExpectationResult outcome) {
  const ProbeResult* probe = FindProbe(result, expectation.probe);
  if (probe == nullptr) {
    outcome.detail = "no such probe";
    return outcome;
  }
  const auto count = static_cast<int64_t>(probe->responders.size());
  const bool included =
      !expectation.responder ||
      std::count(probe->responders.begin(), probe->responders.end(), *expectation.responder) > 0;
  outcome.passed = included && (!expectation.max_count || count <= *expectation.max_count) &&
                   (!expectation.min_count || count >= *expectation.min_count);
  const std::string answers = Joined(probe->responders, ", ");
  outcome.detail = std::to_string(count) +
                   (probe->kind == "arp" ? " distinct MACs answered" : " distinct answers") +
                   (answers.empty() ? "" : ": " + answers);
  return outcome;
}

// The route sampled for this expectation: the router's, for the prefix, at its time.
std::optional<RibRoute> SampledRoute(const ExpectationSpec& expectation, const RunResult& result) {
  for (const RunEvent& event : result.events) {
    const auto* sample = std::get_if<RouteSampled>(&event.what);
    if (sample != nullptr && event.at == expectation.at && sample->router == expectation.router &&
        sample->prefix == *expectation.prefix) {
      return sample->route;
    }
  }
  return std::nullopt;
}

ExpectationResult RouteAt(const ExpectationSpec& expectation, const RunResult& result,
                          ExpectationResult outcome) {
  const std::optional<RibRoute> route =
      expectation.prefix ? SampledRoute(expectation, result) : std::nullopt;
  const std::vector<net::IpAddress> hops = route ? route->next_hops : std::vector<net::IpAddress>{};
  outcome.passed = hops == expectation.next_hops;
  std::vector<std::string> seen;
  for (const net::IpAddress& hop : hops) seen.push_back(hop.ToString());
  outcome.detail = route ? "via " + Joined(seen, ", ") : "no route";
  if (expectation.communities) {
    std::vector<std::string> communities;
    if (route) {
      for (const uint32_t c : route->attributes.communities) {
        communities.push_back(std::to_string(c >> 16) + ":" + std::to_string(c & 0xffff));
      }
    }
    std::sort(communities.begin(), communities.end());
    outcome.passed = outcome.passed && communities == *expectation.communities;
    outcome.detail +=
        "; communities " + (communities.empty() ? std::string("none") : Joined(communities, " "));
  }
  if (expectation.local_pref) {
    const auto local_pref = route ? route->attributes.local_pref : std::nullopt;
    outcome.passed = outcome.passed && local_pref == expectation.local_pref;
    outcome.detail +=
        "; LOCAL_PREF " + (local_pref ? std::to_string(*local_pref) : std::string("none"));
  }
  return outcome;
}

ExpectationResult Event(const ExpectationSpec& expectation, const RunResult& result,
                        ExpectationResult outcome) {
  for (const RunEvent& event : result.events) {
    for (const std::string& line : EventLines(event.what)) {
      if (line.find(expectation.contains) != std::string::npos) {
        outcome.passed = true;
        outcome.detail = "at " + FormatDuration(event.at) + ": " + line;
        return outcome;
      }
    }
  }
  outcome.detail = "no event says so";
  return outcome;
}

}  // namespace

ExpectationResult EvaluateExpectation(const ExpectationSpec& expectation, const RunResult& result) {
  ExpectationResult outcome{expectation.text, false, ""};
  if (expectation.percentile) {
    // One run says nothing about a percentile of many: the sweep judges it, and says so here.
    outcome.passed = true;
    outcome.detail = "a percentile over runs: `metallab sweep` judges it, one run does not";
    return outcome;
  }
  switch (expectation.kind) {
    case ExpectationSpec::Kind::kServiceIp:
      return ServiceIp(expectation, result, outcome);
    case ExpectationSpec::Kind::kAnnouncer:
      return Announcer(expectation, result, outcome);
    case ExpectationSpec::Kind::kLongestOutage:
      return LongestOutage(expectation, result, outcome);
    case ExpectationSpec::Kind::kLongestDegraded:
      return LongestDegraded(expectation, result, outcome);
    case ExpectationSpec::Kind::kResponders:
      return Responders(expectation, result, outcome);
    case ExpectationSpec::Kind::kRoute:
      return RouteAt(expectation, result, outcome);
    case ExpectationSpec::Kind::kEvent:
      return Event(expectation, result, outcome);
  }
  return outcome;
}

}  // namespace metallab::sim
