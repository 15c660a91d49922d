#include "core/config/legacy_config_parser.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config/crd_parser.h"
#include "core/config/duration.h"
#include "core/config/expansion_guard.h"
#include "core/config/go_text.h"
#include "core/config/legacy_decoder.h"
#include "core/manifest/field_reader.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::config {
namespace {

using manifest::SourceLocation;

SpecSource EntrySource(const LegacyDecoder& decoder, const YAML::Node& item, std::string name,
                       std::string context) {
  return SpecSource{std::move(name),      decoder.ns(),           decoder.object(),
                    decoder.Locate(item), SpecOrigin::kConfigMap, std::move(context)};
}

std::optional<SelectorSpec> DecodeNodeSelector(const LegacyDecoder& decoder, const YAML::Node& item,
                                               const std::string& path,
                                               const std::string& context) {
  if (!decoder.Mapping(item, path, {"match-labels", "match-expressions"})) {
    // A null entry has neither labels nor expressions: it selects every node.
    return item.IsNull() ? std::optional<SelectorSpec>(SelectorSpec{{}, decoder.Locate(item)})
                         : std::nullopt;
  }
  SelectorSpec out{{}, decoder.Locate(item)};
  bool valid = true;
  for (auto& [key, value] : decoder.StringMap(item, "match-labels", path)) {
    out.selector.match_labels[key.value] = value.value;
  }
  size_t index = 0;
  for (const YAML::Node& expression : decoder.Items(item, "match-expressions", path)) {
    const std::string expression_path = JoinPath(path, IndexedKey("match-expressions", index++));
    if (!decoder.Mapping(expression, expression_path, {"key", "operator", "values"})) {
      if (expression.IsNull()) {
        decoder.diagnostics().Error(decoder.Locate(expression), decoder.object(),
                                    context + "parsing node selector: empty match expression");
      }
      valid = false;
      continue;
    }
    const auto key = decoder.String(expression, "key", expression_path);
    const auto op = decoder.String(expression, "operator", expression_path);
    const LocatedStrings values = decoder.Strings(expression, "values", expression_path);
    const auto fail = [&](const std::string& why) {
      decoder.diagnostics().Error(decoder.Locate(expression), decoder.object(),
                                  context + "parsing node selector: " + why);
      valid = false;
    };
    k8s::SelectorRequirement requirement;
    for (const auto& value : values) requirement.values.push_back(value.value);
    const std::string op_text = op ? op->value : "";
    if (!key) {
      fail("match expression has no key");
      continue;
    }
    requirement.key = key->value;
    if (op_text == "In" || op_text == "NotIn") {
      requirement.op = op_text == "In" ? k8s::SelectorOperator::kIn : k8s::SelectorOperator::kNotIn;
      if (requirement.values.empty()) {
        fail("values must be non-empty for operator " + op_text);
        continue;
      }
    } else if (op_text == "Exists" || op_text == "DoesNotExist") {
      requirement.op = op_text == "Exists" ? k8s::SelectorOperator::kExists
                                           : k8s::SelectorOperator::kDoesNotExist;
      if (!requirement.values.empty()) {
        fail("values must be empty for operator " + op_text);
        continue;
      }
    } else {
      fail(GoQuote(op_text) + " is not a valid label selector operator");
      continue;
    }
    out.selector.match_expressions.push_back(std::move(requirement));
  }
  if (!valid) return std::nullopt;
  return out;
}

std::optional<DurationSpec> DecodeDuration(const LegacyDecoder& decoder, const YAML::Node& item,
                                           std::string_view key, const std::string& path,
                                           const std::string& context, std::string_view what) {
  const auto text = decoder.String(item, key, path);
  if (!text) return std::nullopt;
  std::string error;
  const auto nanoseconds = ParseGoDuration(text->value, &error);
  if (!nanoseconds) {
    decoder.diagnostics().Error(
        text->where, decoder.object(),
        context + "invalid " + std::string(what) + " " + GoQuote(text->value) + ": " + error);
    return std::nullopt;
  }
  return DurationSpec{*nanoseconds, text->value, text->where};
}

void DecodePeers(const LegacyDecoder& decoder, const YAML::Node& top, ConfigSpecs& specs) {
  size_t index = 0;
  for (const YAML::Node& item : decoder.Items(top, "peers", "")) {
    const std::string path = IndexedKey("peers", index++);
    const std::string number = std::to_string(index);
    if (!decoder.Mapping(item, path,
                         {"my-asn", "peer-asn", "peer-address", "peer-port", "hold-time",
                          "router-id", "node-selectors", "password"},
                         {"source-address", "keepalive-time", "bfd-profile", "ebgp-multihop"})) {
      if (item.IsNull()) decoder.Fail(item, path, "empty peer");
      continue;
    }
    PeerSpec peer;
    peer.source = EntrySource(decoder, item, "peer" + number, "parsing peer #" + number + ": ");
    const std::string& context = peer.source.context;
    peer.my_asn = decoder.Integer(item, "my-asn", path, 32, false);
    peer.peer_asn = decoder.Integer(item, "peer-asn", path, 32, false);
    peer.port = decoder.Integer(item, "peer-port", path, 16, false);
    if (peer.port && peer.port->value == 0) peer.port.reset();
    peer.address = decoder.String(item, "peer-address", path);
    peer.source_address = decoder.String(item, "source-address", path);
    peer.router_id = decoder.String(item, "router-id", path);
    peer.password = decoder.String(item, "password", path);
    peer.bfd_profile = decoder.String(item, "bfd-profile", path);
    peer.ebgp_multihop = decoder.Bool(item, "ebgp-multihop", path);
    const YAML::Node hold = LegacyDecoder::Get(item, "hold-time");
    const bool hold_given =
        LegacyDecoder::Present(hold) && !(hold.IsScalar() && hold.Scalar().empty());
    peer.hold_time = DecodeDuration(decoder, item, "hold-time", path, context, "hold time");
    if (!hold_given) {
      // MetalLB's default; configmaptocrs writes it out explicitly.
      peer.hold_time = DurationSpec{90 * kNanosPerSecond, "1m30s", decoder.Locate(item)};
    }
    peer.keepalive_time =
        DecodeDuration(decoder, item, "keepalive-time", path, context, "keepalive time");
    size_t selector_index = 0;
    for (const YAML::Node& selector : decoder.Items(item, "node-selectors", path)) {
      const std::string selector_path =
          JoinPath(path, IndexedKey("node-selectors", selector_index++));
      if (auto parsed = DecodeNodeSelector(decoder, selector, selector_path, context)) {
        peer.node_selectors.push_back(std::move(*parsed));
      }
    }
    specs.peers.push_back(std::move(peer));
  }
}

void DecodePools(const LegacyDecoder& decoder, const YAML::Node& top, ConfigSpecs& specs) {
  size_t index = 0;
  int l2_count = 0;
  int bgp_count = 0;
  for (const YAML::Node& item : decoder.Items(top, "address-pools", "")) {
    const std::string path = IndexedKey("address-pools", index++);
    const std::string number = std::to_string(index);
    if (!decoder.Mapping(item, path,
                         {"name", "protocol", "addresses", "avoid-buggy-ips", "auto-assign",
                          "bgp-advertisements"})) {
      if (item.IsNull()) decoder.Fail(item, path, "empty address pool");
      continue;
    }
    PoolSpec pool;
    const auto name = decoder.String(item, "name", path);
    pool.source = EntrySource(decoder, item, name ? name->value : "",
                              "parsing address pool #" + number + ": ");
    const std::string& context = pool.source.context;
    pool.addresses = decoder.Strings(item, "addresses", path);
    const YAML::Node addresses = LegacyDecoder::Get(item, "addresses");
    pool.addresses_where = decoder.Locate(addresses.IsDefined() ? addresses : item);
    pool.addresses_malformed = LegacyDecoder::Present(addresses) && !addresses.IsSequence();
    if (const auto flag = decoder.Bool(item, "auto-assign", path)) pool.auto_assign = flag->value;
    if (const auto flag = decoder.Bool(item, "avoid-buggy-ips", path)) {
      pool.avoid_buggy_ips = flag->value;
    }
    const auto protocol = decoder.String(item, "protocol", path);
    const YAML::Node ads_node = LegacyDecoder::Get(item, "bgp-advertisements");
    const std::vector<YAML::Node> ads = decoder.Items(item, "bgp-advertisements", path);
    const auto error = [&](const SourceLocation& where, const std::string& message) {
      decoder.diagnostics().Error(where, decoder.object(), context + message);
    };
    if (!protocol) {
      error(decoder.Locate(item), "address pool is missing the protocol field");
    } else if (protocol->value == "layer2") {
      pool.legacy_protocol = LegacyProtocol::kLayer2;
      if (!ads.empty()) {
        error(decoder.Locate(ads_node),
              "cannot have bgp-advertisements configuration element in a layer2 address pool");
      }
    } else if (protocol->value == "bgp") {
      pool.legacy_protocol = LegacyProtocol::kBgp;
    } else {
      error(protocol->where, "unknown protocol " + GoQuote(protocol->value));
    }
    const Located<std::string> pool_ref{pool.source.name, pool.source.where};
    if (pool.source.name.empty()) {
      // "missing pool name" is reported for the pool; advertisements of it would only add noise.
    } else if (pool.legacy_protocol == LegacyProtocol::kLayer2) {
      L2AdvertisementSpec ad;
      ad.source =
          EntrySource(decoder, item, "l2advertisement" + std::to_string(++l2_count), context);
      ad.pools.push_back(pool_ref);
      specs.l2_advertisements.push_back(std::move(ad));
    } else if (pool.legacy_protocol == LegacyProtocol::kBgp) {
      size_t ad_index = 0;
      for (const YAML::Node& ad_node : ads) {
        const std::string ad_path = JoinPath(path, IndexedKey("bgp-advertisements", ad_index++));
        if (!decoder.Mapping(ad_node, ad_path, {"aggregation-length", "localpref", "communities"},
                             {"aggregation-length-v6"}) &&
            !ad_node.IsNull()) {
          continue;
        }
        BgpAdvertisementSpec ad;
        ad.source = EntrySource(decoder, ad_node, "bgpadvertisement" + std::to_string(++bgp_count),
                                context);
        ad.aggregation_length = decoder.Integer(ad_node, "aggregation-length", ad_path, 64, true);
        ad.aggregation_length_v6 =
            decoder.Integer(ad_node, "aggregation-length-v6", ad_path, 64, true);
        ad.local_pref = decoder.Integer(ad_node, "localpref", ad_path, 32, false);
        ad.communities = decoder.Strings(ad_node, "communities", ad_path);
        ad.pools.push_back(pool_ref);
        specs.bgp_advertisements.push_back(std::move(ad));
      }
      if (ads.empty()) {
        BgpAdvertisementSpec ad;
        ad.source =
            EntrySource(decoder, item, "bgpadvertisement" + std::to_string(++bgp_count), context);
        ad.pools.push_back(pool_ref);
        specs.bgp_advertisements.push_back(std::move(ad));
      }
    }
    specs.pools.push_back(std::move(pool));
  }
}

void DecodeCommunities(const LegacyDecoder& decoder, const YAML::Node& top, ConfigSpecs& specs) {
  const YAML::Node map = LegacyDecoder::Get(top, "bgp-communities");
  const auto entries = decoder.StringMap(top, "bgp-communities", "");
  if (entries.empty()) return;
  CommunitySpec community;
  community.source = EntrySource(decoder, map, "communities", "");
  for (const auto& [name, value] : entries) community.aliases.push_back({name, value});
  specs.communities.push_back(std::move(community));
}

void DecodeBfdProfiles(const LegacyDecoder& decoder, const YAML::Node& top, ConfigSpecs& specs) {
  size_t index = 0;
  for (const YAML::Node& item : decoder.Items(top, "bfd-profiles", "")) {
    const std::string path = IndexedKey("bfd-profiles", index++);
    const std::string number = std::to_string(index);
    if (!decoder.Mapping(item, path,
                         {"name", "receive-interval", "transmit-interval", "detect-multiplier",
                          "echo-interval", "echo-mode", "passive-mode", "minimum-ttl"})) {
      if (item.IsNull()) decoder.Fail(item, path, "empty bfd profile");
      continue;
    }
    BfdProfileSpec profile;
    const auto name = decoder.String(item, "name", path);
    profile.source = EntrySource(decoder, item, name ? name->value : "",
                                 "parsing bfd profile #" + number + ": ");
    profile.receive_interval = decoder.Integer(item, "receive-interval", path, 32, false);
    profile.transmit_interval = decoder.Integer(item, "transmit-interval", path, 32, false);
    profile.detect_multiplier = decoder.Integer(item, "detect-multiplier", path, 32, false);
    profile.echo_interval = decoder.Integer(item, "echo-interval", path, 32, false);
    profile.minimum_ttl = decoder.Integer(item, "minimum-ttl", path, 32, false);
    if (const auto flag = decoder.Bool(item, "echo-mode", path)) profile.echo_mode = flag->value;
    if (const auto flag = decoder.Bool(item, "passive-mode", path)) {
      profile.passive_mode = flag->value;
    }
    specs.bfd_profiles.push_back(std::move(profile));
  }
}

}  // namespace

