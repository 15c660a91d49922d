#include "core/config/legacy_converter.h"

#include <algorithm>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/config/config_spec.h"
#include "core/config/config_validator.h"
#include "core/config/duration.h"
#include "core/config/legacy_config_parser.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"
#include "core/manifest/document.h"

namespace metallab::config {
namespace {

bool OnlyChars(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

// Whether a plain scalar with this text could read back as something other than a string: a
// null, boolean, integer, float or sexagesimal number of YAML 1.1 (what yaml.v2, and so kubectl,
// resolves) or 1.2. Such text is written double-quoted; the test errs on the side of quoting.
bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (const std::string_view word :
       {"~",  "null", "Null", "NULL", "y",    "Y",    "yes",   "Yes",   "YES",   "n",   "N",
        "no", "No",   "NO",   "true", "True", "TRUE", "false", "False", "FALSE", "on",  "On",
        "ON", "off",  "Off",  "OFF",  ".inf", ".Inf", ".INF",  ".nan",  ".NaN",  ".NAN"}) {
    if (text == word) return true;
  }
  if (text[0] == '+' || text[0] == '-') text.remove_prefix(1);
  if (text.empty()) return false;
  if (text == ".inf" || text == ".Inf" || text == ".INF") return true;
  const bool has_digit = text.find_first_of("0123456789") != std::string_view::npos;
  if (!has_digit) return false;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'b' || text[1] == 'o')) {
    return OnlyChars(text.substr(2), "0123456789abcdefABCDEF_");
  }
  // Integers, floats ("1.5", "1e3", "1_000") and sexagesimals ("1:30", "190:20:30.15"); an
  // address such as "10.0.0.1" has more than one dot and stays plain.
  const size_t dots = static_cast<size_t>(std::count(text.begin(), text.end(), '.'));
  if (OnlyChars(text, "0123456789_.eE+-") && dots <= 1) return true;
  return OnlyChars(text, "0123456789_:.") && text.find(':') != std::string_view::npos && dots <= 1;
}

class ResourceWriter {
 public:
  explicit ResourceWriter(std::string ns) : ns_(std::move(ns)) {}

  void Begin(std::string_view api_version, std::string_view kind, const std::string& name) {
    out_ << YAML::BeginDoc << YAML::BeginMap;
    Key("apiVersion");
    String(api_version);
    Key("kind");
    String(kind);
    Key("metadata");
    out_ << YAML::BeginMap;
    Key("name");
    String(name);
    Key("namespace");
    String(ns_);
    out_ << YAML::EndMap;
    Key("spec");
    out_ << YAML::BeginMap;
  }
  void End() { out_ << YAML::EndMap << YAML::EndMap << YAML::EndDoc; }

  void Key(std::string_view key) { out_ << YAML::Key << std::string(key) << YAML::Value; }
  void String(std::string_view value) {
    const std::string text(value);
    if (NeedsQuotes(text)) out_ << YAML::DoubleQuoted;
    out_ << text;
  }
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, int64_t value) {
    Key(key);
    out_ << value;
  }
  void Flag(std::string_view key, bool value) {
    Key(key);
    out_ << value;
  }
  void Strings(std::string_view key, const LocatedStrings& values) {
    Key(key);
    out_ << YAML::BeginSeq;
    for (const auto& value : values) String(value.value);
    out_ << YAML::EndSeq;
  }
  void Selectors(std::string_view key, const std::vector<SelectorSpec>& selectors);
  void BeginSeq() { out_ << YAML::BeginSeq; }
  void EndSeq() { out_ << YAML::EndSeq; }
  void BeginMap() { out_ << YAML::BeginMap; }
  void EndMap() { out_ << YAML::EndMap; }

  bool good() const { return out_.good(); }
  std::string error() const { return out_.GetLastError(); }
  std::string text() const { return out_.c_str(); }

 private:
  std::string ns_;
  YAML::Emitter out_;
};

