#include "daemon/status_document.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/speaker/not_announced_reason.h"
#include "core/speaker/service_explanation.h"

namespace metallab::daemon {
namespace {

using nlohmann::json;

json ServiceJson(const layer2::LoadBalancerService& service,
                 const speaker::ServiceExplanation& explanation) {
  json entry;
  entry["service"] = service.Key();
  json ips = json::array();
  for (const net::IpAddress& ip : service.ips) ips.push_back(ip.ToString());
  entry["ips"] = ips;
  if (!explanation.layer2) {
    entry["announced"] = false;
    entry["reason"] = explanation.running ? "noMatchingAdvertisement" : "notRunning";
    return entry;
  }
  const speaker::Layer2Explanation& layer2 = *explanation.layer2;
  entry["announced"] = layer2.announces;
  if (layer2.reason) entry["reason"] = std::string(NotAnnouncedReasonName(*layer2.reason));
  if (!layer2.ranking.empty()) entry["owner"] = layer2.ranking.front().node;
  if (!layer2.interfaces.empty()) entry["interfaces"] = layer2.interfaces;
  return entry;
}

}  // namespace

std::string StatusJson(const speaker::Speaker& speaker, const speaker::ClusterView& view,
                       const ConfigState& config) {
  json document;
  document["node"] = speaker.node();
  document["running"] = speaker.running();
  document["config"] = {{"loaded", config.loaded}, {"stale", config.stale}};
  if (!config.last_error.empty()) document["config"]["lastError"] = config.last_error;
  json members = json::array();
  if (const membership::Memberlist* memberlist = speaker.memberlist()) {
    for (const membership::MemberView& member : memberlist->AllNodes()) {
      members.push_back({{"name", member.name},
                         {"address", member.address.ToString()},
                         {"state", membership::MemberStateName(member.state)},
                         {"incarnation", member.incarnation}});
    }
  }
  document["members"] = members;
  json services = json::array();
  for (const layer2::LoadBalancerService& service : view.Services()) {
    if (const auto explanation = speaker::ExplainService(speaker, view, service.Key())) {
      services.push_back(ServiceJson(service, *explanation));
    }
  }
  document["services"] = services;
  return document.dump(2) + "\n";
}

std::optional<std::string> StatusText(const std::string& text, std::string& error) {
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("services")) {
    error = "not a metallabd status document";
    return std::nullopt;
  }
  std::ostringstream out;
  out << "node " << document.value("node", "?")
      << (document.value("running", false) ? "" : " (stopped)");
  const json config = document.value("config", json::object());
  if (config.value("stale", false))
    out << "; configuration stale: " << config.value("lastError", "");
  out << "\n\nMEMBER  STATE  ADDRESS\n";
  for (const json& member : document.value("members", json::array())) {
    out << member.value("name", "?") << "  " << member.value("state", "?") << "  "
        << member.value("address", "?") << "\n";
  }
  out << "\nSERVICE  IPS  ANNOUNCED  WHY\n";
  for (const json& service : document["services"]) {
    std::string ips;
    for (const json& ip : service.value("ips", json::array())) {
      ips += (ips.empty() ? "" : ",") + ip.get<std::string>();
    }
    out << service.value("service", "?") << "  " << ips << "  "
        << (service.value("announced", false) ? "yes" : "no") << "  "
        << service.value("reason", service.value("announced", false) ? "owner" : "");
    if (service.value("reason", "") == "notOwner")
      out << " (" << service.value("owner", "?") << ")";
    out << "\n";
  }
  return out.str();
}

}  // namespace metallab::daemon
