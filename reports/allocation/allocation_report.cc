#include "reports/allocation/allocation_report.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace metallab::reports {
namespace {

nlohmann::ordered_json ToJson(const controller::ServiceController::ServiceState& state) {
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const controller::ServiceEvent& event : state.events) {
    events.push_back({{"type", event.type}, {"reason", event.reason}, {"message", event.message}});
  }
  nlohmann::ordered_json row;
  row["namespace"] = state.service.ns;
  row["name"] = state.service.name;
  row["ingress"] = state.service.ingress_ips;
  row["pool"] = state.pool ? nlohmann::ordered_json(*state.pool) : nlohmann::ordered_json();
  row["events"] = std::move(events);
  return row;
}

std::string PortsColumn(const k8s::Service& service) {
  std::string out;
  for (const k8s::ServicePort& port : service.ports) {
    if (!out.empty()) out += ",";
    out += std::to_string(port.port);
    if (port.node_port != 0) out += ":" + std::to_string(port.node_port);
    out += "/" + port.protocol;
  }
  return out.empty() ? "<none>" : out;
}

std::string ExternalIpColumn(const k8s::Service& service) {
  if (service.ingress_ips.empty()) {
    return service.type == k8s::ServiceType::kLoadBalancer ? "<pending>" : "<none>";
  }
  std::string out;
  for (const std::string& ip : service.ingress_ips) out += (out.empty() ? "" : ",") + ip;
  return out;
}

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      // kubectl separates columns by three spaces and pads all but the last.
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 3, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string RenderAllocationJson(const ServiceStates& services) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto* state : services) out.push_back(ToJson(*state));
  return out.dump(2) + "\n";
}

std::string RenderAllocationYaml(const ServiceStates& services) {
  YAML::Emitter out;
  out << YAML::BeginSeq;
  for (const auto* state : services) {
    out << YAML::BeginMap;
    out << YAML::Key << "namespace" << YAML::Value << state->service.ns;
    out << YAML::Key << "name" << YAML::Value << state->service.name;
    out << YAML::Key << "ingress" << YAML::Value << YAML::Flow << state->service.ingress_ips;
    out << YAML::Key << "pool" << YAML::Value;
    if (state->pool) {
      out << *state->pool;
    } else {
      out << YAML::Null;
    }
    out << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
    for (const controller::ServiceEvent& event : state->events) {
      out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << event.type << YAML::Key
          << "reason" << YAML::Value << event.reason << YAML::Key << "message" << YAML::Value
          << event.message << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq;
  return std::string(out.c_str()) + "\n";
}

std::string RenderAllocationTable(const ServiceStates& services) {
  std::set<std::string> namespaces;
  for (const auto* state : services) namespaces.insert(state->service.ns);
  const bool with_namespace = namespaces.size() > 1;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)"};
  if (with_namespace) header.insert(header.begin(), "NAMESPACE");
  rows.push_back(header);
  for (const auto* state : services) {
    const k8s::Service& service = state->service;
    std::vector<std::string> row{
        service.name, std::string(k8s::ServiceTypeName(service.type)),
        service.cluster_ips.empty() ? "<none>" : service.cluster_ips.front(),
        ExternalIpColumn(service), PortsColumn(service)};
    if (with_namespace) row.insert(row.begin(), service.ns);
    rows.push_back(std::move(row));
  }
  return Table(rows);
}

}  // namespace metallab::reports
