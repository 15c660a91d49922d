// Used addresses grouped by (pool, family, sharing+backend key): the addresses a service with
// that key could join. MetalLB's walk meets them in address order while looking for a free
// address, so a sharing service lands on the lowest compatible shared address before any fresh
// one; this index finds that address without visiting unrelated used addresses.
#ifndef METALLAB_CORE_ALLOCATOR_SHARED_ADDRESS_INDEX_H_
#define METALLAB_CORE_ALLOCATOR_SHARED_ADDRESS_INDEX_H_

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "core/net/ip_address.h"

namespace metallab::allocator {

class SharedAddressIndex {
 public:
  struct Group {
    uint32_t pool = 0;
    bool v6 = false;
    uint32_t keys = 0;

    friend auto operator<=>(const Group&, const Group&) = default;
  };

  void Add(const Group& group, net::Uint128 address) { groups_[group].insert(address); }
  void Remove(const Group& group, net::Uint128 address);
  void Clear() { groups_.clear(); }

  // The lowest address of the group within [first, last] that `accept` takes (it rejects
  // addresses where the service's ports collide). Cost: O(log n) plus one call per rejected
  // address below the answer.
  template <class Accept>
  std::optional<net::Uint128> Lowest(const Group& group, net::Uint128 first, net::Uint128 last,
                                     Accept&& accept) const {
    const auto found = groups_.find(group);
    if (found == groups_.end()) return std::nullopt;
    for (auto it = found->second.lower_bound(first); it != found->second.end() && *it <= last;
         ++it) {
      if (accept(*it)) return *it;
    }
    return std::nullopt;
  }

 private:
  std::map<Group, std::set<net::Uint128>> groups_;
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_SHARED_ADDRESS_INDEX_H_