bool ParseLegacyConfigMap(const manifest::Document& document, const k8s::ObjectHeader& header,
                          BehaviourProfile profile, ConfigSpecs& specs,
                          manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const std::string object = header.DisplayName();
  const manifest::FieldReader root(document.source, document.root, object, "", diagnostics);
  if (!root.IsMapping()) return false;
  if (!WithinExpansionLimits(document.root)) {
    root.Error(kExpansionMessage);
    return false;
  }
  root.RejectUnknownKeys({"apiVersion", "kind", "metadata", "data", "binaryData", "immutable"});
  const auto data = root.Child("data");
  if (data) data->RejectDuplicateKeys();
  const auto text = data ? data->String("config") : std::nullopt;
  if (!text) {
    if (diagnostics.ErrorCount() == errors_before) {
      diagnostics.Note(root.Locate(), object,
                       "no data.config: MetalLB sees an empty configuration (no pools)");
    }
    return diagnostics.ErrorCount() == errors_before;
  }
  YAML::Node config_node;
  for (const auto& entry : data->node()) {
    if (entry.first.IsScalar() && entry.first.Scalar() == "config") {
      config_node = entry.second;
      break;
    }
  }
  const manifest::SourceMap inner = document.source.Embedded(config_node);
  // Escapes in a quoted scalar can produce bytes the file itself could not hold.
  if (const auto bad = manifest::FindInvalidUtf8(*text)) {
    diagnostics.Error(
        inner.Locate(YAML::Mark::null_mark()), object,
        "could not parse config: invalid UTF-8 or NUL byte at offset " + std::to_string(*bad));
    return false;
  }
  YAML::Node top;
  try {
    top = YAML::Load(*text);
  } catch (const YAML::Exception& error) {
    diagnostics.Error(inner.Locate(error.mark), object, "could not parse config: " + error.msg);
    return false;
  }
  if (!WithinExpansionLimits(top)) {
    diagnostics.Error(inner.Locate(top), object,
                      std::string("could not parse config: ") + kExpansionMessage);
    return false;
  }
  const LegacyDecoder decoder(inner, object, header.ns, profile, diagnostics);
  if (top.IsNull() || !top.IsDefined()) return diagnostics.ErrorCount() == errors_before;
  if (!decoder.Mapping(top, "", {"peers", "bgp-communities", "address-pools"}, {"bfd-profiles"})) {
    return false;
  }
  DecodeBfdProfiles(decoder, top, specs);
  DecodePeers(decoder, top, specs);
  DecodeCommunities(decoder, top, specs);
  DecodePools(decoder, top, specs);
  return diagnostics.ErrorCount() == errors_before;
}

}  // namespace metallab::config
