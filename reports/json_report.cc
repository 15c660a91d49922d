#include "reports/json_report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace metallab::reports {
namespace {

using Json = nlohmann::ordered_json;

std::string Hex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

Json Services(const sim::RunResult& result) {
  Json services = Json::array();
  for (const sim::ServiceResult& service : result.services) {
    services.push_back(
        {{"namespace", service.ns}, {"name", service.name}, {"ingress", service.ingress}});
  }
  return services;
}

Json Announcements(const sim::RunResult& result) {
  Json announcements = Json::array();
  for (const sim::AnnouncementInterval& interval : result.announcements) {
    announcements.push_back({{"ip", interval.ip},
                             {"node", interval.node},
                             {"protocol", interval.protocol},
                             {"fromNs", interval.from},
                             {"toNs", interval.to ? Json(*interval.to) : Json(nullptr)}});
  }
  return announcements;
}

Json Probes(const sim::RunResult& result) {
  Json probes = Json::array();
  for (const sim::ProbeResult& probe : result.probes) {
    Json outages = Json::array();
    for (const sim::Outage& outage : probe.outages) {
      outages.push_back({{"startNs", outage.start}, {"endNs", outage.end}});
    }
    probes.push_back({{"name", probe.name},
                      {"from", probe.from},
                      {"kind", probe.kind},
                      {"target", probe.target.ToString()},
                      {"sent", probe.sent},
                      {"answered", probe.answered},
                      {"longestOutageNs", probe.LongestOutage()},
                      {"responders", probe.responders},
                      {"outages", outages},
                      {"secondsFromNs", probe.seconds_from},
                      {"failedFractionPerSecond", probe.failed_fraction},
                      {"degradedPercent", probe.degraded_percent},
                      {"degradedWindowNs", probe.degraded_window},
                      {"longestDegradedNs", probe.longest_degraded},
                      {"longestDegradedStartNs", probe.longest_degraded_start}});
  }
  return probes;
}

Json Faults(const sim::RunResult& result) {
  Json faults = Json::array();
  for (const sim::FaultAnalysis& fault : result.faults) {
    Json stages = Json::array();
    for (const sim::OutageStage& stage : fault.stages) {
      stages.push_back({{"stage", std::string(sim::StageName(stage.kind))},
                        {"atNs", stage.at},
                        {"afterNs", stage.at - fault.at},
                        {"ip", stage.ip},
                        {"subject", stage.subject},
                        {"detail", stage.detail}});
    }
    Json outages = Json::array();
    for (const sim::FaultOutage& outage : fault.outages) {
      outages.push_back(
          {{"probe", outage.probe}, {"startNs", outage.start}, {"endNs", outage.end}});
    }
    Json shares = Json::array();
    for (const sim::FailedShare& share : fault.failed_shares) {
      shares.push_back({{"probe", share.probe},
                        {"fromNs", share.from},
                        {"toNs", share.to},
                        {"failed", share.failed},
                        {"sent", share.sent}});
    }
    faults.push_back({{"atNs", fault.at},
                      {"kind", fault.kind},
                      {"target", fault.target},
                      {"stages", stages},
                      {"outages", outages},
                      {"failedUntilNextHopRemoved", shares}});
  }
  return faults;
}

Json Expectations(const sim::RunResult& result) {
  Json expectations = Json::array();
  for (const sim::ExpectationResult& expectation : result.expectations) {
    expectations.push_back({{"text", expectation.text},
                            {"passed", expectation.passed},
                            {"detail", expectation.detail}});
  }
  return expectations;
}

}  // namespace

std::string JsonReport(const sim::RunResult& result) {
  Json report;
  report["schemaVersion"] = kReportSchemaVersion;
  report["scenario"] = result.scenario;
  report["seed"] = result.seed;
  report["traceHash"] = Hex(result.trace_hash);
  report["endNs"] = result.end;
  report["passed"] = result.passed();
  report["services"] = Services(result);
  report["announcements"] = Announcements(result);
  report["probes"] = Probes(result);
  report["faults"] = Faults(result);
  report["expectations"] = Expectations(result);
  return report.dump(2) + "\n";
}

}  // namespace metallab::reports
