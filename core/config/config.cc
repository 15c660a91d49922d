#include "core/config/config.h"

#include <algorithm>

namespace metallab::config {

std::string CommunityValue::ToString() const {
  if (large) {
    return "large:" + std::to_string(global) + ":" + std::to_string(high) + ":" +
           std::to_string(low);
  }
  return std::to_string(high) + ":" + std::to_string(low);
}

const Pool* Config::FindPool(const std::string& name) const {
  const auto found =
      std::find_if(pools.begin(), pools.end(), [&](const Pool& p) { return p.name == name; });
  return found == pools.end() ? nullptr : &*found;
}

const Pool* Config::PoolHolding(const std::vector<net::IpAddress>& ips) const {
  if (ips.empty()) return nullptr;
  const auto holds = [](const Pool& pool, const net::IpAddress& ip) {
    return std::any_of(pool.cidrs.begin(), pool.cidrs.end(),
                       [&](const net::IpPrefix& cidr) { return cidr.Contains(ip); });
  };
  const auto found = std::find_if(pools.begin(), pools.end(), [&](const Pool& pool) {
    return std::all_of(ips.begin(), ips.end(),
                       [&](const net::IpAddress& ip) { return holds(pool, ip); });
  });
  return found == pools.end() ? nullptr : &*found;
}

}  // namespace metallab::config
