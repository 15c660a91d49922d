// MetalLB's configuration after parsing and validation: what the allocator and the speakers
// act on. Both the legacy ConfigMap (v0.9–v0.12) and the CRDs (v0.13+) load into this one model.
// Lists keep declaration order (file order, then document order): where MetalLB iterates a Go
// map, metallab iterates these lists, so its choices are reproducible.
#ifndef METALLAB_CORE_CONFIG_CONFIG_H_
#define METALLAB_CORE_CONFIG_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/k8s/label_selector.h"
#include "core/manifest/diagnostics.h"
#include "core/net/ip_prefix.h"

namespace metallab::config {

// spec.serviceAllocation of an IPAddressPool. When it names no namespaces and no selectors at all,
// service_selectors holds one empty selector (which matches every service), as MetalLB does: the
// pool is then pinned for every service and only its priority matters.
struct ServiceAllocation {
  int priority = 0;  // lower positive = preferred; 0 = lowest
  // spec.namespaces plus every Namespace matched by spec.namespaceSelectors.
  std::set<std::string> namespaces;
  std::vector<k8s::LabelSelector> namespace_selectors;
  std::vector<k8s::LabelSelector> service_selectors;

  friend bool operator==(const ServiceAllocation&, const ServiceAllocation&) = default;
};

// Which protocol a legacy (ConfigMap) pool was declared with; CRD pools have none, they are
// announced by whichever advertisements select them.
enum class LegacyProtocol { kNone, kLayer2, kBgp };

struct Pool {
  std::string name;
  // Every entry of spec.addresses in declaration order, ranges summarized into ascending CIDRs.
  std::vector<net::IpPrefix> cidrs;
  bool auto_assign = true;
  bool avoid_buggy_ips = false;
  std::optional<ServiceAllocation> service_allocation;
  k8s::Labels labels;  // for ipAddressPoolSelectors
  LegacyProtocol legacy_protocol = LegacyProtocol::kNone;
  manifest::SourceLocation where;

  friend bool operator==(const Pool& a, const Pool& b) {
    return a.name == b.name && a.cidrs == b.cidrs && a.auto_assign == b.auto_assign &&
           a.avoid_buggy_ips == b.avoid_buggy_ips && a.service_allocation == b.service_allocation &&
           a.labels == b.labels && a.legacy_protocol == b.legacy_protocol;
  }
};

struct PreferredNode {
  int weight = 1;  // 1..100
  k8s::LabelSelector preference;

  friend bool operator==(const PreferredNode&, const PreferredNode&) = default;
};

struct L2Advertisement {
  std::string name;
  // Every pool this advertisement applies to, in pool order: the pools named, those matched by
  // ipAddressPoolSelectors, or all pools when neither is given. Empty = no pool. A pool that an
  // identical earlier advertisement (without preferences) already covers is left out, as MetalLB
  // de-duplicates per pool.
  std::vector<std::string> pools;
  std::vector<k8s::LabelSelector> node_selectors;     // empty = all nodes
  std::vector<std::string> interfaces;                // empty = all interfaces
  std::vector<k8s::LabelSelector> service_selectors;  // empty = all services
  std::vector<PreferredNode> preferred_nodes;
  manifest::SourceLocation where;
};

// A BGP community: 16:16 bits, or a large community (32:32:32 bits).
struct CommunityValue {
  bool large = false;
  uint32_t global = 0;  // large only
  uint32_t high = 0;
  uint32_t low = 0;

  std::string ToString() const;  // "A:B" or "large:X:Y:Z"
  friend auto operator<=>(const CommunityValue&, const CommunityValue&) = default;
};

struct BgpAdvertisement {
  std::string name;
  int aggregation_length = 32;
  int aggregation_length_v6 = 128;
  uint32_t local_pref = 0;
  std::vector<CommunityValue> communities;  // aliases resolved; a set: sorted, no duplicates
  // Every pool this advertisement applies to, in pool order (names, selectors, or all pools when
  // neither is given). Empty = no pool.
  std::vector<std::string> pools;
  std::vector<k8s::LabelSelector> node_selectors;
  std::vector<std::string> peers;  // BGPPeer names; empty = all peers
  std::vector<k8s::LabelSelector> service_selectors;
  manifest::SourceLocation where;
};

struct BfdProfile {
  std::string name;
  std::optional<uint32_t> receive_interval_ms;   // 10..60000, FRR default 300
  std::optional<uint32_t> transmit_interval_ms;  // 10..60000, FRR default 300
  std::optional<uint32_t> detect_multiplier;     // 2..255, FRR default 3
  std::optional<uint32_t> echo_interval_ms;      // 10..60000, FRR default 50
  bool echo_mode = false;
  bool passive_mode = false;
  std::optional<uint32_t> minimum_ttl;  // 1..254
  manifest::SourceLocation where;
};

struct BgpPeer {
  std::string name;
  uint32_t my_asn = 0;
  uint32_t peer_asn = 0;
  std::string dynamic_asn;  // "internal" | "external" | ""
  std::optional<net::IpAddress> address;
  std::string interface;  // unnumbered (FRR modes)
  uint16_t port = 179;
  std::optional<net::IpAddress> source_address;
  std::optional<uint32_t> hold_time_s;       // after the timer rules: hold ⇒ keepalive=hold/3
  std::optional<uint32_t> keepalive_time_s;  // keepalive only ⇒ hold=3×keepalive
  std::optional<uint32_t> connect_time_s;
  std::optional<net::IpAddress> router_id;
  std::vector<k8s::LabelSelector> node_selectors;  // empty = all nodes
  std::string password;
  // spec.passwordSecret.name: recorded, not resolved (metallab has no Secret store).
  std::string password_secret;
  std::string bfd_profile;
  bool ebgp_multihop = false;
  std::string vrf;
  uint32_t local_asn = 0;  // FRR modes: advertised with "local-as"; 0 = unset
  bool enable_graceful_restart = false;
  bool dual_stack_address_family = false;
  bool disable_mp = false;  // deprecated in favour of dual_stack_address_family
  manifest::SourceLocation where;
};

struct Config {
  std::vector<Pool> pools;
  std::vector<L2Advertisement> l2_advertisements;
  std::vector<BgpAdvertisement> bgp_advertisements;
  std::vector<BgpPeer> peers;
  std::vector<BfdProfile> bfd_profiles;
  std::map<std::string, CommunityValue> community_aliases;

  const Pool* FindPool(const std::string& name) const;
  // The pool holding every one of `ips`, as a speaker finds a Service's pool (MetalLB's
  // speaker poolFor: by address, since v0.9's controller writes no pool annotation); nullptr
  // for no IPs or none. Pools never overlap, so the first is the only one.
  const Pool* PoolHolding(const std::vector<net::IpAddress>& ips) const;
};

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_H_
