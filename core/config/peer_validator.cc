#include "core/config/peer_validator.h"

#include <algorithm>
#include <set>

#include "core/config/duplicate_checks.h"
#include "core/config/duration.h"
#include "core/config/go_text.h"

namespace metallab::config {
namespace {

constexpr int64_t kMaxHoldSeconds = 65535;

bool HasLineBreak(const std::string& text) {
  return text.find_first_of("\n\r") != std::string::npos;
}

// Everything but the name, so that two peers describing the same session compare equal.
std::string SessionKey(const BgpPeer& peer) {
  std::string key;
  const auto add = [&key](const std::string& part) { key += part + '\x1f'; };
  const auto add_address = [&](const std::optional<net::IpAddress>& address) {
    add(address ? address->ToString() : "-");
  };
  add(std::to_string(peer.my_asn));
  add(std::to_string(peer.peer_asn));
  add(peer.dynamic_asn);
  add_address(peer.address);
  add(peer.interface);
  add(std::to_string(peer.port));
  add_address(peer.source_address);
  add(peer.hold_time_s ? std::to_string(*peer.hold_time_s) : "-");
  add(peer.keepalive_time_s ? std::to_string(*peer.keepalive_time_s) : "-");
  add(peer.connect_time_s ? std::to_string(*peer.connect_time_s) : "-");
  add_address(peer.router_id);
  for (const k8s::LabelSelector& selector : peer.node_selectors) {
    add(CanonicalSelector(selector));
  }
  add(peer.password);
  add(peer.password_secret);
  add(peer.bfd_profile);
  add(peer.vrf);
  add(std::to_string(peer.local_asn));
  add(std::string{static_cast<char>('0' + peer.ebgp_multihop),
                  static_cast<char>('0' + peer.enable_graceful_restart),
                  static_cast<char>('0' + peer.dual_stack_address_family),
                  static_cast<char>('0' + peer.disable_mp)});
  return key;
}

class PeerChecker {
 public:
  PeerChecker(const PeerSpec& spec, BehaviourProfile profile, manifest::Diagnostics& diagnostics)
      : spec_(spec),
        source_(spec.source),
        legacy_(!CurrentRules(spec.source, profile)),
        diagnostics_(diagnostics) {}

  std::optional<BgpPeer> Check(const std::vector<BfdProfile>& bfd_profiles) {
    BgpPeer peer;
    peer.name = source_.name;
    peer.where = source_.where;
    CheckAsns(peer);
    CheckAddresses(peer);
    if (const auto timers =
            ResolveTimers(spec_.hold_time, spec_.keepalive_time, legacy_, source_, diagnostics_)) {
      peer.hold_time_s = timers->hold_time_s;
      peer.keepalive_time_s = timers->keepalive_time_s;
    } else {
      valid_ = false;
    }
    CheckConnectTime(peer);
    if (!legacy_)
      CheckDuplicateSelectors(spec_.node_selectors, "nodeSelectors", source_, diagnostics_);
    for (const SelectorSpec& selector : spec_.node_selectors) {
      peer.node_selectors.push_back(selector.selector);
    }
    CheckSecrets(peer);
    if (spec_.bfd_profile) {
      peer.bfd_profile = spec_.bfd_profile->value;
      const bool exists =
          std::any_of(bfd_profiles.begin(), bfd_profiles.end(),
                      [&](const BfdProfile& p) { return p.name == peer.bfd_profile; });
      if (!exists) {
        Error(spec_.bfd_profile->where,
              "peer " + peer.name + " referencing non existing bfd profile " + peer.bfd_profile);
      }
    }
    peer.port = spec_.port ? static_cast<uint16_t>(spec_.port->value) : uint16_t{179};
    peer.ebgp_multihop = spec_.ebgp_multihop && spec_.ebgp_multihop->value;
    peer.enable_graceful_restart = spec_.graceful_restart && spec_.graceful_restart->value;
    peer.disable_mp = spec_.disable_mp && spec_.disable_mp->value;
    peer.dual_stack_address_family = spec_.dual_stack && spec_.dual_stack->value;
    if (spec_.vrf) {
      peer.vrf = spec_.vrf->value;
      if (HasLineBreak(peer.vrf)) {
        Error(spec_.vrf->where, "VRF name for peer " + Quoted() + " contains invalid characters");
      }
    }
    if (!valid_) return std::nullopt;
    return peer;
  }

 private:
  void Error(const manifest::SourceLocation& where, const std::string& message) {
    diagnostics_.Error(where, source_.object, source_.context + message);
    valid_ = false;
  }

