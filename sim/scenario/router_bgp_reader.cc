#include "sim/scenario/router_bgp_reader.h"

#include "sim/scenario/scenario_fields.h"

namespace metallab::sim {
namespace {

using manifest::FieldReader;
using manifest::Presence;

std::optional<net::IpAddress> ReadIp(const FieldReader& reader, std::string_view key,
                                     Presence presence) {
  const auto text = reader.String(key, presence);
  if (!text) return std::nullopt;
  const auto address = net::IpAddress::Parse(*text);
  if (!address) reader.ErrorAt(key, "\"" + *text + "\" is not an IP address");
  return address;
}

std::optional<runtime::Duration> ReadInterval(const FieldReader& reader, std::string_view key) {
  const auto duration = ReadDuration(reader, key);
  if (duration && (*duration < Milliseconds(10) || *duration > Seconds(60))) {
    reader.ErrorAt(key, "between 10ms and 60s, as a BFDProfile allows");
    return std::nullopt;
  }
  return duration;
}

// The values of a BFDProfile, with FRR's defaults for what is left out (docs/bfd.md).
bfd::BfdSessionConfig ReadBfd(const FieldReader& bfd) {
  bfd.RejectUnknownKeys({"receiveInterval", "transmitInterval", "detectMultiplier", "passive"});
  bfd::BfdSessionConfig config;
  if (auto rx = ReadInterval(bfd, "receiveInterval")) config.required_min_rx = *rx;
  if (auto tx = ReadInterval(bfd, "transmitInterval")) config.desired_min_tx = *tx;
  if (auto multiplier = bfd.Integer("detectMultiplier", 2, 255)) {
    config.detect_multiplier = static_cast<uint32_t>(*multiplier);
  }
  config.passive = bfd.Bool("passive").value_or(false);
  return config;
}

BgpNeighborConfig ReadNeighbor(const FieldReader& item, bool needs_address) {
  item.RejectUnknownKeys({"address", "asn", "bfd", "password", "holdTime"});
  BgpNeighborConfig neighbor;
  if (needs_address) {
    neighbor.address = ReadIp(item, "address", Presence::kRequired).value_or(net::IpAddress());
  }
  neighbor.peer_as =
      static_cast<uint32_t>(item.Integer("asn", 1, 4294967295LL, Presence::kRequired).value_or(0));
  if (const auto bfd = item.Child("bfd")) neighbor.bfd = ReadBfd(*bfd);
  neighbor.password = item.String("password").value_or("");
  if (const auto hold = ReadDuration(item, "holdTime")) {
    // RFC 4271: 0, or at least 3 seconds; whole seconds on the wire.
    if ((*hold != 0 && *hold < Seconds(3)) || *hold > Seconds(65535) || *hold % Seconds(1) != 0) {
      item.ErrorAt("holdTime", "0 or a whole number of seconds from 3s to 65535s");
    } else {
      neighbor.hold_time_s = static_cast<uint16_t>(*hold / Seconds(1));
    }
  }
  return neighbor;
}

}  // namespace

std::optional<RouterBgpSpec> ReadRouterBgp(const FieldReader& bgp) {
  bgp.RejectUnknownKeys(
      {"asn", "routerId", "implementation", "maxPaths", "alwaysCompareMed", "neighbors", "nodes"});
  RouterBgpSpec spec;
  BgpRouterConfig& config = spec.config;
  config.local_as =
      static_cast<uint32_t>(bgp.Integer("asn", 1, 4294967295LL, Presence::kRequired).value_or(0));
  if (const auto id = ReadIp(bgp, "routerId", Presence::kOptional)) {
    if (!id->is_v4()) bgp.ErrorAt("routerId", "a BGP identifier is an IPv4 address");
    config.router_id = *id;
  }
  if (const auto name = bgp.String("implementation")) {
    const auto profile = ParseRouterTimerProfile(*name);
    if (!profile) {
      bgp.ErrorAt("implementation",
                  "\"" + *name + "\" is not one of bird, frr, frr-datacenter, gobgp");
    } else {
      config.timers = *profile;
    }
  }
  config.max_paths = static_cast<size_t>(bgp.Integer("maxPaths", 1, 64).value_or(1));
  config.always_compare_med = bgp.Bool("alwaysCompareMed").value_or(false);
  for (const FieldReader& item : bgp.Children("neighbors")) {
    config.neighbors.push_back(ReadNeighbor(item, true));
  }
  if (const auto nodes = bgp.Child("nodes")) spec.every_node = ReadNeighbor(*nodes, false);
  if (config.neighbors.empty() && !spec.every_node) {
    bgp.Error("a BGP router needs `neighbors` or `nodes`");
  }
  return spec;
}

}  // namespace metallab::sim
