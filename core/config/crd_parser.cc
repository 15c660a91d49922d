#include "core/config/crd_parser.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <set>
#include <string_view>

#include "core/config/config_kinds.h"
#include "core/config/duration.h"
#include "core/config/expansion_guard.h"
#include "core/config/go_text.h"
#include "core/k8s/label_selector.h"
#include "core/k8s/label_selector_reader.h"
#include "core/k8s/names.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"

namespace metallab::config {
namespace {

using manifest::FieldReader;

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kUint32Max = std::numeric_limits<uint32_t>::max();

// The value node of `key`, found as FieldReader finds it (first match).
YAML::Node ValueOf(const FieldReader& reader, std::string_view key) {
  if (!reader.node().IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : reader.node()) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

void Known(const FieldReader& reader, std::initializer_list<std::string_view> keys) {
  reader.RejectUnknownKeys(keys);  // duplicate keys too
}

std::optional<Located<std::string>> LocatedString(const FieldReader& reader, std::string_view key) {
  auto value = reader.String(key);
  if (!value) return std::nullopt;
  return Located<std::string>{std::move(*value), reader.Locate(key)};
}

std::optional<Located<int64_t>> LocatedInteger(const FieldReader& reader, std::string_view key,
                                               int64_t min, int64_t max) {
  const auto value = reader.Integer(key, min, max);
  if (!value) return std::nullopt;
  return Located<int64_t>{*value, reader.Locate(key)};
}

std::optional<Located<bool>> LocatedBool(const FieldReader& reader, std::string_view key) {
  const auto value = reader.Bool(key);
  if (!value) return std::nullopt;
  return Located<bool>{*value, reader.Locate(key)};
}

LocatedStrings LocatedStringList(const FieldReader& reader, std::string_view key) {
  LocatedStrings out;
  reader.StringList(key);  // reports a non-list and non-scalar items
  const YAML::Node list = ValueOf(reader, key);
  if (!list.IsSequence()) return out;
  for (const YAML::Node& item : list) {
    if (item.IsScalar()) out.push_back({item.Scalar(), reader.source().Locate(item)});
  }
  return out;
}

std::vector<SelectorSpec> Selectors(const FieldReader& reader, std::string_view key) {
  std::vector<SelectorSpec> out;
  for (const FieldReader& item : reader.Children(key)) {
    if (auto selector = k8s::ReadLabelSelector(item)) {
      out.push_back({std::move(*selector), item.Locate()});
    }
  }
  return out;
}

std::optional<DurationSpec> Duration(const FieldReader& reader, std::string_view key) {
  const auto text = reader.String(key);
  if (!text) return std::nullopt;
  std::string error;
  const auto nanoseconds = ParseGoDuration(*text, &error);
  if (!nanoseconds) {
    reader.ErrorAt(key, error);
    return std::nullopt;
  }
  return DurationSpec{*nanoseconds, *text, reader.Locate(key)};
}

SpecSource SourceOf(const ConfigObject& object, const FieldReader& root) {
  return SpecSource{object.header.name, object.header.ns,      object.header.DisplayName(),
                    root.Locate(),      SpecOrigin::kResource, ""};
}

// The spec mapping; an absent spec reads as an empty one, so required fields are reported.
FieldReader SpecOf(const FieldReader& root) {
  if (auto spec = root.Child("spec")) return *spec;
  return FieldReader(root.source(), YAML::Node(YAML::NodeType::Map), root.object(), "spec",
                     root.diagnostics());
}

void ParsePool(const ConfigObject& object, const FieldReader& root, ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  Known(spec, {"addresses", "autoAssign", "avoidBuggyIPs", "serviceAllocation"});
  PoolSpec pool;
  pool.source = SourceOf(object, root);
  pool.labels = object.header.labels;
  pool.addresses = LocatedStringList(spec, "addresses");
  pool.addresses_where = spec.Has("addresses") ? spec.Locate("addresses") : root.Locate();
  pool.addresses_malformed = spec.Has("addresses") && !ValueOf(spec, "addresses").IsSequence();
  pool.auto_assign = spec.Bool("autoAssign");
  pool.avoid_buggy_ips = spec.Bool("avoidBuggyIPs");
  if (const auto allocation = spec.Child("serviceAllocation")) {
    Known(*allocation, {"priority", "namespaces", "namespaceSelectors", "serviceSelectors"});
    ServiceAllocationSpec out;
    out.where = allocation->Locate();
    out.priority = allocation->Integer("priority", kInt32Min, kInt32Max).value_or(0);
    out.namespaces = LocatedStringList(*allocation, "namespaces");
    out.namespace_selectors = Selectors(*allocation, "namespaceSelectors");
    out.service_selectors = Selectors(*allocation, "serviceSelectors");
    pool.service_allocation = std::move(out);
  }
  specs.pools.push_back(std::move(pool));
}

void ParseL2Advertisement(const ConfigObject& object, const FieldReader& root, ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  Known(spec, {"ipAddressPools", "ipAddressPoolSelectors", "nodeSelectors", "interfaces",
               "serviceSelectors", "preferredNodeSelectors"});
  L2AdvertisementSpec ad;
  ad.source = SourceOf(object, root);
  ad.pools = LocatedStringList(spec, "ipAddressPools");
  ad.pool_selectors = Selectors(spec, "ipAddressPoolSelectors");
  ad.node_selectors = Selectors(spec, "nodeSelectors");
  ad.service_selectors = Selectors(spec, "serviceSelectors");
  ad.interfaces = spec.StringList("interfaces");
  for (const FieldReader& preferred : spec.Children("preferredNodeSelectors")) {
    Known(preferred, {"weight", "preference"});
    const auto weight = preferred.Integer("weight", 1, 100, manifest::Presence::kRequired);
    const auto preference = preferred.Child("preference", manifest::Presence::kRequired);
    if (!weight || !preference) continue;
    if (auto selector = k8s::ReadLabelSelector(*preference)) {
      ad.preferred_nodes.push_back({*weight, {std::move(*selector), preference->Locate()}});
    }
  }
  specs.l2_advertisements.push_back(std::move(ad));
}

void ParseBgpAdvertisement(const ConfigObject& object, const FieldReader& root,
                           ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  Known(spec,
        {"aggregationLength", "aggregationLengthV6", "localPref", "communities", "ipAddressPools",
         "ipAddressPoolSelectors", "nodeSelectors", "peers", "serviceSelectors"});
  BgpAdvertisementSpec ad;
  ad.source = SourceOf(object, root);
  // Wider than the CRD's int32 minimum so the validator can word the range errors as MetalLB.
  ad.aggregation_length = LocatedInteger(spec, "aggregationLength", kInt32Min, kInt32Max);
  ad.aggregation_length_v6 = LocatedInteger(spec, "aggregationLengthV6", kInt32Min, kInt32Max);
  ad.local_pref = LocatedInteger(spec, "localPref", 0, kUint32Max);
  ad.communities = LocatedStringList(spec, "communities");
  ad.pools = LocatedStringList(spec, "ipAddressPools");
  ad.peers = LocatedStringList(spec, "peers");
  ad.pool_selectors = Selectors(spec, "ipAddressPoolSelectors");
  ad.node_selectors = Selectors(spec, "nodeSelectors");
  ad.service_selectors = Selectors(spec, "serviceSelectors");
  specs.bgp_advertisements.push_back(std::move(ad));
}

void ParsePeer(const ConfigObject& object, const FieldReader& root, ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  // v1beta1 is the older, smaller schema; MetalLB converts it to v1beta2 field by field.
  const bool v1beta1 = object.header.api_version == "metallb.io/v1beta1";
  if (v1beta1) {
    Known(spec,
          {"myASN", "peerASN", "peerAddress", "sourceAddress", "peerPort", "holdTime",
           "keepaliveTime", "routerID", "nodeSelectors", "password", "bfdProfile", "ebgpMultiHop"});
  } else {
    Known(spec, {"myASN",         "peerASN",
                 "dynamicASN",    "peerAddress",
                 "interface",     "sourceAddress",
                 "peerPort",      "holdTime",
                 "keepaliveTime", "connectTime",
                 "routerID",      "nodeSelectors",
                 "password",      "passwordSecret",
                 "bfdProfile",    "enableGracefulRestart",
                 "ebgpMultiHop",  "vrf",
                 "disableMP",     "dualStackAddressFamily",
                 "localASN"});
  }
  const int64_t asn_max = v1beta1 ? 65535 : kUint32Max;
  PeerSpec peer;
  peer.source = SourceOf(object, root);
  peer.my_asn = LocatedInteger(spec, "myASN", 0, asn_max);
  peer.peer_asn = LocatedInteger(spec, "peerASN", 0, asn_max);
  peer.local_asn = LocatedInteger(spec, "localASN", 0, kUint32Max);
  peer.port = LocatedInteger(spec, "peerPort", v1beta1 ? 0 : 1, 16384);
  if (peer.port && peer.port->value == 0) peer.port.reset();  // v1beta1's omitempty zero
  peer.dynamic_asn = LocatedString(spec, "dynamicASN");
  peer.address = LocatedString(spec, "peerAddress");
  peer.interface = LocatedString(spec, "interface");
  peer.source_address = LocatedString(spec, "sourceAddress");
  peer.router_id = LocatedString(spec, "routerID");
  peer.password = LocatedString(spec, "password");
  peer.bfd_profile = LocatedString(spec, "bfdProfile");
  peer.vrf = LocatedString(spec, "vrf");
  if (const auto secret = spec.Child("passwordSecret")) {
    Known(*secret, {"name", "namespace"});
    peer.password_secret = LocatedString(*secret, "name");
  }
  peer.hold_time = Duration(spec, "holdTime");
  peer.keepalive_time = Duration(spec, "keepaliveTime");
  peer.connect_time = Duration(spec, "connectTime");
  peer.ebgp_multihop = LocatedBool(spec, "ebgpMultiHop");
  peer.graceful_restart = LocatedBool(spec, "enableGracefulRestart");
  peer.disable_mp = LocatedBool(spec, "disableMP");
  peer.dual_stack = LocatedBool(spec, "dualStackAddressFamily");
  peer.node_selectors = Selectors(spec, "nodeSelectors");
  // Empty strings are Go's zero values: the same as absent once decoded.
  for (auto* field :
       {&peer.dynamic_asn, &peer.address, &peer.interface, &peer.source_address, &peer.router_id,
        &peer.password, &peer.password_secret, &peer.bfd_profile, &peer.vrf}) {
    if (*field && (*field)->value.empty()) field->reset();
  }
  specs.peers.push_back(std::move(peer));
}

void ParseBfdProfile(const ConfigObject& object, const FieldReader& root, ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  Known(spec, {"receiveInterval", "transmitInterval", "detectMultiplier", "echoInterval",
               "echoMode", "passiveMode", "minimumTtl"});
  BfdProfileSpec profile;
  profile.source = SourceOf(object, root);
  profile.receive_interval = LocatedInteger(spec, "receiveInterval", 0, kUint32Max);
  profile.transmit_interval = LocatedInteger(spec, "transmitInterval", 0, kUint32Max);
  profile.detect_multiplier = LocatedInteger(spec, "detectMultiplier", 0, kUint32Max);
  profile.echo_interval = LocatedInteger(spec, "echoInterval", 0, kUint32Max);
  profile.minimum_ttl = LocatedInteger(spec, "minimumTtl", 0, kUint32Max);
  profile.echo_mode = spec.Bool("echoMode");
  profile.passive_mode = spec.Bool("passiveMode");
  specs.bfd_profiles.push_back(std::move(profile));
}

void ParseCommunity(const ConfigObject& object, const FieldReader& root, ConfigSpecs& specs) {
  const FieldReader spec = SpecOf(root);
  Known(spec, {"communities"});
  CommunitySpec community;
  community.source = SourceOf(object, root);
  for (const FieldReader& alias : spec.Children("communities")) {
    Known(alias, {"name", "value"});
    const auto name = LocatedString(alias, "name");
    const auto value = LocatedString(alias, "value");
    if (!name) alias.ErrorAt("name", "required field is missing");
    if (!value) alias.ErrorAt("value", "required field is missing");
    if (name && value) community.aliases.push_back({*name, *value});
  }
  specs.communities.push_back(std::move(community));
}

// MetalLB's webhook: `resource must be created in <ns> namespace`.
bool CheckNamespace(const ConfigObject& object, const FieldReader& root,
                    const ParseContext& context) {
  if (object.header.ns == context.metallb_namespace) return true;
  std::string message = "resource must be created in " + context.metallb_namespace + " namespace";
  if (object.header.ns.empty()) {
    message +=
        " (metadata.namespace is not set: kubectl would use the current context's, "
        "\"default\" unless configured)";
  }
  const auto metadata = root.Child("metadata");
  if (metadata && metadata->Has("namespace")) {
    metadata->diagnostics().Error(metadata->Locate("namespace"), root.object(), message);
  } else {
    root.Error(message);
  }
  return false;
}

}  // namespace

void ParseResource(const ConfigObject& object, const ParseContext& context, ConfigSpecs& specs,
                   manifest::Diagnostics& diagnostics) {
  const FieldReader root = k8s::RootReader(object.document, object.header, diagnostics);
  if (!root.IsMapping()) return;
  if (object.kind == ConfigKind::kNamespace) {
    NamespaceSpec ns{object.header.name, object.header.labels};
    // The API server labels every namespace with its own name (since Kubernetes 1.21), and
    // namespaceSelectors commonly match on it.
    ns.labels["kubernetes.io/metadata.name"] = object.header.name;
    specs.namespaces.push_back(std::move(ns));
    return;
  }
  if (!IsMetallbResource(object.kind)) return;
  if (!WithinExpansionLimits(object.document.root)) {
    root.Error(kExpansionMessage);
    return;
  }
  Known(root, {"apiVersion", "kind", "metadata", "spec", "status"});
  if (!CheckNamespace(object, root, context)) return;
  if (object.header.name.empty()) {
    const std::string message = object.kind == ConfigKind::kIpAddressPool ? "missing pool name"
                                : object.kind == ConfigKind::kBfdProfile
                                    ? "missing bfd profile name"
                                    : "metadata.name: required field is missing";
    root.Error(message);
    return;
  }
  // The API server's rule for object names. Checking it also keeps every message about the
  // object, which all carry its name, short.
  if (!k8s::IsDnsSubdomain(object.header.name)) {
    const auto metadata = root.Child("metadata");
    const std::string message =
        "metadata.name: Invalid value: " + GoQuote(object.header.name) +
        ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
        "'-' or '.', and must start and end with an alphanumeric character (at most 253)";
    diagnostics.Error(metadata ? metadata->Locate("name") : root.Locate(),
                      std::string(ConfigKindName(object.kind)), message);
    return;
  }
  if (context.profile == BehaviourProfile::kV0_9) {
    diagnostics.Note(root.Locate(), object.header.DisplayName(),
                     "MetalLB v0.9 reads only the ConfigMap " + context.metallb_namespace +
                         "/config, not " + std::string(ConfigKindName(object.kind)) +
                         " resources; loaded anyway");
  }
  switch (object.kind) {
    case ConfigKind::kIpAddressPool:
      ParsePool(object, root, specs);
      break;
    case ConfigKind::kL2Advertisement:
      ParseL2Advertisement(object, root, specs);
      break;
    case ConfigKind::kBgpAdvertisement:
      ParseBgpAdvertisement(object, root, specs);
      break;
    case ConfigKind::kBgpPeer:
      ParsePeer(object, root, specs);
      break;
    case ConfigKind::kBfdProfile:
      ParseBfdProfile(object, root, specs);
      break;
    case ConfigKind::kCommunity:
      ParseCommunity(object, root, specs);
      break;
    default:
      break;
  }
}

}  // namespace metallab::config