  template <typename T>
  manifest::SourceLocation Where(const std::optional<Located<T>>& field) const {
    return field ? field->where : source_.where;
  }

  std::string Quoted() const { return GoQuote(source_.ns) + "/" + GoQuote(source_.name); }

  void CheckAsns(BgpPeer& peer) {
    peer.my_asn = spec_.my_asn ? static_cast<uint32_t>(spec_.my_asn->value) : 0;
    peer.peer_asn = spec_.peer_asn ? static_cast<uint32_t>(spec_.peer_asn->value) : 0;
    peer.local_asn = spec_.local_asn ? static_cast<uint32_t>(spec_.local_asn->value) : 0;
    if (peer.my_asn == 0) Error(Where(spec_.my_asn), "missing local ASN");
    if (legacy_) {
      if (peer.peer_asn == 0) Error(Where(spec_.peer_asn), "missing peer ASN");
      return;
    }
    peer.dynamic_asn = spec_.dynamic_asn ? spec_.dynamic_asn->value : "";
    if (peer.peer_asn == 0 && peer.dynamic_asn.empty()) {
      Error(Where(spec_.peer_asn), "missing peer ASN and dynamicASN");
    }
    if (peer.peer_asn != 0 && !peer.dynamic_asn.empty()) {
      Error(Where(spec_.dynamic_asn), "both peer ASN and dynamicASN specified");
    }
    if (!peer.dynamic_asn.empty() && peer.dynamic_asn != "internal" &&
        peer.dynamic_asn != "external") {
      Error(Where(spec_.dynamic_asn), "invalid dynamicASN " + peer.dynamic_asn);
    }
    if (peer.peer_asn == peer.my_asn && spec_.ebgp_multihop && spec_.ebgp_multihop->value) {
      Error(spec_.ebgp_multihop->where, "invalid ebgp-multihop parameter set for an ibgp peer");
    }
  }

  void CheckAddresses(BgpPeer& peer) {
    if (legacy_) {
      const std::string text = spec_.address ? spec_.address->value : "";
      peer.address = net::IpAddress::Parse(text);
      if (!peer.address) Error(Where(spec_.address), "invalid peer IP " + GoQuote(text));
    } else {
      if (!spec_.address && !spec_.interface) {
        Error(source_.where, "peer has no Address or Interface specified");
      }
      if (spec_.address && spec_.interface) {
        Error(spec_.interface->where, "peer has both Address and Interface specified");
      }
      if (spec_.interface) {
        peer.interface = spec_.interface->value;
        if (HasLineBreak(peer.interface)) {
          Error(spec_.interface->where,
                "interface for peer " + Quoted() + " contains invalid characters");
        }
      }
      if (spec_.address) {
        peer.address = net::IpAddress::Parse(spec_.address->value);
        if (!peer.address) {
          Error(spec_.address->where, "invalid BGPPeer address " + GoQuote(spec_.address->value));
        }
      }
    }
    if (spec_.router_id) {
      peer.router_id = net::IpAddress::Parse(spec_.router_id->value);
      if (!peer.router_id) {
        Error(spec_.router_id->where, "invalid router ID " + GoQuote(spec_.router_id->value));
      }
    }
    if (spec_.source_address) {
      peer.source_address = net::IpAddress::Parse(spec_.source_address->value);
      if (!peer.source_address) {
        Error(spec_.source_address->where,
              "invalid source IP " + GoQuote(spec_.source_address->value));
      }
    }
  }

  void CheckConnectTime(BgpPeer& peer) {
    if (!spec_.connect_time) return;
    const DurationSpec& connect = *spec_.connect_time;
    // The CRD's CEL rules, worded as the API server reports them.
    if (connect.nanoseconds % kNanosPerSecond != 0) {
      Error(connect.where, "connect time should contain a whole number of seconds");
      return;
    }
    const int64_t seconds = connect.nanoseconds / kNanosPerSecond;
    if (seconds < 1 || seconds > 65535) {
      Error(connect.where, "connect time should be between 1 seconds to 65535");
      return;
    }
    peer.connect_time_s = static_cast<uint32_t>(seconds);
  }

  void CheckSecrets(BgpPeer& peer) {
    if (spec_.password) {
      peer.password = spec_.password->value;
      if (HasLineBreak(peer.password)) {
        Error(spec_.password->where,
              "password for peer " + Quoted() + " contains invalid characters");
      }
    }
    if (!spec_.password_secret) return;
    peer.password_secret = spec_.password_secret->value;
    if (spec_.password) {
      Error(spec_.password_secret->where,
            "can not have both password and secret ref set in peer config " + Quoted());
      return;
    }
    diagnostics_.Note(spec_.password_secret->where, source_.object,
                      "passwordSecret " + GoQuote(peer.password_secret) +
                          " is recorded but not resolved (metallab reads no Secrets): the "
                          "session is set up without a password");
  }

