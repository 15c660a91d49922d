// A router's BGP routing table: an Adj-RIB-In per peer and the Loc-RIB chosen from them by
// RFC 4271 §9.1's decision process, as BIRD and FRR run it, with multipath (ECMP) on top. The
// router model installs what this chooses into its forwarding table; tests and scenario
// expectations read it.
//
// The decision process narrows the candidate paths of a prefix step by step (RFC 4271
// §9.1.2.2's elimination, which keeps MED comparison well-defined when it only applies within
// one neighbouring AS):
//   1. highest LOCAL_PREF (a path learned over eBGP counts as the default, 100);
//   2. shortest AS_PATH (an AS_SET counts 1);
//   3. lowest ORIGIN (IGP < EGP < INCOMPLETE);
//   4. lowest MED, missing counting as 0, compared only between paths from the same
//      neighbouring AS unless always_compare_med;
//   5. eBGP over iBGP;
//   6. (IGP cost to the next hop: every next hop here is on a connected subnet);
//   7. lowest BGP identifier of the peer, then lowest peer address: the best path.
// Multipath: the best path plus those still standing after step 5 with the best path's
// neighbouring AS, taken in step 7's order until max_paths distinct next hops. Paths whose next
// hop cannot be reached, and eBGP paths whose AS_PATH holds our own AS (a loop), take no part.
#ifndef METALLAB_SIM_BGP_BGP_RIB_H_
#define METALLAB_SIM_BGP_BGP_RIB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "core/bgp/path_attribute.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::sim {

// The peer a path came from, as the decision process needs it.
struct BgpPeerInfo {
  net::IpAddress address = {};
  uint32_t peer_as = 0;
  uint32_t router_id = 0;  // its BGP identifier, from its OPEN
  friend bool operator==(const BgpPeerInfo&, const BgpPeerInfo&) = default;
};

struct BgpRibOptions {
  uint32_t local_as = 0;
  // Distinct next hops a route may have; 1 turns multipath off.
  size_t max_paths = 1;
  // Compare MED between paths from different neighbouring ASes too (bestpath med
  // always-compare / BIRD's med metric).
  bool always_compare_med = false;
  uint32_t default_local_pref = 100;
  // Whether a next hop can be reached; paths through others are not candidates. Unset: all.
  std::function<bool(const net::IpAddress& next_hop)> next_hop_reachable = nullptr;
};

// What the Loc-RIB holds for a prefix.
struct LocRibRoute {
  net::IpPrefix prefix;
  std::vector<net::IpAddress> next_hops;                  // ascending by address; the multipath set
  std::shared_ptr<const bgp::PathAttributes> attributes;  // the best path's
  net::IpAddress best_peer;                               // the neighbour the best path came from
  size_t candidates = 0;  // paths known for the prefix, eligible or not

  friend bool operator==(const LocRibRoute& a, const LocRibRoute& b) {
    return a.prefix == b.prefix && a.next_hops == b.next_hops && *a.attributes == *b.attributes &&
           a.best_peer == b.best_peer;
  }
};

class BgpRib {
 public:
  explicit BgpRib(BgpRibOptions options);

  // A peer's identity, once its session is up (its identifier may change between sessions).
  // Returns the prefixes whose Loc-RIB route changed, ascending, as every mutation does.
  std::vector<net::IpPrefix> SetPeer(const BgpPeerInfo& peer);

  // The peer announces `prefixes` with `attributes` (an implicit withdraw of what it said
  // before). Ignored for a peer SetPeer has not named.
  std::vector<net::IpPrefix> Announce(const net::IpAddress& peer,
                                      std::span<const net::IpPrefix> prefixes,
                                      const bgp::PathAttributes& attributes);
  std::vector<net::IpPrefix> Withdraw(const net::IpAddress& peer,
                                      std::span<const net::IpPrefix> prefixes);
  // The session with `peer` went down: everything learned from it goes.
  std::vector<net::IpPrefix> RemovePeerRoutes(const net::IpAddress& peer);
  // Everything goes (the router lost power).
  std::vector<net::IpPrefix> Clear();

  const LocRibRoute* Find(const net::IpPrefix& prefix) const;
  const std::map<net::IpPrefix, LocRibRoute>& loc_rib() const { return loc_rib_; }
  size_t size() const { return loc_rib_.size(); }
  // A peer's Adj-RIB-In: what it announced, by prefix.
  std::map<net::IpPrefix, std::shared_ptr<const bgp::PathAttributes>> AdjRibIn(
      const net::IpAddress& peer) const;
  size_t AdjRibInSize(const net::IpAddress& peer) const;
  size_t paths() const { return path_count_; }
  const BgpRibOptions& options() const { return options_; }

 private:
  struct Path {
    std::shared_ptr<const bgp::PathAttributes> attributes;
    net::IpAddress next_hop;
  };
  struct Candidate {
    const BgpPeerInfo* peer;
    const Path* path;
  };
  struct PeerState {
    BgpPeerInfo info;
    std::set<net::IpPrefix> prefixes;  // its Adj-RIB-In's keys
  };

  std::optional<net::IpAddress> NextHopFor(const net::IpPrefix& prefix,
                                           const bgp::PathAttributes& attributes) const;
  // Drops `peer`'s path for `prefix` without re-running the decision; false when it had none.
  bool ForgetPath(PeerState& peer, const net::IpPrefix& prefix);
  bool Eligible(const Candidate& candidate) const;
  // Re-runs the decision process for `prefix`; true when its Loc-RIB route changed.
  bool Select(const net::IpPrefix& prefix);
  std::optional<LocRibRoute> Decide(const net::IpPrefix& prefix,
                                    std::span<const Candidate> candidates) const;
  void Reselect(std::span<const net::IpPrefix> prefixes, std::vector<net::IpPrefix>& changed);

  BgpRibOptions options_;
  std::map<net::IpAddress, PeerState> peers_;
  // Every path known per prefix, by the peer it came from.
  std::map<net::IpPrefix, std::map<net::IpAddress, Path>> paths_;
  std::map<net::IpPrefix, LocRibRoute> loc_rib_;
  size_t path_count_ = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_RIB_H_
