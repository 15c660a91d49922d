// OPEN: the first message each side sends, naming its AS, hold time, BGP identifier and
// capabilities (RFC 4271 §4.2). Decoding applies the checks of §6.2 that need nothing but the
// message (version, hold time, identifier, AS 0 per RFC 7607, optional parameter types) and
// reads both optional-parameter encodings: RFC 4271's one-octet lengths and RFC 9072's extended
// two-octet ones. Checks that need the session's configuration (expected peer AS, our own
// identifier) are a separate function, so the decoder stays configuration-free.
#ifndef METALLAB_CORE_BGP_OPEN_MESSAGE_H_
#define METALLAB_CORE_BGP_OPEN_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "core/bgp/as_path.h"
#include "core/bgp/capability.h"
#include "core/bgp/notification.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

constexpr uint8_t kBgpVersion = 4;
// Version, My AS, Hold Time, BGP Identifier, Optional Parameters Length.
constexpr size_t kOpenFixedSize = 10;

struct Open {
  uint16_t my_as = 0;
  uint16_t hold_time = 90;  // seconds; 0 means no keepalives
  uint32_t bgp_identifier = 0;
  Capabilities capabilities;
  friend bool operator==(const Open&, const Open&) = default;
};

// An OPEN for AS `asn`: My AS is `asn` or AS_TRANS when it does not fit, and the 4-octet AS
// capability carries the real number.
Open MakeOpen(uint32_t asn, uint16_t hold_time, uint32_t bgp_identifier, Capabilities capabilities);

// The sender's AS: the 4-octet AS capability's, else My AS.
uint32_t PeerAs(const Open& open);

// The body after the header. Capabilities go in one optional parameter; when they need more
// than 255 bytes the RFC 9072 extended encoding is used.
void EncodeOpenBody(const Open& open, wire::ByteWriter& out);

// Decodes an OPEN body (the message minus its 19-byte header); offsets in errors count from
// the start of the message.
std::variant<Open, DecodeError> DecodeOpenBody(std::span<const uint8_t> body);

// The checks that need the session's configuration: the peer's AS must be the one configured
// (2/2 Bad Peer AS) and its identifier must differ from ours (2/3 Bad BGP Identifier).
std::optional<Notification> CheckOpenAgainstConfig(const Open& open, uint32_t expected_peer_as,
                                                   uint32_t local_bgp_identifier);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_OPEN_MESSAGE_H_
