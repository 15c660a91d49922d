#include "core/bgp/path_attribute.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdio>

#include "core/bgp/attribute_table.h"
#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

constexpr uint8_t kTypeFlags = kFlagOptional | kFlagTransitive;

std::string FlagsText(uint8_t flags) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "0x%02x", flags);
  return text.data();
}

bool IsMultiprotocol(uint8_t type) {
  return type == static_cast<uint8_t>(AttributeType::kMpReachNlri) ||
         type == static_cast<uint8_t>(AttributeType::kMpUnreachNlri);
}

// Writes flags, type and a length patched once `body` has appended the value: one octet, or
// two with the Extended Length bit when the value outgrows it (RFC 4271 §4.3).
template <typename Body>
void WriteAttribute(uint8_t flags, uint8_t type, wire::ByteWriter& out, Body body) {
  const size_t start = out.size();
  out.U8(static_cast<uint8_t>(flags & ~kFlagExtendedLength));
  out.U8(type);
  const size_t length_at = out.size();
  out.U8(0);
  body();
  const size_t length = out.size() - length_at - 1;
  if (length <= 0xff) {
    out.PatchU8(length_at, static_cast<uint8_t>(length));
    return;
  }
  out.InsertU8(length_at, 0);
  out.PatchU16(length_at, static_cast<uint16_t>(length));
  out.PatchU8(start, static_cast<uint8_t>(flags | kFlagExtendedLength));
}

// One attribute as the walker found it: where it starts, its flags, type and value, and all
// its bytes (the data of the NOTIFICATION that a session reset over it sends).
struct FoundAttribute {
  size_t offset = 0;
  size_t value_offset = 0;
  uint8_t flags = 0;
  uint8_t type = 0;
  std::span<const uint8_t> value;
  std::span<const uint8_t> bytes;
};

void Report(const AttributeRule& rule, const AttributeFault& fault, const FoundAttribute& found,
            UpdateErrors& errors) {
  const UpdateAction action = fault.action.value_or(rule.on_malformed);
  const size_t offset =
      fault.value_offset ? found.value_offset + *fault.value_offset : found.offset;
  std::string text = std::string(rule.name) + ": " + fault.what;
  if (action != UpdateAction::kSessionReset) {
    errors.Note(action, offset, std::move(text));
    return;
  }
  const UpdateSubcode subcode = fault.subcode.value_or(rule.reset_subcode);
  // RFC 4271 §6.3: attribute errors carry the attribute; list and network field errors don't.
  std::vector<uint8_t> data;
  if (subcode != UpdateSubcode::kInvalidNetworkField &&
      subcode != UpdateSubcode::kMalformedAsPath) {
    data.assign(found.bytes.begin(), found.bytes.end());
  }
  errors.Reset(MakeNotification(subcode, std::move(data)), offset, std::move(text));
}

void ApplyRule(const AttributeRule& rule, const FoundAttribute& found, const CodecContext& context,
               PathAttributes& into, UpdateErrors& errors) {
  if (((found.flags ^ rule.flags) & kTypeFlags) != 0) {
    Report(rule,
           AttributeFault{"flags " + FlagsText(found.flags) + " conflict with the type's " +
                              FlagsText(rule.flags) + " (RFC 7606 §3 c)",
                          {},
                          UpdateSubcode::kAttributeFlagsError,
                          {}},
           found, errors);
    return;
  }
  if (const char* why = rule.unwanted != nullptr ? rule.unwanted(context) : nullptr) {
    errors.Note(UpdateAction::kAttributeDiscard, found.offset, std::string(rule.name) + ": " + why);
    return;
  }
  if (!rule.length_ok(found.value.size(), context)) {
    Report(rule,
           AttributeFault{"length " + std::to_string(found.value.size()) + ", expected " +
                              rule.expected_length,
                          {},
                          {},
                          {}},
           found, errors);
    return;
  }
  if (auto fault = rule.decode(found.value, context, into)) Report(rule, *fault, found, errors);
}

// RFC 4271 §5: an unrecognized well-known attribute ends the session, an unrecognized optional
// transitive one is passed on marked Partial, an optional non-transitive one is dropped.
void HandleUnknown(const FoundAttribute& found, PathAttributes& into, UpdateErrors& errors) {
  if ((found.flags & kFlagOptional) == 0) {
    errors.Reset(MakeNotification(UpdateSubcode::kUnrecognizedWellKnownAttribute,
                                  {found.bytes.begin(), found.bytes.end()}),
                 found.offset,
                 AttributeName(found.type) + ": well-known (Optional bit clear) but unrecognized");
    return;
  }
  if ((found.flags & kFlagTransitive) == 0) return;
  RawAttribute raw{static_cast<uint8_t>(found.flags & (kTypeFlags | kFlagPartial)),
                   found.type,
                   {found.value.begin(), found.value.end()}};
  const auto at =
      std::upper_bound(into.unknown.begin(), into.unknown.end(), raw.type,
                       [](uint8_t type, const RawAttribute& other) { return type < other.type; });
  into.unknown.insert(at, std::move(raw));
}

