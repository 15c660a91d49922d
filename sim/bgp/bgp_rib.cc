#include "sim/bgp/bgp_rib.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "core/bgp/as_path.h"

namespace metallab::sim {
namespace {

// A candidate path with everything the decision process compares, worked out once.
struct Ranked {
  const BgpPeerInfo* peer = nullptr;
  std::shared_ptr<const bgp::PathAttributes> attributes;
  net::IpAddress next_hop;
  uint32_t local_pref = 0;
  size_t as_path_length = 0;
  uint8_t origin = 0;
  uint32_t med = 0;
  uint32_t neighbour_as = 0;
  bool external = false;

  // Step 7's order: the BGP identifier, then the peer's address.
  auto TieBreak() const { return std::make_tuple(peer->router_id, peer->address); }
};

bool IsExternal(const BgpPeerInfo& peer, uint32_t local_as) { return peer.peer_as != local_as; }

// RFC 4271 §9.1.2.2 (c): the AS a path entered ours from is the first of its AS_PATH; a path
// without one was originated inside our AS.
uint32_t NeighbourAs(const std::optional<bgp::AsPath>& path, uint32_t local_as) {
  if (!path) return local_as;
  for (const bgp::AsSegment& segment : path->segments) {
    if (segment.type == bgp::AsSegmentType::kConfedSequence ||
        segment.type == bgp::AsSegmentType::kConfedSet) {
      continue;
    }
    const bool ordered = segment.type == bgp::AsSegmentType::kSequence;
    return ordered && !segment.asns.empty() ? segment.asns.front() : local_as;
  }
  return local_as;
}

bool Contains(const std::optional<bgp::AsPath>& path, uint32_t asn) {
  if (!path) return false;
  for (const bgp::AsSegment& segment : path->segments) {
    if (std::find(segment.asns.begin(), segment.asns.end(), asn) != segment.asns.end()) {
      return true;
    }
  }
  return false;
}

// Keeps the paths whose `key` is lowest: one step of the elimination.
template <typename Key>
void KeepLowest(std::vector<Ranked>& paths, Key key) {
  auto lowest = key(paths.front());
  for (const Ranked& path : paths) lowest = std::min(lowest, key(path));
  std::erase_if(paths, [&](const Ranked& path) { return key(path) != lowest; });
}

// Step 4 without always-compare: a path goes when a path from the same neighbouring AS has a
// lower MED. Comparing only within an AS is what makes the order non-transitive, and why the
// RFC eliminates instead of sorting.
void KeepLowestMedPerNeighbourAs(std::vector<Ranked>& paths) {
  std::map<uint32_t, uint32_t> lowest;
  for (const Ranked& path : paths) {
    const auto [entry, added] = lowest.emplace(path.neighbour_as, path.med);
    if (!added) entry->second = std::min(entry->second, path.med);
  }
  std::erase_if(paths, [&](const Ranked& path) { return path.med > lowest[path.neighbour_as]; });
}

Ranked RankOf(const BgpPeerInfo& peer, std::shared_ptr<const bgp::PathAttributes> attributes,
              const net::IpAddress& next_hop, const BgpRibOptions& options) {
  const std::optional<bgp::AsPath> as_path = bgp::FullAsPath(*attributes);
  const bool external = IsExternal(peer, options.local_as);
  // LOCAL_PREF is our AS's own opinion: one learned from outside it means nothing.
  const uint32_t local_pref = external
                                  ? options.default_local_pref
                                  : attributes->local_pref.value_or(options.default_local_pref);
  return Ranked{&peer,
                attributes,
                next_hop,
                local_pref,
                as_path ? bgp::PathLength(*as_path) : 0,
                static_cast<uint8_t>(attributes->origin.value_or(bgp::Origin::kIgp)),
                attributes->med.value_or(0),
                NeighbourAs(as_path, options.local_as),
                external};
}

// Steps 1 to 5 of the decision process: the paths left are equal up to the tie-break.
void EliminateUpToTieBreak(std::vector<Ranked>& paths, bool always_compare_med) {
  KeepLowest(paths, [](const Ranked& p) { return -int64_t{p.local_pref}; });  // the highest
  KeepLowest(paths, [](const Ranked& p) { return p.as_path_length; });
  KeepLowest(paths, [](const Ranked& p) { return p.origin; });
  if (always_compare_med) {
    KeepLowest(paths, [](const Ranked& p) { return p.med; });
  } else {
    KeepLowestMedPerNeighbourAs(paths);
  }
  KeepLowest(paths, [](const Ranked& p) { return p.external ? 0 : 1; });
}

// The multipath set: the best path first, then those equal to it up to the tie-break and from
// its neighbouring AS, in tie-break order, until `max_paths` distinct next hops.
std::vector<net::IpAddress> MultipathNextHops(std::vector<Ranked> equal, const Ranked& best,
                                              size_t max_paths) {
  std::erase_if(equal, [&](const Ranked& path) { return path.neighbour_as != best.neighbour_as; });
  std::sort(equal.begin(), equal.end(),
            [](const Ranked& a, const Ranked& b) { return a.TieBreak() < b.TieBreak(); });
  std::vector<net::IpAddress> next_hops;
  for (const Ranked& path : equal) {
    if (next_hops.size() >= std::max<size_t>(max_paths, 1)) break;
    if (std::find(next_hops.begin(), next_hops.end(), path.next_hop) != next_hops.end()) continue;
    next_hops.push_back(path.next_hop);
  }
  std::sort(next_hops.begin(), next_hops.end());
  return next_hops;
}

}  // namespace

BgpRib::BgpRib(BgpRibOptions options) : options_(std::move(options)) {}

std::vector<net::IpPrefix> BgpRib::SetPeer(const BgpPeerInfo& peer) {
  auto [entry, added] = peers_.try_emplace(peer.address, PeerState{peer, {}});
  std::vector<net::IpPrefix> changed;
  if (added || entry->second.info == peer) return changed;
  entry->second.info = peer;
  const std::vector<net::IpPrefix> prefixes(entry->second.prefixes.begin(),
                                            entry->second.prefixes.end());
  Reselect(prefixes, changed);
  return changed;
}

std::vector<net::IpPrefix> BgpRib::Announce(const net::IpAddress& peer,
                                            std::span<const net::IpPrefix> prefixes,
                                            const bgp::PathAttributes& attributes) {
  std::vector<net::IpPrefix> changed;
  const auto state = peers_.find(peer);
  if (state == peers_.end()) return changed;
  std::vector<net::IpPrefix> sorted(prefixes.begin(), prefixes.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  const auto shared = std::make_shared<const bgp::PathAttributes>(attributes);
  for (const net::IpPrefix& prefix : sorted) {
    const std::optional<net::IpAddress> next_hop = NextHopFor(prefix, *shared);
    if (!next_hop) {
      // Nothing to forward to: as good as a withdrawal of what the peer said before.
      ForgetPath(state->second, prefix);
      continue;
    }
    auto [path, added] = paths_[prefix].insert_or_assign(peer, Path{shared, *next_hop});
    if (added) {
      ++path_count_;
      state->second.prefixes.insert(prefix);
    }
  }
  Reselect(sorted, changed);
  return changed;
}

std::vector<net::IpPrefix> BgpRib::Withdraw(const net::IpAddress& peer,
                                            std::span<const net::IpPrefix> prefixes) {
  std::vector<net::IpPrefix> changed;
  const auto state = peers_.find(peer);
  if (state == peers_.end()) return changed;
  std::vector<net::IpPrefix> removed;
  for (const net::IpPrefix& prefix : prefixes) {
    if (ForgetPath(state->second, prefix)) removed.push_back(prefix);
  }
  std::sort(removed.begin(), removed.end());
  removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
  Reselect(removed, changed);
  return changed;
}

bool BgpRib::ForgetPath(PeerState& peer, const net::IpPrefix& prefix) {
  const auto known = paths_.find(prefix);
  if (known == paths_.end() || known->second.erase(peer.info.address) == 0) return false;
  --path_count_;
  peer.prefixes.erase(prefix);
  if (known->second.empty()) paths_.erase(known);
  return true;
}

std::vector<net::IpPrefix> BgpRib::RemovePeerRoutes(const net::IpAddress& peer) {
  const auto state = peers_.find(peer);
  if (state == peers_.end()) return {};
  const std::vector<net::IpPrefix> prefixes(state->second.prefixes.begin(),
                                            state->second.prefixes.end());
  return Withdraw(peer, prefixes);
}

std::vector<net::IpPrefix> BgpRib::Clear() {
  std::vector<net::IpPrefix> changed;
  changed.reserve(loc_rib_.size());
  for (const auto& [prefix, route] : loc_rib_) changed.push_back(prefix);
  loc_rib_.clear();
  paths_.clear();
  peers_.clear();
  path_count_ = 0;
  return changed;
}

const LocRibRoute* BgpRib::Find(const net::IpPrefix& prefix) const {
  const auto found = loc_rib_.find(prefix);
  return found == loc_rib_.end() ? nullptr : &found->second;
}

std::map<net::IpPrefix, std::shared_ptr<const bgp::PathAttributes>> BgpRib::AdjRibIn(
    const net::IpAddress& peer) const {
  std::map<net::IpPrefix, std::shared_ptr<const bgp::PathAttributes>> routes;
  const auto state = peers_.find(peer);
  if (state == peers_.end()) return routes;
  for (const net::IpPrefix& prefix : state->second.prefixes) {
    routes.emplace(prefix, paths_.at(prefix).at(peer).attributes);
  }
  return routes;
}

size_t BgpRib::AdjRibInSize(const net::IpAddress& peer) const {
  const auto state = peers_.find(peer);
  return state == peers_.end() ? 0 : state->second.prefixes.size();
}

std::optional<net::IpAddress> BgpRib::NextHopFor(const net::IpPrefix& prefix,
                                                 const bgp::PathAttributes& attributes) const {
  if (prefix.family() == net::Family::kIPv4 && attributes.next_hop) return attributes.next_hop;
  if (attributes.mp_reach && attributes.mp_reach->next_hop.family() == prefix.family()) {
    return attributes.mp_reach->next_hop;
  }
  return std::nullopt;
}

bool BgpRib::Eligible(const Candidate& candidate) const {
  if (options_.next_hop_reachable && !options_.next_hop_reachable(candidate.path->next_hop)) {
    return false;
  }
  // An external path through our own AS has looped (RFC 4271 §9.1.2).
  return !IsExternal(*candidate.peer, options_.local_as) ||
         !Contains(bgp::FullAsPath(*candidate.path->attributes), options_.local_as);
}

void BgpRib::Reselect(std::span<const net::IpPrefix> prefixes,
                      std::vector<net::IpPrefix>& changed) {
  for (const net::IpPrefix& prefix : prefixes) {
    if (Select(prefix)) changed.push_back(prefix);
  }
}

bool BgpRib::Select(const net::IpPrefix& prefix) {
  std::vector<Candidate> candidates;
  if (const auto known = paths_.find(prefix); known != paths_.end()) {
    for (const auto& [peer, path] : known->second) {
      candidates.push_back(Candidate{&peers_.at(peer).info, &path});
    }
  }
  std::optional<LocRibRoute> chosen = Decide(prefix, candidates);
  const auto current = loc_rib_.find(prefix);
  if (!chosen) {
    if (current == loc_rib_.end()) return false;
    loc_rib_.erase(current);
    return true;
  }
  if (current == loc_rib_.end()) {
    loc_rib_.emplace(prefix, std::move(*chosen));
    return true;
  }
  const bool same = current->second == *chosen;
  current->second = std::move(*chosen);
  return !same;
}

std::optional<LocRibRoute> BgpRib::Decide(const net::IpPrefix& prefix,
                                          std::span<const Candidate> candidates) const {
  std::vector<Ranked> paths;
  for (const Candidate& candidate : candidates) {
    if (!Eligible(candidate)) continue;
    paths.push_back(
        RankOf(*candidate.peer, candidate.path->attributes, candidate.path->next_hop, options_));
  }
  if (paths.empty()) return std::nullopt;
  EliminateUpToTieBreak(paths, options_.always_compare_med);
  const Ranked& best = *std::min_element(
      paths.begin(), paths.end(),
      [](const Ranked& a, const Ranked& b) { return a.TieBreak() < b.TieBreak(); });
  return LocRibRoute{prefix, MultipathNextHops(paths, best, options_.max_paths), best.attributes,
                     best.peer->address, candidates.size()};
}

}  // namespace metallab::sim
