#include "core/bgp/open_negotiation.h"

#include <algorithm>
#include <utility>

#include "core/bgp/as_path.h"

namespace metallab::bgp {
namespace {

bool PeerOffers(const Capabilities& capabilities, AfiSafi family) {
  if (capabilities.multiprotocol.empty()) return family == kIpv4Unicast;
  return std::find(capabilities.multiprotocol.begin(), capabilities.multiprotocol.end(), family) !=
         capabilities.multiprotocol.end();
}

}  // namespace

bool NegotiatedSession::Carries(AfiSafi family) const {
  return std::find(families.begin(), families.end(), family) != families.end();
}

Open OpenFor(const BgpSessionConfig& config) {
  Capabilities capabilities;
  capabilities.multiprotocol.push_back(kIpv4Unicast);
  if (config.ipv6_unicast) capabilities.multiprotocol.push_back(kIpv6Unicast);
  capabilities.route_refresh = config.route_refresh;
  capabilities.graceful_restart = config.graceful_restart;
  if (config.four_octet_as) {
    return MakeOpen(config.local_as, config.hold_time_s, config.bgp_identifier,
                    std::move(capabilities));
  }
  const uint16_t my_as =
      config.local_as > 0xffff ? kAsTrans : static_cast<uint16_t>(config.local_as);
  return Open{my_as, config.hold_time_s, config.bgp_identifier, std::move(capabilities)};
}

Open AsUnderstood(const BgpSessionConfig& config, Open peer_open) {
  if (!config.four_octet_as) peer_open.capabilities.four_octet_as.reset();
  return peer_open;
}

NegotiatedSession Negotiate(const BgpSessionConfig& config, const Open& peer_open) {
  NegotiatedSession negotiated;
  negotiated.peer_as = PeerAs(peer_open);
  negotiated.peer_bgp_identifier = peer_open.bgp_identifier;
  negotiated.hold_time_s = std::min(config.hold_time_s, peer_open.hold_time);
  if (negotiated.hold_time_s != 0) {
    negotiated.keepalive_interval = runtime::Seconds(negotiated.hold_time_s) / 3;
    if (config.keepalive_time) {
      negotiated.keepalive_interval =
          std::min(negotiated.keepalive_interval, *config.keepalive_time);
    }
  }
  negotiated.context =
      CodecContext{config.four_octet_as && peer_open.capabilities.four_octet_as.has_value(),
                   config.local_as == config.peer_as};
  if (PeerOffers(peer_open.capabilities, kIpv4Unicast)) {
    negotiated.families.push_back(kIpv4Unicast);
  }
  if (config.ipv6_unicast && PeerOffers(peer_open.capabilities, kIpv6Unicast)) {
    negotiated.families.push_back(kIpv6Unicast);
  }
  negotiated.peer_capabilities = peer_open.capabilities;
  return negotiated;
}

}  // namespace metallab::bgp
