// Linux's connection tracking with NAT, reduced to what kube-proxy's rules need: a connection is
// remembered by the tuple of its first packet together with the tuple that packet was rewritten
// to, and every later packet of it, in either direction, is rewritten to match (DNAT on the way
// in, the reverse on replies, SNAT likewise). Only TCP and UDP are tracked.
//
// Entries expire as nf_conntrack's do by default: UDP 30 s until a reply is seen, then 120 s;
// TCP 120 s until answered, 5 days while open, 120 s after a FIN and 10 s after a RST. Expiry is
// lazy (checked on lookup) plus a sweep when the table grows, so an idle table costs nothing.
#ifndef METALLAB_SIM_NETWORK_CONNECTION_TRACKER_H_
#define METALLAB_SIM_NETWORK_CONNECTION_TRACKER_H_

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/packet_codec.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

struct FlowTuple {
  uint8_t protocol = 0;
  net::IpAddress source;
  uint16_t source_port = 0;
  net::IpAddress destination;
  uint16_t destination_port = 0;

  FlowTuple Reversed() const {
    return FlowTuple{protocol, destination, destination_port, source, source_port};
  }
  std::string ToString() const;
  friend auto operator<=>(const FlowTuple&, const FlowTuple&) = default;
};

// The tuple of a TCP segment or UDP datagram; nullopt for anything else.
std::optional<FlowTuple> FlowTupleOf(const packet::IpPacket& packet);
// Rewrites the packet's addresses and ports to `tuple`'s (same protocol).
void RewriteTo(packet::IpPacket& packet, const FlowTuple& tuple);

class ConnectionTracker {
 public:
  // Sweep expired entries whenever the table reaches this many more than after the last sweep.
  static constexpr size_t kSweepGrowth = 4096;

  // Tracks a new connection: packets matching `original` become `translated`, and replies to
  // `translated` become replies to `original`.
  void Add(SimTime now, const FlowTuple& original, const FlowTuple& translated);
  // Rewrites a packet of a tracked connection (either direction); false when it is not one.
  bool Translate(SimTime now, packet::IpPacket& packet);
  // Whether a live connection already uses `reply` as its reply tuple (a SNAT port clash).
  bool ReplyTupleInUse(SimTime now, const FlowTuple& reply);
  // Forgets the connections of `protocol` rewritten to a destination `keep` rejects (kube-proxy
  // clearing UDP flows to endpoints that are gone); returns how many.
  template <typename Keep>
  size_t ForgetTranslatedTo(uint8_t protocol, Keep keep) {
    std::vector<EntryId> doomed;
    for (const auto& [id, entry] : entries_) {
      const FlowTuple& to = entry.translated;
      if (to.protocol == protocol && !keep(to.destination, to.destination_port)) {
        doomed.push_back(id);
      }
    }
    for (const EntryId id : doomed) Erase(id);
    return doomed.size();
  }
  size_t size() const { return entries_.size(); }
  void Clear();

 private:
  struct Entry {
    FlowTuple original;
    FlowTuple translated;
    SimTime expires = 0;
    bool replied = false;
    std::optional<SimDuration> closing_timeout;  // set by a FIN or RST
  };
  using EntryId = uint64_t;

  std::optional<EntryId> Lookup(SimTime now, const FlowTuple& tuple, bool* reply_direction);
  void Refresh(SimTime now, Entry& entry, const packet::IpPacket& packet);
  void Erase(EntryId id);
  void Sweep(SimTime now);

  std::map<EntryId, Entry> entries_;
  std::map<FlowTuple, EntryId> originals_;
  std::map<FlowTuple, EntryId> replies_;  // by the reply tuple (translated, reversed)
  EntryId next_id_ = 0;
  size_t size_after_sweep_ = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_CONNECTION_TRACKER_H_
