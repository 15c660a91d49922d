// The frames a MetalLB speaker sends for an IP it announces (internal/layer2/arp.go, ndp.go;
// spec §3.4–3.5), as pure functions from what arrived to what goes out:
// - an ARP request for an announced IP (Ethernet destination broadcast or us) gets a reply,
//   unicast to the asker, even from sender 0.0.0.0;
// - a Neighbor Solicitation for an announced IP that carries a source link-layer address option
//   gets a solicited Neighbor Advertisement (S=1, O=0, R=0) from our link-local address; one
//   without the option (a DAD probe) gets nothing;
// - a gratuitous round is an ARP request and an ARP reply to broadcast (sender and target IP
//   the VIP, target MAC broadcast) or one unsolicited NA to ff02::1 (S=0, O=1).
#ifndef METALLAB_CORE_LAYER2_NEIGHBOUR_ANSWERS_H_
#define METALLAB_CORE_LAYER2_NEIGHBOUR_ANSWERS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/mac_address.h"

namespace metallab::layer2 {

// The interface a frame arrived on, as the responder sees it.
struct ResponderLink {
  packet::MacAddress mac;
  net::IpAddress link_local;  // NDP answers come from here
};

// A request the responder recognised, whether or not it answered (for the metrics of spec §5).
struct NeighbourRequest {
  net::IpAddress target;
  bool answered = false;
  std::vector<uint8_t> reply;  // the frame to send back when answered
};

using IsAnnounced = std::function<bool(const net::IpAddress&)>;

// nullopt when `frame` is not an ARP request or Neighbor Solicitation a responder looks at.
std::optional<NeighbourRequest> AnswerNeighbourRequest(std::span<const uint8_t> frame,
                                                       const ResponderLink& link,
                                                       const IsAnnounced& announced);

// One gratuitous round for `ip` on `link`: two ARP frames for IPv4, one NA for IPv6.
std::vector<std::vector<uint8_t>> GratuitousRound(const net::IpAddress& ip,
                                                  const ResponderLink& link);

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_NEIGHBOUR_ANSWERS_H_
