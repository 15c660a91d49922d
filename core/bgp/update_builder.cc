#include "core/bgp/update_builder.h"

#include <algorithm>

#include "core/bgp/message_header.h"
#include "core/bgp/mp_attribute.h"
#include "core/bgp/nlri.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {
namespace {

// Withdrawn Routes Length and Total Path Attribute Length.
constexpr size_t kUpdateLengthFields = 4;
// An attribute header with a two-octet length, and the AFI, SAFI of MP_UNREACH_NLRI and also
// the next hop length and reserved octet of MP_REACH_NLRI.
constexpr size_t kAttributeHeader = 4;
constexpr size_t kMpUnreachFixed = 3;
constexpr size_t kMpReachFixed = 5;

// Prefixes of the other family are passed over, not copied out: announcements arrive mixed, and
// copying ten thousand of them per call costs more than encoding them.
size_t CountOf(std::span<const net::IpPrefix> prefixes, net::Family family) {
  return static_cast<size_t>(
      std::count_if(prefixes.begin(), prefixes.end(),
                    [family](const net::IpPrefix& prefix) { return prefix.family() == family; }));
}

// The end of the run from `begin` whose `family` prefixes fit in `capacity` bytes.
size_t ChunkEnd(std::span<const net::IpPrefix> prefixes, size_t begin, net::Family family,
                size_t capacity) {
  size_t used = 0;
  size_t end = begin;
  for (; end < prefixes.size(); ++end) {
    if (prefixes[end].family() != family) continue;
    const size_t size = EncodedPrefixSize(prefixes[end]);
    if (used + size > capacity) break;
    used += size;
  }
  return end;
}

void EncodeFamily(std::span<const net::IpPrefix> prefixes, net::Family family,
                  wire::ByteWriter& out) {
  for (const net::IpPrefix& prefix : prefixes) {
    if (prefix.family() == family) EncodePrefix(prefix, out);
  }
}

std::vector<net::IpPrefix> OfFamily(std::span<const net::IpPrefix> prefixes, net::Family family) {
  std::vector<net::IpPrefix> selected;
  selected.reserve(CountOf(prefixes, family));
  for (const net::IpPrefix& prefix : prefixes) {
    if (prefix.family() == family) selected.push_back(prefix);
  }
  return selected;
}

std::vector<uint8_t> EncodedAttributes(const PathAttributes& attributes,
                                       const CodecContext& context) {
  std::vector<uint8_t> bytes;
  wire::ByteWriter out(bytes);
  EncodePathAttributes(attributes, context, out);
  return bytes;
}

// Cuts the `family` prefixes of `prefixes` into runs of at most `capacity` encoded bytes and has
// `write` make a message of each run (a subspan that may hold prefixes of the other family
// too, for `write` to pass over). Returns how many could not be placed: all that remain when
// not even one fits.
template <typename Write>
size_t Pack(std::span<const net::IpPrefix> prefixes, net::Family family, size_t capacity,
            Write write) {
  size_t begin = 0;
  while (begin < prefixes.size()) {
    const size_t end = ChunkEnd(prefixes, begin, family, capacity);
    const auto chunk = prefixes.subspan(begin, end - begin);
    if (CountOf(chunk, family) == 0) return CountOf(prefixes.subspan(begin), family);
    write(chunk);
    begin = end;
  }
  return 0;
}

// Room left for prefixes in a message whose other contents take `fixed` bytes.
size_t Capacity(size_t fixed) {
  const size_t overhead = kHeaderSize + kUpdateLengthFields + fixed;
  return overhead < kMaxMessageSize ? kMaxMessageSize - overhead : 0;
}

size_t PackIpv4(const PathAttributes& attributes, std::span<const net::IpPrefix> prefixes,
                const CodecContext& context, std::vector<std::vector<uint8_t>>& messages) {
  PathAttributes common = attributes;
  common.mp_reach.reset();
  common.mp_unreach.reset();
  const std::vector<uint8_t> encoded = EncodedAttributes(common, context);
  return Pack(prefixes, net::Family::kIPv4, Capacity(encoded.size()),
              [&](std::span<const net::IpPrefix> chunk) {
                std::vector<uint8_t>& bytes = messages.emplace_back();
                bytes.reserve(kMaxMessageSize);  // packed messages come out nearly full
                wire::ByteWriter out(bytes);
                const size_t start = BeginMessage(MessageType::kUpdate, out);
                out.U16(0);
                out.U16(static_cast<uint16_t>(encoded.size()));
                out.Bytes(encoded);
                EncodeFamily(chunk, net::Family::kIPv4, out);
                FinishMessage(start, out);
              });
}

size_t PackIpv6(const PathAttributes& attributes, std::span<const net::IpPrefix> prefixes,
                const CodecContext& context, std::vector<std::vector<uint8_t>>& messages) {
  PathAttributes common = attributes;
  common.mp_reach.reset();
  common.mp_unreach.reset();
  common.next_hop.reset();  // RFC 4760 §3: an MP-only UPDATE should not carry NEXT_HOP
  const std::vector<uint8_t> encoded = EncodedAttributes(common, context);
  PathAttributes reach_only;
  reach_only.mp_reach = MpReach{
      kIpv6Unicast, attributes.mp_reach->next_hop, attributes.mp_reach->link_local_next_hop, {}};
  const size_t reach_fixed = kAttributeHeader + kMpReachFixed + NextHopLength(*reach_only.mp_reach);
  return Pack(prefixes, net::Family::kIPv6, Capacity(encoded.size() + reach_fixed),
              [&](std::span<const net::IpPrefix> chunk) {
                reach_only.mp_reach->nlri = OfFamily(chunk, net::Family::kIPv6);
                std::vector<uint8_t>& bytes = messages.emplace_back();
                bytes.reserve(kMaxMessageSize);
                wire::ByteWriter out(bytes);
                const size_t start = BeginMessage(MessageType::kUpdate, out);
                out.U16(0);
                const size_t attributes_at = out.size();
                out.U16(0);
                EncodePathAttributes(reach_only, context, out);
                out.Bytes(encoded);
                out.PatchU16(attributes_at, static_cast<uint16_t>(out.size() - attributes_at - 2));
                FinishMessage(start, out);
              });
}

}  // namespace

