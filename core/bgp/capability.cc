#include "core/bgp/capability.h"

#include <algorithm>

#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

constexpr size_t kMaxCapabilityValue = 255;
constexpr size_t kGracefulRestartFamilySize = 4;

// Writes one capability; `body` appends its value, whose length is patched in afterwards.
template <typename Body>
void Capability(CapabilityCode code, wire::ByteWriter& out, Body body) {
  out.U8(static_cast<uint8_t>(code));
  const size_t length_at = out.size();
  out.U8(0);
  body();
  out.PatchU8(length_at, static_cast<uint8_t>(out.size() - length_at - 1));
}

void EncodeGracefulRestart(const GracefulRestart& restart, wire::ByteWriter& out) {
  Capability(CapabilityCode::kGracefulRestart, out, [&] {
    out.U16(static_cast<uint16_t>(((restart.restart_flags & 0xf) << 12) |
                                  (restart.restart_time & 0x0fff)));
    const size_t fitting = (kMaxCapabilityValue - 2) / kGracefulRestartFamilySize;
    const size_t count = std::min(restart.families.size(), fitting);
    for (size_t k = 0; k < count; ++k) {
      const GracefulRestartFamily& entry = restart.families[k];
      out.U16(entry.family.afi);
      out.U8(entry.family.safi);
      out.U8(entry.flags);
    }
  });
}

std::string Problem(const char* name, size_t offset, const std::string& what) {
  return std::string(name) + " capability at offset " + std::to_string(offset) + ": " + what;
}

std::optional<std::string> DecodeMultiprotocol(wire::ByteReader value, size_t at,
                                               Capabilities& into) {
  // AFI, a reserved octet, SAFI.
  if (value.remaining() != 4) {
    return Problem("multiprotocol", at,
                   "length " + std::to_string(value.remaining()) + ", expected 4");
  }
  const uint16_t afi = value.U16();
  value.U8();
  into.multiprotocol.push_back(AfiSafi{afi, value.U8()});
  return std::nullopt;
}

std::optional<std::string> DecodeGracefulRestart(wire::ByteReader value, size_t at,
                                                 Capabilities& into) {
  if (value.remaining() < 2 || (value.remaining() - 2) % kGracefulRestartFamilySize != 0) {
    return Problem("graceful restart", at,
                   "length " + std::to_string(value.remaining()) + ", expected 2 + 4n");
  }
  GracefulRestart restart;
  const uint16_t head = value.U16();
  restart.restart_flags = static_cast<uint8_t>(head >> 12);
  restart.restart_time = head & 0x0fff;
  while (!value.empty()) {
    GracefulRestartFamily entry;
    entry.family.afi = value.U16();
    entry.family.safi = value.U8();
    entry.flags = value.U8();
    restart.families.push_back(entry);
  }
  into.graceful_restart = std::move(restart);
  return std::nullopt;
}

std::optional<std::string> DecodeOne(uint8_t code, std::span<const uint8_t> bytes, size_t at,
                                     Capabilities& into) {
  wire::ByteReader value(bytes);
  switch (static_cast<CapabilityCode>(code)) {
    case CapabilityCode::kMultiprotocol:
      return DecodeMultiprotocol(value, at, into);
    case CapabilityCode::kRouteRefresh:
      if (!value.empty()) {
        return Problem("route refresh", at,
                       "length " + std::to_string(value.remaining()) + ", expected 0");
      }
      into.route_refresh = true;
      return std::nullopt;
    case CapabilityCode::kGracefulRestart:
      return DecodeGracefulRestart(value, at, into);
    case CapabilityCode::kFourOctetAs:
      if (value.remaining() != 4) {
        return Problem("4-octet AS", at,
                       "length " + std::to_string(value.remaining()) + ", expected 4");
      }
      into.four_octet_as = value.U32();
      return std::nullopt;
  }
  into.unknown.push_back(UnknownCapability{code, {bytes.begin(), bytes.end()}});
  return std::nullopt;
}

}  // namespace

void EncodeCapabilities(const Capabilities& capabilities, wire::ByteWriter& out) {
  for (const AfiSafi& family : capabilities.multiprotocol) {
    Capability(CapabilityCode::kMultiprotocol, out, [&] {
      out.U16(family.afi);
      out.U8(0);
      out.U8(family.safi);
    });
  }
  if (capabilities.route_refresh) Capability(CapabilityCode::kRouteRefresh, out, [] {});
  if (capabilities.graceful_restart) EncodeGracefulRestart(*capabilities.graceful_restart, out);
  if (capabilities.four_octet_as) {
    Capability(CapabilityCode::kFourOctetAs, out, [&] { out.U32(*capabilities.four_octet_as); });
  }
  for (const UnknownCapability& unknown : capabilities.unknown) {
    out.U8(unknown.code);
    const size_t length = std::min(unknown.value.size(), kMaxCapabilityValue);
    out.U8(static_cast<uint8_t>(length));
    out.Bytes(std::span(unknown.value).first(length));
  }
}

std::optional<std::string> DecodeCapabilities(std::span<const uint8_t> value, Capabilities& into) {
  wire::ByteReader reader(value);
  while (!reader.empty()) {
    const size_t at = reader.offset();
    const uint8_t code = reader.U8();
    const uint8_t length = reader.U8();
    const auto bytes = reader.Bytes(length);
    if (!reader.ok()) {
      return "capability " + std::to_string(code) + " at offset " + std::to_string(at) +
             " overruns its optional parameter";
    }
    if (auto problem = DecodeOne(code, bytes, at, into)) return problem;
  }
  return std::nullopt;
}

}  // namespace metallab::bgp
