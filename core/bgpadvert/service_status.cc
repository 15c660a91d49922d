#include "core/bgpadvert/service_status.h"

#include <set>

namespace metallab::bgpadvert {
namespace {

std::map<net::IpPrefix, std::set<std::string>> ServicesByPrefix(
    const std::map<std::string, std::vector<ServiceRoute>>& routes) {
  std::map<net::IpPrefix, std::set<std::string>> services;
  for (const auto& [key, service_routes] : routes) {
    for (const ServiceRoute& route : service_routes) services[route.prefix].insert(key);
  }
  return services;
}

}  // namespace

std::map<std::string, std::vector<std::string>> StatusPeers(
    const std::map<std::string, std::vector<ServiceRoute>>& routes,
    const std::vector<const config::BgpPeer*>& sessions) {
  const auto services_by_prefix = ServicesByPrefix(routes);
  std::map<std::string, std::set<std::string>> peers;
  for (const config::BgpPeer* peer : sessions) {
    for (const auto& [key, service_routes] : routes) {
      for (const ServiceRoute& route : service_routes) {
        if (!route.MatchesPeer(peer->name)) continue;
        for (const std::string& service : services_by_prefix.at(route.prefix)) {
          peers[service].insert(peer->name);
        }
      }
    }
  }
  std::map<std::string, std::vector<std::string>> sorted;
  for (const auto& [key, names] : peers) sorted[key].assign(names.begin(), names.end());
  return sorted;
}

}  // namespace metallab::bgpadvert
