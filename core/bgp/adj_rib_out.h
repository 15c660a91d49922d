// The routes one session advertises: what the speaker wants the peer to have (kept while the
// session is down, as MetalLB keeps its pending state) and what was last sent on the current
// connection (RFC 4271's Adj-RIB-Out). The difference is what the next UPDATEs carry, so a
// duplicate announcement sends nothing, a change of attributes is one implicit replace, and a
// new connection starts from nothing sent and gets the whole table again.
//
// Attribute sets are shared: prefixes announced with equal attributes point at one stored
// copy, and go out together, packed by update_builder into as few UPDATEs as fit.
#ifndef METALLAB_CORE_BGP_ADJ_RIB_OUT_H_
#define METALLAB_CORE_BGP_ADJ_RIB_OUT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <vector>

#include "core/bgp/address_family.h"
#include "core/bgp/codec_context.h"
#include "core/bgp/path_attribute.h"
#include "core/net/ip_prefix.h"

namespace metallab::bgp {

class AdjRibOut {
 public:
  // Wants `prefixes` announced with `attributes` (MP_REACH_NLRI's own prefixes and any
  // MP_UNREACH_NLRI are ignored). Returns how many were refused: an IPv4 prefix needs an IPv4
  // NEXT_HOP, an IPv6 one an IPv6 unicast MP_REACH_NLRI for its next hop, and the attributes
  // must leave room for a prefix in a 4096-byte UPDATE.
  size_t Announce(std::span<const net::IpPrefix> prefixes, const PathAttributes& attributes);
  // No longer wants `prefixes` announced.
  void Withdraw(std::span<const net::IpPrefix> prefixes);

  // The UPDATEs that bring the peer from what was sent to what is wanted, for the prefixes of
  // `families` (others wait for a session that negotiates them): announcements grouped by
  // attribute set, then the withdrawals. Records them as sent.
  std::vector<std::vector<uint8_t>> TakeUpdates(const CodecContext& context,
                                                std::span<const AfiSafi> families);
  // The connection is gone: nothing is sent any more, everything wanted is pending.
  void ForgetSent();
  // A ROUTE-REFRESH for `family`: what was sent of it goes again on the next TakeUpdates.
  void Resend(AfiSafi family);

  size_t wanted() const { return wanted_.size(); }
  size_t sent() const { return sent_.size(); }
  size_t pending() const { return pending_.size(); }
  size_t attribute_sets() const { return sets_.live(); }
  bool IsSent(const net::IpPrefix& prefix) const { return sent_.count(prefix) != 0; }

 private:
  // Attribute sets by id, reference-counted across wanted_ and sent_, so an id is not reused
  // while either still names it. Lookup is linear in the sets alive: a speaker has one per
  // advertisement (local preference and communities), not per prefix.
  class AttributeSets {
   public:
    uint32_t Find(const PathAttributes& attributes);  // adds the set unreferenced if new
    void Acquire(uint32_t id) { ++slots_[id].references; }
    void Release(uint32_t id);
    const PathAttributes& Get(uint32_t id) const { return slots_[id].attributes; }
    size_t live() const { return slots_.size() - free_.size(); }

   private:
    struct Slot {
      PathAttributes attributes;
      size_t references = 0;
    };
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_;
  };

  void Set(std::map<net::IpPrefix, uint32_t>& table, const net::IpPrefix& prefix, uint32_t id);
  void Erase(std::map<net::IpPrefix, uint32_t>& table, const net::IpPrefix& prefix);

  AttributeSets sets_;
  std::map<net::IpPrefix, uint32_t> wanted_;
  std::map<net::IpPrefix, uint32_t> sent_;
  std::set<net::IpPrefix> pending_;  // where wanted_ and sent_ may differ
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_ADJ_RIB_OUT_H_