// RFC 7606 §3 g: a repeated MP_REACH_NLRI or MP_UNREACH_NLRI is a Malformed Attribute List;
// any other repeat is discarded after the first.
void HandleRepeat(const FoundAttribute& found, UpdateErrors& errors) {
  if (IsMultiprotocol(found.type)) {
    errors.Reset(MakeNotification(UpdateSubcode::kMalformedAttributeList), found.offset,
                 AttributeName(found.type) + ": appears more than once (RFC 7606 §3 g)");
    return;
  }
  errors.Note(UpdateAction::kAttributeDiscard, found.offset,
              AttributeName(found.type) + ": repeated; all but the first discarded");
}

}  // namespace

std::string AttributeName(uint8_t type) {
  if (const AttributeRule* rule = FindAttributeRule(type)) return rule->name;
  return "attribute " + std::to_string(type);
}

std::optional<AsPath> FullAsPath(const PathAttributes& attributes) {
  if (!attributes.as_path || !attributes.as4_path) return attributes.as_path;
  if (attributes.aggregator && attributes.aggregator->asn != kAsTrans) return attributes.as_path;
  return MergeAs4Path(*attributes.as_path, *attributes.as4_path);
}

void EncodePathAttributes(const PathAttributes& attributes, const CodecContext& context,
                          wire::ByteWriter& out) {
  // Unknown attributes interleave with the rows by type code; one of a type a row owns is
  // never sent, the typed field being the one that counts.
  auto next_unknown = attributes.unknown.begin();
  const auto write_unknown_below = [&](unsigned limit) {
    for (; next_unknown != attributes.unknown.end() && next_unknown->type < limit; ++next_unknown) {
      if (FindAttributeRule(next_unknown->type) != nullptr) continue;
      WriteAttribute(static_cast<uint8_t>(next_unknown->flags | kFlagPartial), next_unknown->type,
                     out, [&] { out.Bytes(next_unknown->value); });
    }
  };
  for (const AttributeRule& rule : AttributeRules()) {
    const auto type = static_cast<uint8_t>(rule.type);
    if (!IsMultiprotocol(type)) write_unknown_below(type);
    if (!rule.present(attributes, context)) continue;
    WriteAttribute(rule.flags, type, out, [&] { rule.encode(attributes, context, out); });
  }
  write_unknown_below(256);
}

void DecodePathAttributes(std::span<const uint8_t> field, const CodecContext& context, size_t base,
                          PathAttributes& into, UpdateErrors& errors) {
  std::bitset<256> seen;
  wire::ByteReader reader(field);
  while (!reader.empty()) {
    FoundAttribute found;
    found.offset = base + reader.offset();
    const size_t start = reader.offset();
    found.flags = reader.U8();
    found.type = reader.U8();
    const size_t length = (found.flags & kFlagExtendedLength) ? reader.U16() : reader.U8();
    if (!reader.ok()) {
      errors.Note(UpdateAction::kTreatAsWithdraw, found.offset,
                  "path attributes: " + std::to_string(field.size() - start) +
                      " bytes left, too few for an attribute header (RFC 7606 §4)");
      return;
    }
    found.value_offset = base + reader.offset();
    found.value = reader.Bytes(length);
    if (!reader.ok()) {
      errors.Note(UpdateAction::kTreatAsWithdraw, found.offset,
                  AttributeName(found.type) + ": length " + std::to_string(length) +
                      " overruns the path attributes by " +
                      std::to_string(length - (field.size() - (found.value_offset - base))) +
                      " bytes (RFC 7606 §4)");
      return;
    }
    found.bytes = field.subspan(start, reader.offset() - start);
    if (seen[found.type]) {
      HandleRepeat(found, errors);
    } else {
      seen[found.type] = true;
      if (const AttributeRule* rule = FindAttributeRule(found.type)) {
        ApplyRule(*rule, found, context, into, errors);
      } else {
        HandleUnknown(found, into, errors);
      }
    }
    if (errors.resetting()) return;
  }
}

}  // namespace metallab::bgp
