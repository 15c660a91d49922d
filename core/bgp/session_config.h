// What one BGP session is configured with: who we are, who the peer must be, the timers, the
// capabilities our OPEN advertises, and the behaviour knobs on which MetalLB's native speaker
// departs from RFC 4271 (metallb-behavior.md §4.3). Also the timer defaults of the
// implementations metallab models (engineering-notes.md §2.2), so a simulated router can be a
// BIRD, an FRR or a GoBGP by picking a row.
#ifndef METALLAB_CORE_BGP_SESSION_CONFIG_H_
#define METALLAB_CORE_BGP_SESSION_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/bgp/capability.h"
#include "core/runtime/time.h"

namespace metallab::bgp {

// Who opens the TCP connection (RFC 4271 §8.1.1 PassiveTcpEstablishment). MetalLB's speaker
// only ever connects out; the routers it peers with are modelled as the side that accepts.
enum class SessionRole : uint8_t { kActive, kPassive };

// A BGP implementation's timer defaults. `keepalive_time` nullopt means a third of the
// negotiated hold time; `open_hold_time` is the "large" hold timer that runs in OpenSent,
// before the real hold time is agreed (RFC 4271 §8.2.2 suggests 4 minutes).
struct BgpTimerDefaults {
  const char* implementation;
  uint16_t hold_time_s;
  std::optional<runtime::Duration> keepalive_time;
  runtime::Duration open_hold_time;
};

// RFC 4271 §10's suggested values.
inline constexpr BgpTimerDefaults kRfc4271Timers{"RFC 4271", 90, runtime::Seconds(30),
                                                 runtime::Seconds(240)};
// FRR's traditional profile (bgpd/bgpd.h): 180 s hold, 60 s keepalive.
inline constexpr BgpTimerDefaults kFrrTraditionalTimers{
    "FRR (traditional)", 180, runtime::Seconds(60), runtime::Seconds(240)};
// FRR's datacenter profile: 9 s hold, 3 s keepalive.
inline constexpr BgpTimerDefaults kFrrDatacenterTimers{"FRR (datacenter)", 9, runtime::Seconds(3),
                                                       runtime::Seconds(240)};
// BIRD 2 (doc/bird.sgml): 240 s hold, keepalive hold/3, startup hold 240 s.
inline constexpr BgpTimerDefaults kBirdTimers{"BIRD", 240, std::nullopt, runtime::Seconds(240)};
// GoBGP (pkg/config/oc/default.go): 90 s hold, keepalive hold/3, HOLDTIME_OPENSENT 240 s.
inline constexpr BgpTimerDefaults kGoBgpTimers{"GoBGP", 90, std::nullopt, runtime::Seconds(240)};
// MetalLB's native speaker: 90 s when the peer's holdTime is unset, keepalive hold/3. It has no
// OpenSent hold timer of its own: its 10 s connect budget (BgpSessionConfig) covers that wait.
inline constexpr BgpTimerDefaults kMetalLbNativeTimers{"MetalLB native", 90, std::nullopt,
                                                       runtime::Seconds(240)};

struct BgpSessionConfig {
  SessionRole role = SessionRole::kActive;
  uint32_t local_as = 0;
  uint32_t peer_as = 0;  // the peer's OPEN must say this AS (2/2 Bad Peer AS otherwise)
  uint32_t bgp_identifier = 0;

  // The hold time our OPEN proposes; the session uses min(ours, the peer's). 0 means neither
  // side sends keepalives nor expects them; 1 and 2 are not allowed on the wire and are raised
  // to 3 (RFC 4271 §4.2).
  uint16_t hold_time_s = 90;
  // When set, keepalives go every min(this, negotiated hold / 3), as FRR's "timers" do; at
  // least 1 ms.
  std::optional<runtime::Duration> keepalive_time;
  runtime::Duration open_hold_time = runtime::Seconds(240);
  // Active role: how long a connection attempt may take from the connect request until the
  // peer's OPEN is in; past it the attempt is abandoned without a NOTIFICATION. MetalLB's dial
  // and OPEN exchange share one 10 s deadline. nullopt: the driver's TCP decides how long a
  // connect takes, and OpenSent waits `open_hold_time`.
  std::optional<runtime::Duration> connect_budget = runtime::Seconds(10);

  // Expire the session when the peer is silent for the hold time once Established. MetalLB's
  // native speaker reads and discards what the peer sends and never does this; metallab's
  // `current` profile enforces it, `v0.9` does not.
  bool enforce_hold_timer = true;
  // RFC 4271 waits in OpenConfirm for the peer's KEEPALIVE. MetalLB sends its KEEPALIVE after
  // the OPEN exchange and is Established at once (false).
  bool await_peer_keepalive = true;
  // Send End-of-RIB (RFC 4724 §2) per family after the initial table. MetalLB's native speaker
  // sends none.
  bool send_end_of_rib = true;

  // Capabilities our OPEN advertises. IPv4 unicast always; IPv6 unicast when `ipv6_unicast`.
  // `four_octet_as` false makes an old (RFC 4271-only) speaker, which takes the peer's AS from
  // My AS and ignores a 4-octet AS capability it does not understand.
  bool ipv6_unicast = false;
  bool four_octet_as = true;
  bool route_refresh = false;
  // Advertised only: no restart procedures run (RFC 4724 §3 lets a receiver ignore it).
  std::optional<GracefulRestart> graceful_restart;

  // TCP MD5 signature (RFC 2385) password; empty for none.
  std::string md5_password;
};

// Takes an implementation's timers.
inline void ApplyTimerDefaults(const BgpTimerDefaults& defaults, BgpSessionConfig& config) {
  config.hold_time_s = defaults.hold_time_s;
  config.keepalive_time = defaults.keepalive_time;
  config.open_hold_time = defaults.open_hold_time;
}

// MetalLB's native speaker (metallb-behavior.md §4.3): connects out within a 10 s budget,
// advertises IPv4 and IPv6 unicast and 4-octet AS and nothing else, is Established as soon as
// the OPENs are exchanged, sends no End-of-RIB. Only the v0.9 profile leaves the hold timer
// unenforced, as MetalLB's code does.
inline void ApplyMetalLbNativeBehaviour(bool enforce_hold_timer, BgpSessionConfig& config) {
  config.role = SessionRole::kActive;
  config.keepalive_time.reset();
  config.connect_budget = runtime::Seconds(10);
  config.enforce_hold_timer = enforce_hold_timer;
  config.await_peer_keepalive = false;
  config.send_end_of_rib = false;
  config.ipv6_unicast = true;
  config.four_octet_as = true;
  config.route_refresh = false;
  config.graceful_restart.reset();
}

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_SESSION_CONFIG_H_
