// Configuration as read, before validation: what each MetalLB resource says, or each entry of the
// legacy ConfigMap once converted as configmaptocrs converts it, with the position of every value
// a later check can fail on. Both formats meet here, so validation is one code path; the origin
// only changes wording (MetalLB words some legacy errors differently) and, in the v0.9 profile,
// the few rules v0.9 applied differently.
#ifndef METALLAB_CORE_CONFIG_CONFIG_SPEC_H_
#define METALLAB_CORE_CONFIG_CONFIG_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/k8s/label_selector.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

enum class SpecOrigin { kResource, kConfigMap };

template <typename T>
struct Located {
  T value{};
  manifest::SourceLocation where;
};

using LocatedStrings = std::vector<Located<std::string>>;

struct SpecSource {
  std::string name;
  std::string ns;
  std::string object;              // names the object in diagnostics
  manifest::SourceLocation where;  // the object, or its entry in the ConfigMap
  SpecOrigin origin = SpecOrigin::kResource;
  // Prefix of messages about a ConfigMap entry, as MetalLB's ("parsing peer #2: "): the object
  // name alone does not say which entry.
  std::string context;
};

// Whether the current (v0.13+) rules apply: always, except to ConfigMap entries in the v0.9
// profile, which follow v0.9.6.
inline bool CurrentRules(const SpecSource& source, BehaviourProfile profile) {
  return source.origin == SpecOrigin::kResource || profile != BehaviourProfile::kV0_9;
}

struct SelectorSpec {
  k8s::LabelSelector selector;
  manifest::SourceLocation where;
};

struct ServiceAllocationSpec {
  manifest::SourceLocation where;
  int64_t priority = 0;
  LocatedStrings namespaces;
  std::vector<SelectorSpec> namespace_selectors;
  std::vector<SelectorSpec> service_selectors;
};

struct PoolSpec {
  SpecSource source;
  k8s::Labels labels;
  LocatedStrings addresses;
  manifest::SourceLocation addresses_where;  // the list, or the object when absent
  bool addresses_malformed = false;          // present but not a list: already reported
  std::optional<bool> auto_assign;
  std::optional<bool> avoid_buggy_ips;
  std::optional<ServiceAllocationSpec> service_allocation;
  LegacyProtocol legacy_protocol = LegacyProtocol::kNone;
};

struct PreferredNodeSpec {
  int64_t weight = 1;
  SelectorSpec preference;
};

struct L2AdvertisementSpec {
  SpecSource source;
  LocatedStrings pools;
  std::vector<SelectorSpec> pool_selectors;
  std::vector<SelectorSpec> node_selectors;
  std::vector<SelectorSpec> service_selectors;
  std::vector<std::string> interfaces;
  std::vector<PreferredNodeSpec> preferred_nodes;
};

struct BgpAdvertisementSpec {
  SpecSource source;
  std::optional<Located<int64_t>> aggregation_length;
  std::optional<Located<int64_t>> aggregation_length_v6;
  std::optional<Located<int64_t>> local_pref;
  LocatedStrings communities;
  LocatedStrings pools;
  LocatedStrings peers;
  std::vector<SelectorSpec> pool_selectors;
  std::vector<SelectorSpec> node_selectors;
  std::vector<SelectorSpec> service_selectors;
};

struct DurationSpec {
  int64_t nanoseconds = 0;
  std::string text;  // as written (Go's formatting of the value when defaulted)
  manifest::SourceLocation where;
};

struct PeerSpec {
  SpecSource source;
  std::optional<Located<int64_t>> my_asn;
  std::optional<Located<int64_t>> peer_asn;
  std::optional<Located<int64_t>> local_asn;
  std::optional<Located<int64_t>> port;
  std::optional<Located<std::string>> dynamic_asn;
  std::optional<Located<std::string>> address;
  std::optional<Located<std::string>> interface;
  std::optional<Located<std::string>> source_address;
  std::optional<Located<std::string>> router_id;
  std::optional<Located<std::string>> password;
  std::optional<Located<std::string>> password_secret;
  std::optional<Located<std::string>> bfd_profile;
  std::optional<Located<std::string>> vrf;
  std::optional<DurationSpec> hold_time;
  std::optional<DurationSpec> keepalive_time;
  std::optional<DurationSpec> connect_time;
  std::optional<Located<bool>> ebgp_multihop;
  std::optional<Located<bool>> graceful_restart;
  std::optional<Located<bool>> disable_mp;
  std::optional<Located<bool>> dual_stack;
  std::vector<SelectorSpec> node_selectors;
};

struct BfdProfileSpec {
  SpecSource source;
  std::optional<Located<int64_t>> receive_interval;
  std::optional<Located<int64_t>> transmit_interval;
  std::optional<Located<int64_t>> detect_multiplier;
  std::optional<Located<int64_t>> echo_interval;
  std::optional<Located<int64_t>> minimum_ttl;
  std::optional<bool> echo_mode;
  std::optional<bool> passive_mode;
};

struct CommunityAliasSpec {
  Located<std::string> name;
  Located<std::string> value;
};

struct CommunitySpec {
  SpecSource source;
  std::vector<CommunityAliasSpec> aliases;
};

struct NamespaceSpec {
  std::string name;
  k8s::Labels labels;
};

struct ConfigSpecs {
  std::vector<PoolSpec> pools;
  std::vector<L2AdvertisementSpec> l2_advertisements;
  std::vector<BgpAdvertisementSpec> bgp_advertisements;
  std::vector<PeerSpec> peers;
  std::vector<BfdProfileSpec> bfd_profiles;
  std::vector<CommunitySpec> communities;
  std::vector<NamespaceSpec> namespaces;
};

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_SPEC_H_
