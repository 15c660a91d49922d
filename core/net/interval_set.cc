#include "core/net/interval_set.h"

namespace metallab::net {
namespace {
constexpr Uint128 kMax = ~Uint128{0};
}  // namespace

void IntervalSet::Add(Uint128 first, Uint128 last) {
  if (first > last) return;
  // Start from the interval at or before `first` when it touches or overlaps.
  auto it = intervals_.upper_bound(first);
  if (it != intervals_.begin()) {
    auto before = std::prev(it);
    if (before->second == kMax || before->second + 1 >= first) {
      first = before->first;
      if (before->second > last) last = before->second;
      it = intervals_.erase(before);
    }
  }
  // Swallow every interval that starts inside or right after [first, last].
  while (it != intervals_.end() && (last == kMax || it->first <= last + 1)) {
    if (it->second > last) last = it->second;
    it = intervals_.erase(it);
  }
  intervals_.emplace(first, last);
}

void IntervalSet::Remove(Uint128 first, Uint128 last) {
  if (first > last) return;
  auto it = intervals_.upper_bound(first);
  if (it != intervals_.begin()) --it;
  while (it != intervals_.end() && it->first <= last) {
    const Uint128 start = it->first;
    const Uint128 end = it->second;
    if (end < first) {
      ++it;
      continue;
    }
    it = intervals_.erase(it);
    if (start < first) intervals_.emplace(start, first - 1);
    if (end > last) {
      intervals_.emplace(last + 1, end);
      break;
    }
  }
}

std::optional<std::pair<Uint128, Uint128>> IntervalSet::IntervalContaining(Uint128 value) const {
  auto it = intervals_.upper_bound(value);
  if (it == intervals_.begin()) return std::nullopt;
  --it;
  if (it->second < value) return std::nullopt;
  return *it;
}

bool IntervalSet::Contains(Uint128 value) const { return IntervalContaining(value).has_value(); }

bool IntervalSet::Intersects(Uint128 first, Uint128 last) const {
  if (first > last) return false;
  if (Contains(first)) return true;
  const auto next = intervals_.upper_bound(first);
  return next != intervals_.end() && next->first <= last;
}

std::optional<Uint128> IntervalSet::FirstAbsent(Uint128 from, Uint128 limit) const {
  if (from > limit) return std::nullopt;
  const auto covering = IntervalContaining(from);
  if (!covering) return from;
  // Intervals never touch, so the value after a covering interval is absent.
  if (covering->second >= limit) return std::nullopt;
  return covering->second + 1;
}

std::vector<std::pair<Uint128, Uint128>> IntervalSet::Intervals() const {
  return {intervals_.begin(), intervals_.end()};
}

}  // namespace metallab::net
