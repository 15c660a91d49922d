#include "sim/network/neighbour_cache.h"

#include <algorithm>

namespace metallab::sim {
namespace {

bool IsValid(NeighbourState state) {
  return state == NeighbourState::kReachable || state == NeighbourState::kStale ||
         state == NeighbourState::kDelay || state == NeighbourState::kProbe ||
         state == NeighbourState::kPermanent;
}

bool IsConnected(NeighbourState state) {
  return state == NeighbourState::kReachable || state == NeighbourState::kPermanent;
}

}  // namespace

std::string_view NeighbourStateName(NeighbourState state) {
  switch (state) {
    case NeighbourState::kIncomplete:
      return "INCOMPLETE";
    case NeighbourState::kReachable:
      return "REACHABLE";
    case NeighbourState::kStale:
      return "STALE";
    case NeighbourState::kDelay:
      return "DELAY";
    case NeighbourState::kProbe:
      return "PROBE";
    case NeighbourState::kFailed:
      return "FAILED";
    case NeighbourState::kPermanent:
      return "PERMANENT";
  }
  return "?";
}

NeighbourCache::NeighbourCache(Simulator& simulator, std::string name,
                               NeighbourParameters parameters, Hooks hooks)
    : simulator_(simulator),
      name_(std::move(name)),
      parameters_(parameters),
      hooks_(std::move(hooks)),
      rng_(simulator.Rng("neighbour/" + name_)),
      reachable_time_(parameters.base_reachable_time),
      gc_timer_(simulator),
      refresh_timer_(simulator) {
  RefreshReachableTime();
  ScheduleGc();
}

void NeighbourCache::RefreshReachableTime() {
  // neigh_rand_reach_time: uniform in [base/2, 3·base/2).
  const SimDuration base = parameters_.base_reachable_time;
  reachable_time_ = base / 2 + rng_.UniformInt(0, std::max<SimDuration>(base - 1, 0));
  refresh_timer_.Arm(parameters_.reachable_time_refresh, [this] { RefreshReachableTime(); });
}

void NeighbourCache::ScheduleGc() {
  gc_timer_.Arm(parameters_.gc_interval, [this] {
    CollectGarbage();
    ScheduleGc();
  });
}

void NeighbourCache::CollectGarbage() {
  if (entries_.size() < parameters_.gc_thresh1) return;
  const SimTime now = simulator_.Now();
  for (auto it = entries_.begin(); it != entries_.end();) {
    const NeighbourSnapshot& s = it->second->snapshot;
    const bool collectable =
        s.state != NeighbourState::kPermanent && s.state != NeighbourState::kIncomplete &&
        (s.state == NeighbourState::kFailed || now > s.used + parameters_.gc_stale_time);
    if (!collectable) {
      ++it;
      continue;
    }
    if (hooks_.entry_removed) hooks_.entry_removed(it->first);
    it = entries_.erase(it);
  }
}

NeighbourCache::Entry& NeighbourCache::Create(const net::IpAddress& ip) {
  auto& slot = entries_[ip];
  if (!slot) {
    slot = std::make_unique<Entry>(simulator_);
    slot->snapshot.state = NeighbourState::kFailed;  // "NUD_NONE": nothing known yet
    slot->snapshot.updated = slot->snapshot.used = simulator_.Now();
    Publish(ip, *slot);
  }
  return *slot;
}

void NeighbourCache::SendProbe(const net::IpAddress& ip, Entry& entry) {
  // arp_solicit: the first ucast_solicit probes of an entry with a known address are unicast,
  // the rest broadcast. A new entry starts its count at ucast_solicit, so it only broadcasts.
  const bool unicast = entry.probes < parameters_.ucast_solicit &&
                       entry.snapshot.state != NeighbourState::kIncomplete;
  ++entry.probes;
  if (hooks_.solicit) {
    hooks_.solicit(ip, unicast ? std::optional<MacAddress>(entry.snapshot.mac) : std::nullopt);
  }
}

void NeighbourCache::FlushQueue(Entry& entry) {
  std::vector<packet::EtherPayload> queue;
  queue.swap(entry.queue);
  for (packet::EtherPayload& packet : queue) {
    if (hooks_.transmit) hooks_.transmit(entry.snapshot.mac, std::move(packet));
  }
}

void NeighbourCache::Publish(const net::IpAddress& ip, const Entry& entry) const {
  if (!hooks_.entry_changed) return;
  const NeighbourSnapshot& s = entry.snapshot;
  hooks_.entry_changed(ip, IsValid(s.state) ? std::optional<MacAddress>(s.mac) : std::nullopt);
}

void NeighbourCache::SetState(const net::IpAddress& ip, Entry& entry, NeighbourState state) {
  const bool was_valid = IsValid(entry.snapshot.state);
  entry.snapshot.state = state;
  if (IsValid(state) != was_valid) Publish(ip, entry);
  const SimTime now = simulator_.Now();
  switch (state) {
    case NeighbourState::kReachable:
      entry.timer.ArmAt(now + reachable_time_, [this, ip] { OnTimer(ip); });
      break;
    case NeighbourState::kDelay:
      entry.timer.ArmAt(now + parameters_.delay_first_probe_time, [this, ip] { OnTimer(ip); });
      break;
    case NeighbourState::kIncomplete:
    case NeighbourState::kProbe:
      entry.timer.ArmAt(now + parameters_.retrans_time, [this, ip] { OnTimer(ip); });
      break;
    default:
      entry.timer.Cancel();
      break;
  }
}

void NeighbourCache::Output(const net::IpAddress& next_hop, packet::EtherPayload packet) {
  Entry& entry = Create(next_hop);
  const SimTime now = simulator_.Now();
  entry.snapshot.used = now;
  switch (entry.snapshot.state) {
    case NeighbourState::kFailed:  // also a fresh entry: start resolving
      entry.probes = parameters_.ucast_solicit;
      entry.snapshot.updated = now;
      entry.queue.push_back(std::move(packet));
      SetState(next_hop, entry, NeighbourState::kIncomplete);
      SendProbe(next_hop, entry);
      return;
    case NeighbourState::kIncomplete:
      if (entry.queue.size() >= parameters_.unres_qlen) {
        entry.queue.erase(entry.queue.begin());
        if (hooks_.dropped) hooks_.dropped(next_hop, 1);
      }
      entry.queue.push_back(std::move(packet));
      return;
    case NeighbourState::kStale:
      entry.probes = 0;
      SetState(next_hop, entry, NeighbourState::kDelay);
      break;
    default:
      break;
  }
  if (hooks_.transmit) hooks_.transmit(entry.snapshot.mac, std::move(packet));
}

void NeighbourCache::OnTimer(const net::IpAddress& ip) {
  const auto found = entries_.find(ip);
  if (found == entries_.end()) return;
  Entry& entry = *found->second;
  NeighbourSnapshot& s = entry.snapshot;
  const SimTime now = simulator_.Now();
  switch (s.state) {
    case NeighbourState::kReachable:
      if (now < s.confirmed + reachable_time_) {
        entry.timer.ArmAt(s.confirmed + reachable_time_, [this, ip] { OnTimer(ip); });
      } else if (now < s.used + parameters_.delay_first_probe_time) {
        s.updated = now;
        SetState(ip, entry, NeighbourState::kDelay);
      } else {
        s.updated = now;
        SetState(ip, entry, NeighbourState::kStale);
      }
      return;
    case NeighbourState::kDelay:
      if (now < s.confirmed + parameters_.delay_first_probe_time) {
        s.updated = now;
        entry.timer.ArmAt(s.confirmed + reachable_time_, [this, ip] { OnTimer(ip); });
        s.state = NeighbourState::kReachable;
        return;
      }
      s.updated = now;
      entry.probes = 0;
      SetState(ip, entry, NeighbourState::kProbe);
      break;
    case NeighbourState::kIncomplete:
    case NeighbourState::kProbe:
      entry.timer.ArmAt(now + parameters_.retrans_time, [this, ip] { OnTimer(ip); });
      break;
    default:
      return;
  }
  const int max_probes = parameters_.ucast_solicit +
                         (s.state == NeighbourState::kIncomplete ? parameters_.mcast_solicit : 0);
  if (entry.probes >= max_probes) {
    s.updated = now;
    SetState(ip, entry, NeighbourState::kFailed);
    const size_t dropped = entry.queue.size();
    entry.queue.clear();
    if (dropped > 0 && hooks_.dropped) hooks_.dropped(ip, dropped);
    return;
  }
  SendProbe(ip, entry);
}

void NeighbourCache::Update(const net::IpAddress& ip, const MacAddress& mac,
                            NeighbourState new_state, unsigned flags, bool create) {
  const auto found = entries_.find(ip);
  if (found == entries_.end() && !create) return;
  Entry& entry = found == entries_.end() ? Create(ip) : *found->second;
  NeighbourSnapshot& s = entry.snapshot;
  const NeighbourState old = s.state;
  if (old == NeighbourState::kPermanent) return;

  const SimTime now = simulator_.Now();
  // An answer that proves reachability refreshes `confirmed` even when nothing else changes.
  if (IsConnected(new_state)) s.confirmed = now;
  bool address_changes = !IsValid(old) || s.mac != mac;
  if (IsValid(old)) {
    if (address_changes && !(flags & kNeighbourOverride)) {
      // Without override a different address is not believed; a weak override only takes the
      // confidence away from a REACHABLE entry.
      if (!(flags & kNeighbourWeakOverride) || !IsConnected(old)) return;
      address_changes = false;
      new_state = NeighbourState::kStale;
    } else if (!address_changes && new_state == NeighbourState::kStale) {
      new_state = old;  // the same address again says nothing new
    }
  }
  if (new_state == old && !address_changes) return;

  s.updated = now;
  if (address_changes) {
    s.mac = mac;
    // A new address that is not known to work is not "recently confirmed".
    if (!IsConnected(new_state)) s.confirmed = now - 2 * parameters_.base_reachable_time;
  }
  if (new_state != old) SetState(ip, entry, new_state);
  // A new address on an entry that stays valid is news too.
  if (address_changes && IsValid(old) && IsValid(new_state)) Publish(ip, entry);
  if (!IsValid(old)) FlushQueue(entry);
}

void NeighbourCache::Confirm(const net::IpAddress& ip) {
  const auto found = entries_.find(ip);
  if (found == entries_.end() || !IsValid(found->second->snapshot.state)) return;
  found->second->snapshot.confirmed = simulator_.Now();
}

void NeighbourCache::AddPermanent(const net::IpAddress& ip, const MacAddress& mac) {
  Entry& entry = Create(ip);
  entry.snapshot.mac = mac;
  entry.snapshot.updated = entry.snapshot.confirmed = simulator_.Now();
  SetState(ip, entry, NeighbourState::kPermanent);
  Publish(ip, entry);  // the address may have changed under a state that stayed valid
  FlushQueue(entry);
}

std::optional<NeighbourSnapshot> NeighbourCache::Find(const net::IpAddress& ip) const {
  const auto found = entries_.find(ip);
  if (found == entries_.end()) return std::nullopt;
  return found->second->snapshot;
}

std::vector<std::pair<net::IpAddress, NeighbourSnapshot>> NeighbourCache::Entries() const {
  std::vector<std::pair<net::IpAddress, NeighbourSnapshot>> out;
  for (const auto& [ip, entry] : entries_) out.emplace_back(ip, entry->snapshot);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void NeighbourCache::Flush() {
  if (hooks_.entry_removed) {
    for (const auto& [ip, entry] : entries_) hooks_.entry_removed(ip);
  }
  entries_.clear();
}

}  // namespace metallab::sim
