// BGP community strings as the two configuration formats spell them.
#ifndef METALLAB_CORE_CONFIG_COMMUNITY_H_
#define METALLAB_CORE_CONFIG_COMMUNITY_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/config/config.h"

namespace metallab::config {

struct CommunityParse {
  std::optional<CommunityValue> value;
  std::string error;  // MetalLB's wording; empty on success
  // The text is not shaped like a community at all (no "A:B", no "large:X:Y:Z"): for an
  // advertisement this means "maybe an alias not defined (yet)", which MetalLB treats as transient.
  bool bad_format = false;
};

// The CRD format (v0.13+): "A:B" with 16-bit halves or "large:X:Y:Z" with 32-bit parts.
// Errors: `invalid community value: invalid section "x" of community "c", err: "..."`,
// `invalid community value: invalid marker for large community, ...`,
// `invalid community format: c`.
CommunityParse ParseCommunity(std::string_view text);

// The legacy ConfigMap format (v0.9–v0.12): "A:B" only. Errors: `invalid community string "c"`,
// `invalid first section of community "a": ...`, `invalid second section of community "a": ...`.
CommunityParse ParseLegacyCommunity(std::string_view text);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_COMMUNITY_H_
