// A set of 128-bit values kept as disjoint, non-adjacent closed intervals. Used for pools (which
// addresses exist), for used addresses (which are taken), and for overlap checks. Every
// operation is O(log n) in the number of intervals, never in the number of values covered, so a
// /8 or a /48 costs the same as a /30.
#ifndef METALLAB_CORE_NET_INTERVAL_SET_H_
#define METALLAB_CORE_NET_INTERVAL_SET_H_

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/net/ip_address.h"

namespace metallab::net {

class IntervalSet {
 public:
  // Adds [first, last]; merges with touching or overlapping intervals.
  void Add(Uint128 first, Uint128 last);
  void Add(Uint128 value) { Add(value, value); }
  // Removes [first, last]; splits intervals that straddle it.
  void Remove(Uint128 first, Uint128 last);
  void Remove(Uint128 value) { Remove(value, value); }

  bool Contains(Uint128 value) const;
  // Whether any value in [first, last] is in the set.
  bool Intersects(Uint128 first, Uint128 last) const;
  // The interval containing `value`, if any.
  std::optional<std::pair<Uint128, Uint128>> IntervalContaining(Uint128 value) const;

  // The smallest value in [from, limit] that is not in the set.
  std::optional<Uint128> FirstAbsent(Uint128 from, Uint128 limit) const;

  bool empty() const { return intervals_.empty(); }
  size_t interval_count() const { return intervals_.size(); }
  std::vector<std::pair<Uint128, Uint128>> Intervals() const;

  friend bool operator==(const IntervalSet&, const IntervalSet&) = default;

 private:
  std::map<Uint128, Uint128> intervals_;  // first -> last
};

}  // namespace metallab::net

#endif  // METALLAB_CORE_NET_INTERVAL_SET_H_
