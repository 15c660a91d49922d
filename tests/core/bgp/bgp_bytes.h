// Byte-building helpers for the BGP codec tests: a whole message from a type and body, an
// UPDATE body from its three fields, and the attribute set of the MetalLB example UPDATE.
#ifndef METALLAB_TESTS_CORE_BGP_BGP_BYTES_H_
#define METALLAB_TESTS_CORE_BGP_BGP_BYTES_H_

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/bgp/update_message.h"
#include "core/net/ip_prefix.h"
#include "tests/support/addresses.h"

namespace metallab::bgp::testing {

using Bytes = std::vector<uint8_t>;

using ::metallab::testing::Prefix;

// An UPDATE that must reset the session with NOTIFICATION 3/`subcode` carrying `data`.
inline void CheckReset(const UpdateDecodeResult& result, uint8_t subcode, const Bytes& data) {
  CHECK(result.action == UpdateAction::kSessionReset);
  REQUIRE(result.notification.has_value());
  CHECK(result.notification->code == 3);
  CHECK(result.notification->subcode == subcode);
  CHECK(result.notification->data == data);
}

inline Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// Marker, length (computed) and type, then `body`.
inline Bytes MessageBytes(uint8_t type, const Bytes& body) {
  const size_t length = 19 + body.size();
  Bytes bytes(16, 0xff);
  bytes.push_back(static_cast<uint8_t>(length >> 8));
  bytes.push_back(static_cast<uint8_t>(length));
  bytes.push_back(type);
  bytes.insert(bytes.end(), body.begin(), body.end());
  return bytes;
}

inline Bytes UpdateBody(const Bytes& attributes, const Bytes& nlri, const Bytes& withdrawn = {}) {
  return Concat(
      {{static_cast<uint8_t>(withdrawn.size() >> 8), static_cast<uint8_t>(withdrawn.size())},
       withdrawn,
       {static_cast<uint8_t>(attributes.size() >> 8), static_cast<uint8_t>(attributes.size())},
       attributes,
       nlri});
}

// The attributes of the example UPDATE in metallb-behavior.md §4.3 (eBGP, 4-octet AS 64512,
// next hop 10.0.0.5): ORIGIN IGP at message offset 23, AS_PATH at 27, NEXT_HOP at 36.
inline const Bytes kOrigin = {0x40, 0x01, 0x01, 0x00};
inline const Bytes kAsPath = {0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfc, 0x00};
inline const Bytes kNextHop = {0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x05};
inline const Bytes kMandatory = Concat({kOrigin, kAsPath, kNextHop});
// 192.168.10.1/32
inline const Bytes kOneNlri = {0x20, 0xc0, 0xa8, 0x0a, 0x01};
// Offset of the first attribute after kMandatory when nothing is withdrawn.
constexpr size_t kAfterMandatory = 43;

inline const CodecContext kEbgp{.four_octet_as = true, .is_ibgp = false};
inline const CodecContext kIbgp{.four_octet_as = true, .is_ibgp = true};
inline const CodecContext kOldEbgp{.four_octet_as = false, .is_ibgp = false};

// Decodes an UPDATE made of `attributes` and `nlri` (and `withdrawn`) on `context`.
inline UpdateDecodeResult DecodeParts(const Bytes& attributes, const Bytes& nlri = kOneNlri,
                                      const CodecContext& context = kEbgp,
                                      const Bytes& withdrawn = {}) {
  return DecodeUpdateBody(UpdateBody(attributes, nlri, withdrawn), context);
}

// Whether some diagnostic has `action`, starts at `offset` and mentions `text`.
inline bool HasDiagnostic(const UpdateDecodeResult& result, UpdateAction action, size_t offset,
                          const std::string& text) {
  return std::any_of(
      result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& d) {
        return d.action == action && d.offset == offset && d.text.find(text) != std::string::npos;
      });
}

}  // namespace metallab::bgp::testing

#endif  // METALLAB_TESTS_CORE_BGP_BGP_BYTES_H_
