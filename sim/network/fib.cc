#include "sim/network/fib.h"

#include "sim/engine/rng_stream.h"

namespace metallab::sim {
namespace {

uint64_t MixAddress(uint64_t hash, const net::IpAddress& address) {
  const net::Uint128 value = address.value();
  return MixHash(MixHash(hash, static_cast<uint64_t>(value >> 64)), static_cast<uint64_t>(value));
}

}  // namespace

void Fib::Install(Route route) {
  auto& by_origin = tables_[{route.prefix.family(), route.prefix.length()}][route.prefix.network()];
  by_origin.insert_or_assign(route.origin, std::move(route));
}

bool Fib::Remove(const net::IpPrefix& prefix, RouteOrigin origin) {
  const auto table = tables_.find({prefix.family(), prefix.length()});
  if (table == tables_.end()) return false;
  const auto entry = table->second.find(prefix.network());
  if (entry == table->second.end() || entry->second.erase(origin) == 0) return false;
  if (entry->second.empty()) table->second.erase(entry);
  if (table->second.empty()) tables_.erase(table);
  return true;
}

void Fib::RemoveVia(const Interface* interface) {
  for (auto& [key, table] : tables_) {
    for (auto& [network, by_origin] : table) {
      for (auto& [origin, route] : by_origin) {
        std::erase_if(route.next_hops,
                      [interface](const NextHop& hop) { return hop.interface == interface; });
      }
      std::erase_if(by_origin, [](const auto& item) { return item.second.next_hops.empty(); });
    }
    std::erase_if(table, [](const auto& item) { return item.second.empty(); });
  }
  std::erase_if(tables_, [](const auto& item) { return item.second.empty(); });
}

const Route* Fib::Lookup(const net::IpAddress& destination) const {
  for (const auto& [key, table] : tables_) {
    if (key.first != destination.family()) continue;
    const net::IpPrefix candidate(destination, key.second);
    const auto found = table.find(candidate.network());
    if (found != table.end() && !found->second.empty()) return &found->second.begin()->second;
  }
  return nullptr;
}

size_t Fib::EcmpIndex(const FlowKey& flow, size_t n) const {
  if (n <= 1) return 0;
  uint64_t hash = MixHash(0x243f6a8885a308d3ULL, hash_seed_);
  hash = MixAddress(hash, flow.source);
  hash = MixAddress(hash, flow.destination);
  hash = MixHash(hash, (uint64_t{flow.protocol} << 32) | (uint64_t{flow.source_port} << 16) |
                           flow.destination_port);
  return static_cast<size_t>(hash % n);
}

std::optional<NextHop> Fib::Resolve(const FlowKey& flow) const {
  const Route* route = Lookup(flow.destination);
  if (route == nullptr || route->next_hops.empty()) return std::nullopt;
  return route->next_hops[EcmpIndex(flow, route->next_hops.size())];
}

std::vector<Route> Fib::Routes() const {
  std::vector<Route> out;
  for (const auto& [key, table] : tables_) {
    for (const auto& [network, by_origin] : table) {
      for (const auto& [origin, route] : by_origin) out.push_back(route);
    }
  }
  return out;
}

size_t Fib::size() const { return Routes().size(); }

}  // namespace metallab::sim
