// OPEN capabilities (RFC 5492): what a speaker says it can do, advertised in OPEN optional
// parameter 2. metallab understands multiprotocol (RFC 4760), route refresh (RFC 2918),
// graceful restart (RFC 4724) and 4-octet AS numbers (RFC 6793); anything else is kept as its
// code and bytes, so an OPEN decodes and re-encodes without losing what a peer said.
#ifndef METALLAB_CORE_BGP_CAPABILITY_H_
#define METALLAB_CORE_BGP_CAPABILITY_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bgp/address_family.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

enum class CapabilityCode : uint8_t {
  kMultiprotocol = 1,
  kRouteRefresh = 2,
  kGracefulRestart = 64,
  kFourOctetAs = 65,
};

// Graceful restart's per-family entry; bit 0x80 of `flags` says forwarding state was kept
// across the restart.
struct GracefulRestartFamily {
  static constexpr uint8_t kForwardingPreserved = 0x80;
  AfiSafi family;
  uint8_t flags = 0;
  friend bool operator==(const GracefulRestartFamily&, const GracefulRestartFamily&) = default;
};

struct GracefulRestart {
  static constexpr uint8_t kRestartState = 0x8;  // R: the sender has just restarted
  static constexpr uint8_t kNotification = 0x4;  // N: RFC 8538 graceful NOTIFICATION
  uint8_t restart_flags = 0;                     // the top 4 bits of the first two octets
  uint16_t restart_time = 0;                     // seconds, 12 bits
  std::vector<GracefulRestartFamily> families;
  friend bool operator==(const GracefulRestart&, const GracefulRestart&) = default;
};

struct UnknownCapability {
  uint8_t code = 0;
  std::vector<uint8_t> value;
  friend bool operator==(const UnknownCapability&, const UnknownCapability&) = default;
};

struct Capabilities {
  std::vector<AfiSafi> multiprotocol;
  bool route_refresh = false;
  std::optional<GracefulRestart> graceful_restart;
  std::optional<uint32_t> four_octet_as;
  std::vector<UnknownCapability> unknown;
  friend bool operator==(const Capabilities&, const Capabilities&) = default;
};

// Appends each capability as its own code/length/value triple, in code order (multiprotocol,
// route refresh, graceful restart, 4-octet AS), then the unknown ones as given. Graceful
// restart families beyond what one capability's 255 bytes hold are left out.
void EncodeCapabilities(const Capabilities& capabilities, wire::ByteWriter& out);

// Adds the capabilities in one optional parameter's value to `into`. A capability repeated
// replaces the earlier one, except multiprotocol, whose families accumulate. Returns an error
// text (naming the capability and the offset within `value`) when a length is wrong for its
// code or overruns the parameter.
std::optional<std::string> DecodeCapabilities(std::span<const uint8_t> value, Capabilities& into);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_CAPABILITY_H_
