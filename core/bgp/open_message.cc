#include "core/bgp/open_message.h"

#include "core/bgp/message_header.h"
#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

constexpr uint8_t kCapabilitiesParameter = 2;
// RFC 9072: a Non-Ext OP Type of 255 announces two-octet parameter lengths.
constexpr uint8_t kExtendedParametersType = 255;
constexpr size_t kOptionalLengthOffset = kHeaderSize + 9;

DecodeError OpenError(OpenSubcode subcode, size_t offset, std::string message,
                      std::vector<uint8_t> data = {}) {
  return DecodeError{MakeNotification(subcode, std::move(data)), offset, std::move(message)};
}

// The optional parameters' bytes, and whether their lengths take two octets each.
struct ParameterBlock {
  std::span<const uint8_t> bytes;
  bool extended = false;
  size_t offset = 0;  // of `bytes`, from the start of the message
};

std::variant<ParameterBlock, DecodeError> LocateParameters(wire::ByteReader& reader,
                                                           std::span<const uint8_t> body) {
  const uint8_t short_length = reader.U8();
  size_t length = short_length;
  bool extended = false;
  if (short_length != 0 && reader.PeekU8() == kExtendedParametersType) {
    reader.U8();
    length = reader.U16();
    extended = true;
  }
  if (!reader.ok() || reader.remaining() != length) {
    std::vector<uint8_t> data;  // RFC 4271 §6.1: the Length field, which the block contradicts
    wire::ByteWriter(data).U16(static_cast<uint16_t>(kHeaderSize + body.size()));
    return DecodeError{
        MakeNotification(HeaderSubcode::kBadMessageLength, std::move(data)), kOptionalLengthOffset,
        "optional parameters length " + std::to_string(length) + " disagrees with the " +
            std::to_string(reader.remaining()) + " bytes that follow it"};
  }
  const size_t offset = kHeaderSize + reader.offset();
  return ParameterBlock{reader.Rest(), extended, offset};
}

std::optional<DecodeError> DecodeParameters(const ParameterBlock& block, Capabilities& into) {
  wire::ByteReader reader(block.bytes);
  while (!reader.empty()) {
    const size_t at = block.offset + reader.offset();
    const uint8_t type = reader.U8();
    const size_t length = block.extended ? reader.U16() : reader.U8();
    const auto value = reader.Bytes(length);
    if (!reader.ok()) {
      return OpenError(
          OpenSubcode::kUnspecific, at,
          "optional parameter " + std::to_string(type) + " overruns the optional parameters");
    }
    if (type != kCapabilitiesParameter) {
      return OpenError(
          OpenSubcode::kUnsupportedOptionalParameter, at,
          "optional parameter type " + std::to_string(type) + " is not capabilities (2)");
    }
    if (auto problem = DecodeCapabilities(value, into)) {
      return OpenError(OpenSubcode::kUnspecific, at, *problem);
    }
  }
  return std::nullopt;
}

}  // namespace

Open MakeOpen(uint32_t asn, uint16_t hold_time, uint32_t bgp_identifier,
              Capabilities capabilities) {
  capabilities.four_octet_as = asn;
  return Open{asn > 0xffff ? kAsTrans : static_cast<uint16_t>(asn), hold_time, bgp_identifier,
              std::move(capabilities)};
}

uint32_t PeerAs(const Open& open) { return open.capabilities.four_octet_as.value_or(open.my_as); }

void EncodeOpenBody(const Open& open, wire::ByteWriter& out) {
  out.U8(kBgpVersion);
  out.U16(open.my_as);
  out.U16(open.hold_time);
  out.U32(open.bgp_identifier);
  std::vector<uint8_t> capabilities;
  wire::ByteWriter capability_writer(capabilities);
  EncodeCapabilities(open.capabilities, capability_writer);
  if (capabilities.empty()) {
    out.U8(0);
    return;
  }
  if (capabilities.size() + 2 <= 0xff) {
    out.U8(static_cast<uint8_t>(capabilities.size() + 2));
    out.U8(kCapabilitiesParameter);
    out.U8(static_cast<uint8_t>(capabilities.size()));
  } else {
    out.U8(0xff);
    out.U8(kExtendedParametersType);
    out.U16(static_cast<uint16_t>(capabilities.size() + 3));
    out.U8(kCapabilitiesParameter);
    out.U16(static_cast<uint16_t>(capabilities.size()));
  }
  out.Bytes(capabilities);
}

std::variant<Open, DecodeError> DecodeOpenBody(std::span<const uint8_t> body) {
  wire::ByteReader reader(body);
  const uint8_t version = reader.U8();
  if (version != kBgpVersion) {
    return OpenError(OpenSubcode::kUnsupportedVersionNumber, kHeaderSize,
                     "version " + std::to_string(version) + "; only 4 is spoken", {0, kBgpVersion});
  }
  Open open;
  open.my_as = reader.U16();
  open.hold_time = reader.U16();
  open.bgp_identifier = reader.U32();
  auto block = LocateParameters(reader, body);
  if (auto* error = std::get_if<DecodeError>(&block)) return std::move(*error);
  if (open.my_as == 0) {
    return OpenError(OpenSubcode::kBadPeerAs, kHeaderSize + 1, "My AS is 0 (RFC 7607)");
  }
  if (open.hold_time == 1 || open.hold_time == 2) {
    return OpenError(
        OpenSubcode::kUnacceptableHoldTime, kHeaderSize + 3,
        "hold time " + std::to_string(open.hold_time) + " s is neither 0 nor 3 or more");
  }
  if (open.bgp_identifier == 0) {
    return OpenError(OpenSubcode::kBadBgpIdentifier, kHeaderSize + 5, "BGP identifier is 0.0.0.0");
  }
  if (auto error = DecodeParameters(std::get<ParameterBlock>(block), open.capabilities)) {
    return std::move(*error);
  }
  if (open.capabilities.four_octet_as == 0u) {
    return OpenError(OpenSubcode::kBadPeerAs, kOptionalLengthOffset,
                     "4-octet AS capability carries AS 0 (RFC 7607)");
  }
  return open;
}

std::optional<Notification> CheckOpenAgainstConfig(const Open& open, uint32_t expected_peer_as,
                                                   uint32_t local_bgp_identifier) {
  if (PeerAs(open) != expected_peer_as) return MakeNotification(OpenSubcode::kBadPeerAs);
  if (open.bgp_identifier == local_bgp_identifier) {
    return MakeNotification(OpenSubcode::kBadBgpIdentifier);
  }
  return std::nullopt;
}

}  // namespace metallab::bgp