  const PeerSpec& spec_;
  const SpecSource& source_;
  bool legacy_;
  manifest::Diagnostics& diagnostics_;
  bool valid_ = true;
};

}  // namespace

std::optional<Timers> ResolveTimers(const std::optional<DurationSpec>& hold,
                                    const std::optional<DurationSpec>& keepalive, bool legacy,
                                    const SpecSource& source, manifest::Diagnostics& diagnostics) {
  if (!hold && !keepalive) return Timers{};
  const std::string prefix = source.context + (legacy ? "" : "invalid BGPPeer timers: ");
  const auto error = [&](const manifest::SourceLocation& where, const std::string& message) {
    diagnostics.Error(where, source.object, prefix + message);
    return std::nullopt;
  };
  // Go prints a metav1.Duration with Duration.String; v0.9 quoted the text as written.
  const auto shown = [&](const DurationSpec& d) {
    return GoQuote(legacy ? d.text : FormatGoDuration(d.nanoseconds));
  };
  int64_t hold_ns = 0;
  int64_t keepalive_ns = 0;
  manifest::SourceLocation hold_where;
  std::string hold_text;
  if (hold) {
    hold_ns = hold->nanoseconds;
    hold_where = hold->where;
    hold_text = shown(*hold);
    keepalive_ns = keepalive ? keepalive->nanoseconds : hold_ns / 3;
  } else {
    keepalive_ns = keepalive->nanoseconds;
    hold_where = keepalive->where;
    if (keepalive_ns > INT64_MAX / 3 || keepalive_ns < INT64_MIN / 3) {
      return error(keepalive->where,
                   "invalid keepaliveTime " + shown(*keepalive) + ": three times it overflows");
    }
    hold_ns = keepalive_ns * 3;
    hold_text = GoQuote(FormatGoDuration(hold_ns));
  }
  const int64_t hold_seconds = hold_ns / kNanosPerSecond;  // rounds toward zero, as Go
  if (hold_seconds != 0 && hold_seconds < 3) {
    return error(hold_where, "invalid hold time " + hold_text + ": must be 0 or >=3s");
  }
  if (hold_seconds > kMaxHoldSeconds) {
    return error(hold_where, "invalid hold time " + hold_text +
                                 ": must be at most 65535s (the BGP OPEN field is 16 bits)");
  }
  const manifest::SourceLocation keepalive_where = keepalive ? keepalive->where : hold_where;
  const std::string keepalive_text =
      keepalive ? shown(*keepalive) : GoQuote(FormatGoDuration(keepalive_ns));
  if (keepalive_ns > hold_ns) {
    return error(keepalive_where, "invalid keepaliveTime " + keepalive_text +
                                      ", must be lower than holdTime " + hold_text);
  }
  if (keepalive_ns < 0) {
    return error(keepalive_where,
                 "invalid keepaliveTime " + keepalive_text + ": must not be negative");
  }
  return Timers{static_cast<uint32_t>(hold_seconds),
                static_cast<uint32_t>(keepalive_ns / kNanosPerSecond)};
}

std::vector<BgpPeer> ValidatePeers(const std::vector<PeerSpec>& specs,
                                   const std::vector<BfdProfile>& bfd_profiles,
                                   BehaviourProfile profile, manifest::Diagnostics& diagnostics) {
  std::vector<BgpPeer> peers;
  std::set<std::string> names;
  std::set<std::string> sessions;
  for (const PeerSpec& spec : specs) {
    auto peer = PeerChecker(spec, profile, diagnostics).Check(bfd_profiles);
    if (!peer) continue;
    if (!names.insert(peer->name).second) {
      diagnostics.Error(
          spec.source.where, spec.source.object,
          spec.source.context + "duplicate definition of peer " + GoQuote(peer->name));
      continue;
    }
    // MetalLB compares whole parsed peers; names of distinct resources always differ, so the
    // comparison that can fire is the one on everything else.
    if (!sessions.insert(SessionKey(*peer)).second) {
      diagnostics.Error(spec.source.where, spec.source.object,
                        spec.source.context + "peer " + peer->name + " already exists");
      continue;
    }
    peers.push_back(std::move(*peer));
  }
  return peers;
}

}  // namespace metallab::config
