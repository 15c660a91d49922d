// BGP peers: MetalLB's peerFromCR checks and timer rules (parseTimers), or v0.9.6's parsePeer for
// ConfigMap peers in the v0.9 profile.
#ifndef METALLAB_CORE_CONFIG_PEER_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_PEER_VALIDATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

struct Timers {
  std::optional<uint32_t> hold_time_s;
  std::optional<uint32_t> keepalive_time_s;
};

// parseTimers: neither set ⇒ both unset; only hold ⇒ keepalive = hold/3; only keepalive ⇒
// hold = 3×keepalive. The hold time rounded down to seconds must be 0 or ≥3s, and the keepalive
// must not exceed the hold time. Seconds are rounded down. metallab also refuses hold times over
// 65535s (the BGP OPEN field is 16 bits) and negative durations, which Go would let through.
// `legacy` selects v0.9's wording (no "invalid BGPPeer timers: " prefix, the text as written).
// Returns nullopt after reporting an error.
std::optional<Timers> ResolveTimers(const std::optional<DurationSpec>& hold,
                                    const std::optional<DurationSpec>& keepalive, bool legacy,
                                    const SpecSource& source, manifest::Diagnostics& diagnostics);

// Validates every peer (all errors reported) and returns the usable ones in order. A peer whose
// settings equal an earlier peer's (all but the name) is `peer X already exists`. Peers
// referencing a BFD profile not in `bfd_profiles` are errors, as is setting both password and
// passwordSecret; a passwordSecret alone is recorded with a note (metallab has no Secret store).
std::vector<BgpPeer> ValidatePeers(const std::vector<PeerSpec>& specs,
                                   const std::vector<BfdProfile>& bfd_profiles,
                                   BehaviourProfile profile, manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_PEER_VALIDATOR_H_