std::string_view OperatorName(k8s::SelectorOperator op) {
  switch (op) {
    case k8s::SelectorOperator::kIn:
      return "In";
    case k8s::SelectorOperator::kNotIn:
      return "NotIn";
    case k8s::SelectorOperator::kExists:
      return "Exists";
    case k8s::SelectorOperator::kDoesNotExist:
      return "DoesNotExist";
  }
  return "In";
}

void ResourceWriter::Selectors(std::string_view key, const std::vector<SelectorSpec>& selectors) {
  Key(key);
  out_ << YAML::BeginSeq;
  for (const SelectorSpec& spec : selectors) {
    const k8s::LabelSelector& selector = spec.selector;
    if (selector.Empty()) {
      out_ << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      continue;
    }
    out_ << YAML::BeginMap;
    if (!selector.match_labels.empty()) {
      Key("matchLabels");
      out_ << YAML::BeginMap;
      for (const auto& [label, value] : selector.match_labels) Field(label, value);
      out_ << YAML::EndMap;
    }
    if (!selector.match_expressions.empty()) {
      Key("matchExpressions");
      out_ << YAML::BeginSeq;
      for (const k8s::SelectorRequirement& requirement : selector.match_expressions) {
        out_ << YAML::BeginMap;
        Field("key", requirement.key);
        Field("operator", OperatorName(requirement.op));
        if (!requirement.values.empty()) {
          Key("values");
          out_ << YAML::BeginSeq;
          for (const std::string& value : requirement.values) String(value);
          out_ << YAML::EndSeq;
        }
        out_ << YAML::EndMap;
      }
      out_ << YAML::EndSeq;
    }
    out_ << YAML::EndMap;
  }
  out_ << YAML::EndSeq;
}

// configmaptocrs rounds durations down to whole seconds.
std::string Seconds(const DurationSpec& duration) {
  return FormatGoDuration(duration.nanoseconds / kNanosPerSecond * kNanosPerSecond);
}

void WritePeer(ResourceWriter& w, const PeerSpec& peer) {
  w.Begin("metallb.io/v1beta2", "BGPPeer", peer.source.name);
  w.Field("myASN", peer.my_asn ? peer.my_asn->value : 0);
  if (peer.peer_asn && peer.peer_asn->value != 0) w.Field("peerASN", peer.peer_asn->value);
  if (peer.address) w.Field("peerAddress", peer.address->value);
  if (peer.source_address) w.Field("sourceAddress", peer.source_address->value);
  if (peer.port) w.Field("peerPort", peer.port->value);
  if (peer.hold_time) w.Field("holdTime", Seconds(*peer.hold_time));
  if (peer.keepalive_time) w.Field("keepaliveTime", Seconds(*peer.keepalive_time));
  if (peer.router_id) w.Field("routerID", peer.router_id->value);
  if (!peer.node_selectors.empty()) w.Selectors("nodeSelectors", peer.node_selectors);
  if (peer.password) w.Field("password", peer.password->value);
  if (peer.bfd_profile) w.Field("bfdProfile", peer.bfd_profile->value);
  if (peer.ebgp_multihop && peer.ebgp_multihop->value) w.Flag("ebgpMultiHop", true);
  w.End();
}

void WritePool(ResourceWriter& w, const PoolSpec& pool) {
  w.Begin("metallb.io/v1beta1", "IPAddressPool", pool.source.name);
  w.Strings("addresses", pool.addresses);
  if (pool.auto_assign) w.Flag("autoAssign", *pool.auto_assign);
  if (pool.avoid_buggy_ips.value_or(false)) w.Flag("avoidBuggyIPs", true);
  w.End();
}

