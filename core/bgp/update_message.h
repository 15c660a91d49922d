// UPDATE: routes withdrawn, path attributes, and routes announced with those attributes (RFC
// 4271 §4.3); IPv6 routes ride inside the MP_REACH_NLRI / MP_UNREACH_NLRI attributes (RFC
// 4760). Decoding applies RFC 7606 instead of RFC 4271's reset-on-anything: the result says
// which of its four actions the UPDATE calls for, why, and, when the session must go, with
// which NOTIFICATION. Also here: End-of-RIB (RFC 4724 §2), the UPDATE that says "that was the
// whole table".
#ifndef METALLAB_CORE_BGP_UPDATE_MESSAGE_H_
#define METALLAB_CORE_BGP_UPDATE_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/bgp/codec_context.h"
#include "core/bgp/path_attribute.h"
#include "core/bgp/update_errors.h"
#include "core/net/ip_prefix.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

struct Update {
  std::vector<net::IpPrefix> withdrawn;  // IPv4; IPv6 go in attributes.mp_unreach
  PathAttributes attributes;
  std::vector<net::IpPrefix> nlri;  // IPv4; IPv6 go in attributes.mp_reach
  friend bool operator==(const Update&, const Update&) = default;
};

// The End-of-RIB marker for `family`: an empty UPDATE for IPv4 unicast, else an UPDATE holding
// only an MP_UNREACH_NLRI with no prefixes.
Update MakeEndOfRib(AfiSafi family);
// The family `update` marks the end of, or nullopt when it is not an End-of-RIB.
std::optional<AfiSafi> EndOfRibFamily(const Update& update);

// Every prefix `update` announces (NLRI field and MP_REACH_NLRI) and withdraws (Withdrawn
// Routes field and MP_UNREACH_NLRI).
std::vector<net::IpPrefix> AnnouncedPrefixes(const Update& update);
std::vector<net::IpPrefix> WithdrawnPrefixes(const Update& update);

// The body after the header. Prefixes of the wrong family in `withdrawn` / `nlri` are left out.
void EncodeUpdateBody(const Update& update, const CodecContext& context, wire::ByteWriter& out);

// What a received UPDATE means under RFC 7606.
struct UpdateDecodeResult {
  Update update;
  UpdateAction action = UpdateAction::kOk;
  std::vector<Diagnostic> diagnostics;
  std::optional<Notification> notification;  // set exactly when action is kSessionReset

  // The routes to install: none unless the action is kOk or kAttributeDiscard.
  std::vector<net::IpPrefix> RoutesToAnnounce() const;
  // The routes to remove: the withdrawn ones, and under treat-as-withdraw the announced ones
  // too. None on a session reset (the whole session's routes go).
  std::vector<net::IpPrefix> RoutesToWithdraw() const;
};

// Decodes an UPDATE body (the message minus its 19-byte header). Offsets in diagnostics count
// from the start of the message.
UpdateDecodeResult DecodeUpdateBody(std::span<const uint8_t> body, const CodecContext& context);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_UPDATE_MESSAGE_H_
