#include "core/layer2/gratuitous_schedule.h"

#include <algorithm>

namespace metallab::layer2 {

GratuitousSchedule::GratuitousSchedule(GratuitousParameters parameters, runtime::Instant started)
    : parameters_(parameters), next_tick_(started + parameters.tick) {
  if (parameters_.periodic_interval > 0) next_periodic_ = started + parameters_.periodic_interval;
}

bool GratuitousSchedule::Confirm(const net::IpAddress& ip, runtime::Instant now) {
  if (parameters_.ticker_restarts_when_idle && deadlines_.empty()) {
    next_tick_ = now + parameters_.tick;  // ticker.Reset(1100 * time.Millisecond)
  }
  // A running ticker keeps its phase; ticks that passed unseen are not owed.
  while (next_tick_ <= now) next_tick_ += parameters_.tick;
  announced_.insert(ip);
  const bool fresh = deadlines_.count(ip) == 0;
  deadlines_[ip] = now + parameters_.burst;
  return fresh;
}

void GratuitousSchedule::Release(const net::IpAddress& ip) { announced_.erase(ip); }

std::vector<net::IpAddress> GratuitousSchedule::Tick(runtime::Instant now) {
  std::set<net::IpAddress> due;
  if (now >= next_tick_) {
    // A Go ticker drops ticks it could not deliver; it never fires twice to catch up.
    while (next_tick_ <= now) next_tick_ += parameters_.tick;
    for (auto it = deadlines_.begin(); it != deadlines_.end();) {
      if (now > it->second) {
        it = deadlines_.erase(it);
        continue;
      }
      if (announced_.count(it->first) > 0) due.insert(it->first);
      ++it;
    }
  }
  if (now >= next_periodic_) {
    while (next_periodic_ <= now) next_periodic_ += parameters_.periodic_interval;
    due.insert(announced_.begin(), announced_.end());
  }
  return {due.begin(), due.end()};
}

runtime::Instant GratuitousSchedule::NextTimeout() const {
  // The ticker only matters while something is bursting.
  const runtime::Instant tick = deadlines_.empty() ? runtime::kNoDeadline : next_tick_;
  return std::min(tick, announced_.empty() ? runtime::kNoDeadline : next_periodic_);
}

}  // namespace metallab::layer2