void WriteBgpAdvertisement(ResourceWriter& w, const BgpAdvertisementSpec& ad) {
  w.Begin("metallb.io/v1beta1", "BGPAdvertisement", ad.source.name);
  if (ad.aggregation_length) w.Field("aggregationLength", ad.aggregation_length->value);
  if (ad.aggregation_length_v6) w.Field("aggregationLengthV6", ad.aggregation_length_v6->value);
  if (ad.local_pref && ad.local_pref->value != 0) w.Field("localPref", ad.local_pref->value);
  if (!ad.communities.empty()) w.Strings("communities", ad.communities);
  w.Strings("ipAddressPools", ad.pools);
  w.End();
}

void WriteL2Advertisement(ResourceWriter& w, const L2AdvertisementSpec& ad) {
  w.Begin("metallb.io/v1beta1", "L2Advertisement", ad.source.name);
  w.Strings("ipAddressPools", ad.pools);
  w.End();
}

void WriteBfdProfile(ResourceWriter& w, const BfdProfileSpec& profile) {
  w.Begin("metallb.io/v1beta1", "BFDProfile", profile.source.name);
  const auto number = [&](std::string_view key, const std::optional<Located<int64_t>>& value) {
    if (value) w.Field(key, value->value);
  };
  number("receiveInterval", profile.receive_interval);
  number("transmitInterval", profile.transmit_interval);
  number("detectMultiplier", profile.detect_multiplier);
  number("echoInterval", profile.echo_interval);
  w.Flag("echoMode", profile.echo_mode.value_or(false));
  w.Flag("passiveMode", profile.passive_mode.value_or(false));
  number("minimumTtl", profile.minimum_ttl);
  w.End();
}

void WriteCommunity(ResourceWriter& w, const CommunitySpec& community) {
  w.Begin("metallb.io/v1beta1", "Community", community.source.name);
  w.Key("communities");
  w.BeginSeq();
  for (const CommunityAliasSpec& alias : community.aliases) {
    w.BeginMap();
    w.Field("name", alias.name.value);
    w.Field("value", alias.value.value);
    w.EndMap();
  }
  w.EndSeq();
  w.End();
}

}  // namespace

std::optional<std::string> ConvertLegacyConfigMap(const manifest::Document& configmap,
                                                  manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const auto header = k8s::ReadObjectHeader(configmap, diagnostics);
  if (!header) return std::nullopt;
  if (header->kind != "ConfigMap") {
    diagnostics.Error(configmap.Locate(configmap.root), header->DisplayName(),
                      "not a ConfigMap: only MetalLB's legacy ConfigMap can be converted");
    return std::nullopt;
  }
  ConfigSpecs specs;
  ParseLegacyConfigMap(configmap, *header, BehaviourProfile::kCurrent, specs, diagnostics);
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  ValidateSpecs(specs, ValidationOptions{std::nullopt, BehaviourProfile::kCurrent}, diagnostics);
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;

  ResourceWriter writer(header->ns.empty() ? "metallb-system" : header->ns);
  for (const PeerSpec& peer : specs.peers) WritePeer(writer, peer);
  for (const PoolSpec& pool : specs.pools) WritePool(writer, pool);
  for (const BgpAdvertisementSpec& ad : specs.bgp_advertisements) {
    WriteBgpAdvertisement(writer, ad);
  }
  for (const L2AdvertisementSpec& ad : specs.l2_advertisements) WriteL2Advertisement(writer, ad);
  for (const BfdProfileSpec& profile : specs.bfd_profiles) WriteBfdProfile(writer, profile);
  for (const CommunitySpec& community : specs.communities) WriteCommunity(writer, community);
  if (!writer.good()) {
    diagnostics.Error(configmap.Locate(configmap.root), header->DisplayName(),
                      "cannot write the converted resources: " + writer.error());
    return std::nullopt;
  }
  std::string text = "# Converted by metallab from ConfigMap " + header->ns + "/" + header->name +
                     " (configmaptocrs mapping)\n" + writer.text();
  if (text.back() != '\n') text += '\n';
  return text;
}

}  // namespace metallab::config
