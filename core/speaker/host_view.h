// What a speaker asks of the node it runs on: its links (name, MAC, carrier, addresses), read
// when the speaker starts and at every rescan, and the source address the kernel would pick
// toward a BGP peer (MetalLB's router id and NEXT_HOP when none is configured). The simulator
// answers from the virtual host, the daemon from netlink state it keeps; neither does I/O
// inside these calls.
#ifndef METALLAB_CORE_SPEAKER_HOST_VIEW_H_
#define METALLAB_CORE_SPEAKER_HOST_VIEW_H_

#include <optional>
#include <vector>

#include "core/layer2/link_info.h"
#include "core/net/ip_address.h"

namespace metallab::speaker {

class HostView {
 public:
  virtual ~HostView() = default;
  virtual std::vector<layer2::LinkInfo> Links() const = 0;
  virtual std::optional<net::IpAddress> SourceAddressFor(const net::IpAddress& peer) const = 0;
};

// hostNetwork: the speaker pod's IP is the node's first IPv4 address; 0.0.0.0 when it has none.
net::IpAddress OwnAddress(const std::vector<layer2::LinkInfo>& links);
// The node's first global IPv6 address: the next hop of its IPv6 routes.
std::optional<net::IpAddress> GlobalIpv6(const std::vector<layer2::LinkInfo>& links);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_HOST_VIEW_H_
