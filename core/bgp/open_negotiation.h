// What the OPEN exchange settles for one connection (RFC 4271 §4.2, RFC 5492): the OPEN a
// configured session sends, and what it agrees on with the peer's: the hold time (the smaller,
// 0 meaning none), the keepalive interval, the address families both named, whether AS
// numbers travel in four octets (RFC 6793) and whether the peer is internal. The results
// shape the codec context of every later UPDATE, both ways.
#ifndef METALLAB_CORE_BGP_OPEN_NEGOTIATION_H_
#define METALLAB_CORE_BGP_OPEN_NEGOTIATION_H_

#include <cstdint>
#include <vector>

#include "core/bgp/address_family.h"
#include "core/bgp/capability.h"
#include "core/bgp/codec_context.h"
#include "core/bgp/open_message.h"
#include "core/bgp/session_config.h"
#include "core/runtime/time.h"

namespace metallab::bgp {

struct NegotiatedSession {
  uint32_t peer_as = 0;
  uint32_t peer_bgp_identifier = 0;
  uint16_t hold_time_s = 0;                  // 0: no keepalives, no hold timer
  runtime::Duration keepalive_interval = 0;  // 0 when the hold time is 0
  CodecContext context;
  std::vector<AfiSafi> families;  // both OPENs name them, in our order
  Capabilities peer_capabilities;

  bool Carries(AfiSafi family) const;
};

// Our OPEN: multiprotocol IPv4 unicast (and IPv6 unicast when configured), route refresh and
// graceful restart when configured, 4-octet AS unless the session is an old speaker, whose My
// AS is AS_TRANS when its number does not fit.
Open OpenFor(const BgpSessionConfig& config);

// The peer's OPEN as this session understands it: an old speaker (four_octet_as false) cannot
// read the 4-octet AS capability, so for it the peer is whatever My AS says.
Open AsUnderstood(const BgpSessionConfig& config, Open peer_open);

// What our OPEN and the peer's agree on. Keepalives go every third of the hold time, or every
// configured keepalive time when that is shorter. A peer without multiprotocol capabilities
// speaks IPv4 unicast only (RFC 4760 §1).
NegotiatedSession Negotiate(const BgpSessionConfig& config, const Open& peer_open);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_OPEN_NEGOTIATION_H_
