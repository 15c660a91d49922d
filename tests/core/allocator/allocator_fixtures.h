// Pools and requests built directly in C++ (the config parser is tested on its own).
#ifndef METALLAB_TESTS_CORE_ALLOCATOR_ALLOCATOR_FIXTURES_H_
#define METALLAB_TESTS_CORE_ALLOCATOR_ALLOCATOR_FIXTURES_H_

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/allocator/allocation_request.h"
#include "core/allocator/allocator.h"
#include "core/config/config.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "core/net/ip_range.h"
#include "tests/support/addresses.h"

namespace metallab::allocator::testing {

using ::metallab::testing::Ip;

// "a.b.c.d/n" or "first-last", summarized as the config parser does.
inline std::vector<net::IpPrefix> Cidrs(std::initializer_list<std::string> entries) {
  std::vector<net::IpPrefix> out;
  for (const auto& entry : entries) {
    const auto dash = entry.find('-');
    if (dash == std::string::npos) {
      out.push_back(*net::IpPrefix::Parse(entry));
      continue;
    }
    const auto range = net::IpRange::Make(Ip(entry.substr(0, dash)), Ip(entry.substr(dash + 1)));
    for (const auto& prefix : range->ToPrefixes()) out.push_back(prefix);
  }
  return out;
}

inline config::Pool MakePool(const std::string& name, std::initializer_list<std::string> entries,
                             bool auto_assign = true, bool avoid_buggy_ips = false) {
  config::Pool pool;
  pool.name = name;
  pool.cidrs = Cidrs(entries);
  pool.auto_assign = auto_assign;
  pool.avoid_buggy_ips = avoid_buggy_ips;
  return pool;
}

inline AllocationRequest Request(const std::string& key,
                                 ServiceFamily family = ServiceFamily::kIPv4) {
  AllocationRequest request;
  request.key = key;
  request.ns = key.substr(0, key.find('/'));
  request.family = family;
  request.ports = {Port{"TCP", 80}};
  return request;
}

inline AllocationRequest Shared(AllocationRequest request, const std::string& sharing_key,
                                std::vector<Port> ports) {
  request.sharing_key = sharing_key;
  request.ports = std::move(ports);
  return request;
}

inline std::vector<std::string> Texts(const std::vector<net::IpAddress>& addresses) {
  std::vector<std::string> out;
  for (const auto& address : addresses) out.push_back(address.ToString());
  return out;
}

}  // namespace metallab::allocator::testing

#endif  // METALLAB_TESTS_CORE_ALLOCATOR_ALLOCATOR_FIXTURES_H_
