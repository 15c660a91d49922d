// One row per path attribute type metallab understands, after BIRD's bgp_attr_table: the name,
// the Optional/Transitive flags the type must carry, the length it may have, how its value
// decodes and encodes, and what RFC 7606 says to do when it is malformed. The list walker in
// path_attribute.cc applies the rows; adding an attribute means adding a row.
#ifndef METALLAB_CORE_BGP_ATTRIBUTE_TABLE_H_
#define METALLAB_CORE_BGP_ATTRIBUTE_TABLE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/bgp/codec_context.h"
#include "core/bgp/notification.h"
#include "core/bgp/path_attribute.h"
#include "core/bgp/update_errors.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

// What a row's decoder found wrong. Unless it says otherwise, the row's on_malformed action
// and reset subcode apply. A fault whose action is kOk is a remark on a value that was stored.
struct AttributeFault {
  std::string what;
  std::optional<UpdateAction> action;
  std::optional<UpdateSubcode> subcode;
  std::optional<size_t> value_offset;  // where in the value, when more precise than the start
};

struct AttributeRule {
  AttributeType type;
  const char* name;
  // The Optional and Transitive bits the type must carry (RFC 7606 §3 c).
  uint8_t flags;
  // RFC 7606 §7 (and RFC 6793 §6 for AS4_*): what a malformed attribute of this type calls for.
  UpdateAction on_malformed;
  // The subcode of the NOTIFICATION when that action is a session reset.
  UpdateSubcode reset_subcode;
  // Why this session must ignore the type whatever its contents (LOCAL_PREF from an external
  // peer, AS4_PATH between 4-octet speakers); nullptr when it is welcome. Such an attribute is
  // discarded.
  const char* (*unwanted)(const CodecContext& context);
  bool (*length_ok)(size_t length, const CodecContext& context);
  const char* expected_length;  // for diagnostics: "1", "a non-zero multiple of 4"
  // Decodes a value whose length passed; stores into `into` only what is valid.
  std::optional<AttributeFault> (*decode)(std::span<const uint8_t> value,
                                          const CodecContext& context, PathAttributes& into);
  // Whether `attributes` has this attribute to send on this session, and its value bytes.
  bool (*present)(const PathAttributes& attributes, const CodecContext& context);
  void (*encode)(const PathAttributes& attributes, const CodecContext& context,
                 wire::ByteWriter& out);
};

// Every row, in the order attributes are encoded (MP_REACH_NLRI, MP_UNREACH_NLRI, then by
// type code).
std::span<const AttributeRule> AttributeRules();
// The row for `type`, or nullptr when metallab does not recognise it.
const AttributeRule* FindAttributeRule(uint8_t type);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_ATTRIBUTE_TABLE_H_