PackedUpdates PackAnnouncements(const PathAttributes& attributes,
                                std::span<const net::IpPrefix> prefixes,
                                const CodecContext& context) {
  PackedUpdates packed;
  if (attributes.next_hop && attributes.next_hop->is_v4()) {
    packed.left_out += PackIpv4(attributes, prefixes, context, packed.messages);
  } else {
    packed.left_out += CountOf(prefixes, net::Family::kIPv4);
  }
  if (attributes.mp_reach && attributes.mp_reach->family == kIpv6Unicast) {
    packed.left_out += PackIpv6(attributes, prefixes, context, packed.messages);
  } else {
    packed.left_out += CountOf(prefixes, net::Family::kIPv6);
  }
  return packed;
}

std::vector<std::vector<uint8_t>> PackWithdrawals(std::span<const net::IpPrefix> prefixes,
                                                  const CodecContext& context) {
  std::vector<std::vector<uint8_t>> messages;
  Pack(prefixes, net::Family::kIPv4, Capacity(0), [&](std::span<const net::IpPrefix> chunk) {
    std::vector<uint8_t>& bytes = messages.emplace_back();
    wire::ByteWriter out(bytes);
    const size_t start = BeginMessage(MessageType::kUpdate, out);
    out.U16(0);
    EncodeFamily(chunk, net::Family::kIPv4, out);
    out.PatchU16(start + kHeaderSize, static_cast<uint16_t>(out.size() - start - kHeaderSize - 2));
    out.U16(0);
    FinishMessage(start, out);
  });
  Pack(prefixes, net::Family::kIPv6, Capacity(kAttributeHeader + kMpUnreachFixed),
       [&](std::span<const net::IpPrefix> chunk) {
         PathAttributes unreach_only;
         unreach_only.mp_unreach = MpUnreach{kIpv6Unicast, OfFamily(chunk, net::Family::kIPv6)};
         std::vector<uint8_t>& bytes = messages.emplace_back();
         wire::ByteWriter out(bytes);
         const size_t start = BeginMessage(MessageType::kUpdate, out);
         out.U16(0);
         const size_t attributes_at = out.size();
         out.U16(0);
         EncodePathAttributes(unreach_only, context, out);
         out.PatchU16(attributes_at, static_cast<uint16_t>(out.size() - attributes_at - 2));
         FinishMessage(start, out);
       });
  return messages;
}

}  // namespace metallab::bgp
