#include "reports/explanation_report.h"

#include <nlohmann/json.hpp>

#include "core/bgpadvert/node_eligibility.h"

namespace metallab::reports {
namespace {

using Json = nlohmann::ordered_json;

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string Seconds(sim::SimTime at) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", static_cast<double>(at) / 1e9);
  return text;
}

std::string Layer2Words(const speaker::Layer2Explanation& l2) {
  if (l2.announces) {
    return "announces" + (l2.interfaces.empty() ? std::string() : " on " + Joined(l2.interfaces)) +
           " (elected)";
  }
  std::string text = std::string(speaker::NotAnnouncedReasonName(*l2.reason));
  if (*l2.reason == speaker::NotAnnouncedReason::kNotOwner && !l2.ranking.empty()) {
    text += " (" + l2.ranking.front().node + " wins)";
  }
  return text;
}

void AppendLayer2Detail(const speaker::Layer2Explanation& l2, std::string& out) {
  out += "      members it counts alive: " +
         (l2.live_members ? Joined(*l2.live_members) : std::string("memberlist disabled")) + "\n";
  out += "      candidates, best first (preference, then sha256(node#" + l2.key + ")):";
  if (l2.ranking.empty()) out += " none";
  out += "\n";
  for (const speaker::RankedCandidate& candidate : l2.ranking) {
    out += "        " + candidate.node + "  preference " + std::to_string(candidate.preference) +
           "  " + candidate.hash.substr(0, 16) + "…\n";
  }
  for (const speaker::NonCandidate& other : l2.not_candidates) {
    out += "        not a candidate: " + other.node + " (" +
           std::string(layer2::IneligibilityName(other.reason)) + ")\n";
  }
}

void AppendBgp(const speaker::BgpExplanation& bgp, std::string& out) {
  const std::string_view reason = bgpadvert::VerdictReason(bgp.verdict);
  out += "    BGP: " + (reason.empty() ? std::string("advertises") : std::string(reason)) +
         (bgp.pool.empty() ? "" : " (pool " + bgp.pool + ")") + "\n";
  for (const speaker::PeerRoute& route : bgp.routes) {
    out += "      to " + route.peer + " (" + route.session + "): " + route.prefix;
    if (!route.communities.empty()) out += " communities " + Joined(route.communities);
    if (route.local_pref) out += " LOCAL_PREF " + std::to_string(*route.local_pref);
    out += "\n";
  }
}

Json Layer2Json(const speaker::Layer2Explanation& l2) {
  Json ranking = Json::array();
  for (const auto& candidate : l2.ranking) {
    ranking.push_back(
        {{"node", candidate.node}, {"preference", candidate.preference}, {"hash", candidate.hash}});
  }
  Json others = Json::array();
  for (const auto& other : l2.not_candidates) {
    others.push_back(
        {{"node", other.node}, {"reason", std::string(layer2::IneligibilityName(other.reason))}});
  }
  return {{"announces", l2.announces},
          {"reason", l2.reason ? Json(std::string(speaker::NotAnnouncedReasonName(*l2.reason)))
                               : Json(nullptr)},
          {"outcome", std::string(layer2::ElectionOutcomeName(l2.outcome))},
          {"hashKey", l2.key},
          {"liveMembers", l2.live_members ? Json(*l2.live_members) : Json(nullptr)},
          {"candidates", ranking},
          {"notCandidates", others},
          {"interfaces", l2.interfaces}};
}

Json BgpJson(const speaker::BgpExplanation& bgp) {
  Json routes = Json::array();
  for (const auto& route : bgp.routes) {
    routes.push_back({{"peer", route.peer},
                      {"session", route.session},
                      {"prefix", route.prefix},
                      {"communities", route.communities},
                      {"localPref", route.local_pref ? Json(*route.local_pref) : Json(nullptr)}});
  }
  const std::string_view reason = bgpadvert::VerdictReason(bgp.verdict);
  return {{"advertises", reason.empty()},
          {"reason", reason.empty() ? Json(nullptr) : Json(std::string(reason))},
          {"pool", bgp.pool},
          {"routes", routes}};
}

}  // namespace

std::string ExplanationText(const std::vector<ServiceQuestion>& questions, sim::SimTime at) {
  std::string out;
  for (const ServiceQuestion& question : questions) {
    out += question.service + " (" + (question.ips.empty() ? "no IP" : Joined(question.ips)) +
           ") at " + Seconds(at) + ":\n";
    std::vector<std::string> announcers;
    bool layer2 = false;
    for (const auto& node : question.nodes) {
      layer2 |= node.layer2.has_value();
      if (node.layer2 && node.layer2->announces) announcers.push_back(node.node);
    }
    if (question.nodes.empty()) out += "  no speakers (MetalLB is not installed yet)\n";
    if (layer2) {
      out += "  Layer 2 announcer: " + (announcers.empty() ? "nobody" : Joined(announcers)) + "\n";
    }
    for (const speaker::ServiceExplanation& node : question.nodes) {
      if (!node.running) {
        out += "  " + node.node + ": speaker not running\n";
        continue;
      }
      out += "  " + node.node + ":\n";
      if (node.layer2) {
        out += "    Layer 2: " + Layer2Words(*node.layer2) + "\n";
        AppendLayer2Detail(*node.layer2, out);
      }
      if (node.bgp) AppendBgp(*node.bgp, out);
      if (!node.layer2 && !node.bgp) out += "    no advertisement selects its pool\n";
    }
  }
  return out;
}

std::string ExplanationJson(const std::string& scenario,
                            const std::vector<ServiceQuestion>& questions, sim::SimTime at) {
  Json services = Json::array();
  for (const ServiceQuestion& question : questions) {
    Json nodes = Json::array();
    for (const speaker::ServiceExplanation& node : question.nodes) {
      nodes.push_back({{"node", node.node},
                       {"running", node.running},
                       {"layer2", node.layer2 ? Layer2Json(*node.layer2) : Json(nullptr)},
                       {"bgp", node.bgp ? BgpJson(*node.bgp) : Json(nullptr)}});
    }
    services.push_back({{"service", question.service}, {"ips", question.ips}, {"nodes", nodes}});
  }
  Json out;
  out["scenario"] = scenario;
  out["atNs"] = at;
  out["services"] = services;
  return out.dump(2) + "\n";
}

}  // namespace metallab::reports
