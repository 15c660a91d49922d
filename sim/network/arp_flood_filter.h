// Which ports of a switch must see a broadcast ARP frame. On a busy segment nearly every
// broadcast is an ARP request that nearly every host ignores: Linux's arp_process does nothing
// with a request for another host's address unless it holds an entry for the sender, and for a
// valid entry that already has the sender's MAC the update it makes is no update at all
// (neigh_update keeps the state when a STALE report brings the same address). Delivering each
// copy only for the host to drop it costs a cache-missing lookup per host per broadcast
// (bench/README.md: 2.25 × 10^8 of them in a minute of a 1,000-host mesh).
//
// So hosts publish what makes an ARP frame matter to them: the IPv4 addresses they own, and
// their ARP table as (address, MAC while valid). A broadcast ARP frame from `sender` (at MAC
// `sender_mac`) for `target` goes to the ports owning `target`, the ports whose entry for
// `sender` is not valid or holds another MAC, and the opaque ports. That is a superset of the
// hosts arp_process changes anything on, so what hosts do with ARP is unchanged. What changes:
// a pruned copy does not occupy the host's cable (0.5 µs at 1 Gbit/s) and is not in the host's
// counters.
//
// A port is opaque (sees every frame) by default, and stays so unless the host behind it is an
// IpNode that registered and neither of these holds: it accepts gratuitous ARP for unknown
// senders (arp_accept), or a raw socket listens on it (MetalLB's speaker, arping). A capture
// changes nothing here (observing must not change the run): the switch writes the pruned copies
// to the captures of either end of the cable without carrying them.
#ifndef METALLAB_SIM_NETWORK_ARP_FLOOD_FILTER_H_
#define METALLAB_SIM_NETWORK_ARP_FLOOD_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "core/packet/arp_view.h"
#include "core/packet/mac_address.h"

namespace metallab::sim {

class ArpFloodFilter {
 public:
  void AddPort();
  // The host behind `port` registered and says whether it must see every ARP frame.
  void SetHostOpaque(size_t port, bool opaque);

  // Reference-counted: a host may own an address on two interfaces.
  void AddOwned(size_t port, uint32_t ipv4);
  void RemoveOwned(size_t port, uint32_t ipv4);
  // The host's ARP entry for `ipv4`: its MAC (48 bits) while valid, nullopt while not.
  void SetEntry(size_t port, uint32_t ipv4, std::optional<uint64_t> valid_mac);
  void RemoveEntry(size_t port, uint32_t ipv4);

  // The ports a broadcast ARP frame must reach (before the VLAN and ingress rules), ascending
  // and without duplicates.
  void PortsFor(uint32_t sender, uint64_t sender_mac, uint32_t target,
                std::vector<size_t>& ports) const;

 private:
  struct Owner {
    size_t port;
    uint32_t references;
  };
  struct CachedEntry {
    size_t port;
    std::optional<uint64_t> valid_mac;
  };
  void Refresh(size_t port);

  // Per port: the host asks for everything (or never registered).
  std::vector<bool> host_opaque_;
  std::set<size_t> opaque_;
  std::unordered_map<uint32_t, std::vector<Owner>> owners_;
  std::unordered_map<uint32_t, std::vector<CachedEntry>> entries_;
};

// What the switch reads from an untagged broadcast ARP frame; nullopt for any other frame
// (flooded to every port as before).
std::optional<packet::ArpView> BroadcastArpKey(const std::vector<uint8_t>& frame);

// A MAC as the 48-bit number the filter compares.
uint64_t MacValue(const packet::MacAddress& mac);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_ARP_FLOOD_FILTER_H_
