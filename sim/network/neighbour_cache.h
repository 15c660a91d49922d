// A neighbour table with Linux's state machine (net/core/neighbour.c), shared by ARP and NDP:
// the protocols decide what a received message means and call Update, as arp_process and
// ndisc_recv_na do; the cache decides when to probe, when an entry goes stale, and when it
// fails.
//
//   INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE --packet sent--> DELAY
//   DELAY --confirmed--> REACHABLE;  DELAY --delay_first_probe_time--> PROBE
//   PROBE --ucast_solicit unicast probes unanswered--> FAILED
//   INCOMPLETE --mcast_solicit broadcast probes unanswered--> FAILED (queued packets dropped)
//
// Simplifications (docs/network-model.md): one reachable_time per table, re-drawn every 300 s
// as Linux does per parameter set; no proxy entries; the unresolved queue counts packets.
#ifndef METALLAB_SIM_NETWORK_NEIGHBOUR_CACHE_H_
#define METALLAB_SIM_NETWORK_NEIGHBOUR_CACHE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/packet_codec.h"
#include "sim/engine/simulator.h"
#include "sim/network/frame.h"

namespace metallab::sim {

// Linux's defaults (ip-sysctl.rst, neigh/default/*).
struct NeighbourParameters {
  SimDuration base_reachable_time = Seconds(30);
  SimDuration retrans_time = Seconds(1);
  SimDuration delay_first_probe_time = Seconds(5);
  SimDuration locktime = Seconds(1);  // ARP: ignore a different address this soon after an update
  SimDuration gc_stale_time = Seconds(60);
  SimDuration gc_interval = Seconds(15);  // periodic work runs every base_reachable_time/2
  SimDuration reachable_time_refresh = Seconds(300);
  int ucast_solicit = 3;
  int mcast_solicit = 3;
  size_t gc_thresh1 = 128;  // no garbage collection below this many entries
  size_t unres_qlen = 101;  // packets queued per unresolved entry
  // ARP: whether gratuitous ARP may create an entry (it always overrides an existing one).
  bool arp_accept = false;
};

enum class NeighbourState { kIncomplete, kReachable, kStale, kDelay, kProbe, kFailed, kPermanent };
std::string_view NeighbourStateName(NeighbourState state);

struct NeighbourSnapshot {
  NeighbourState state = NeighbourState::kIncomplete;
  MacAddress mac;
  SimTime updated = 0;    // last change of address or state
  SimTime confirmed = 0;  // last proof of reachability
  SimTime used = 0;       // last packet sent through the entry
};

// Flags of an update, as neigh_update takes them.
enum NeighbourUpdateFlag : unsigned {
  kNeighbourOverride = 1,      // a different address replaces the known one
  kNeighbourWeakOverride = 2,  // a different address only makes a REACHABLE entry STALE
};

class NeighbourCache {
 public:
  struct Hooks {
    // Send a solicitation for `target`: broadcast/multicast when `unicast_to` is empty.
    std::function<void(const net::IpAddress& target, std::optional<MacAddress> unicast_to)> solicit;
    // Put `packet` on the wire to `mac`.
    std::function<void(const MacAddress& mac, packet::EtherPayload packet)> transmit;
    // `count` queued packets for `target` were dropped (resolution failed).
    std::function<void(const net::IpAddress& target, size_t count)> dropped;
    // What the table says about `ip` changed: the address when the entry is valid, nullopt
    // while it is not (INCOMPLETE, FAILED); and the entry went away. The switch's ARP flood
    // filter follows the table through these.
    std::function<void(const net::IpAddress& ip, std::optional<MacAddress> valid)> entry_changed;
    std::function<void(const net::IpAddress& ip)> entry_removed;
  };

  NeighbourCache(Simulator& simulator, std::string name, NeighbourParameters parameters,
                 Hooks hooks);

  // Sends `packet` to `next_hop`, resolving it first when needed (neigh_resolve_output).
  void Output(const net::IpAddress& next_hop, packet::EtherPayload packet);
  // A protocol learned something about `ip` (neigh_update). `create` adds a missing entry.
  void Update(const net::IpAddress& ip, const MacAddress& mac, NeighbourState new_state,
              unsigned flags, bool create);
  // An upper layer (TCP making progress) confirms `ip` is reachable (dst_confirm).
  void Confirm(const net::IpAddress& ip);
  // A permanent entry (ip neigh add ... nud permanent).
  void AddPermanent(const net::IpAddress& ip, const MacAddress& mac);

  std::optional<NeighbourSnapshot> Find(const net::IpAddress& ip) const;
  bool Contains(const net::IpAddress& ip) const { return entries_.count(ip) > 0; }
  // Every entry, in address order.
  std::vector<std::pair<net::IpAddress, NeighbourSnapshot>> Entries() const;
  SimDuration reachable_time() const { return reachable_time_; }
  const NeighbourParameters& parameters() const { return parameters_; }
  void Flush();

 private:
  struct Entry {
    explicit Entry(Simulator& simulator) : timer(simulator) {}
    NeighbourSnapshot snapshot;
    int probes = 0;
    // A vector, not a deque: most entries never queue anything, and an empty deque allocates.
    std::vector<packet::EtherPayload> queue;
    Timer timer;
  };

  Entry& Create(const net::IpAddress& ip);
  void Publish(const net::IpAddress& ip, const Entry& entry) const;
  void SetState(const net::IpAddress& ip, Entry& entry, NeighbourState state);
  void OnTimer(const net::IpAddress& ip);
  void SendProbe(const net::IpAddress& ip, Entry& entry);
  void FlushQueue(Entry& entry);
  void ScheduleGc();
  void CollectGarbage();
  void RefreshReachableTime();

  Simulator& simulator_;
  std::string name_;
  NeighbourParameters parameters_;
  Hooks hooks_;
  RngStream rng_;
  SimDuration reachable_time_;
  // Hashed: a host on a busy segment looks up the sender of every broadcast it hears.
  std::unordered_map<net::IpAddress, std::unique_ptr<Entry>> entries_;
  Timer gc_timer_;
  Timer refresh_timer_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_NEIGHBOUR_CACHE_H_
