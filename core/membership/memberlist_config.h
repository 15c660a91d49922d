// Timers, limits and wire settings of the membership protocol. Defaults are hashicorp/memberlist's
// DefaultLANConfig (v0.5), which MetalLB's speaker uses unchanged but for the key; every field can
// be overridden per scenario (the "faster membership timers" extension is such an override).
#ifndef METALLAB_CORE_MEMBERSHIP_MEMBERLIST_CONFIG_H_
#define METALLAB_CORE_MEMBERSHIP_MEMBERLIST_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime/time.h"

namespace metallab::membership {

struct MemberlistConfig {
  runtime::Duration probe_interval = runtime::Seconds(1);
  runtime::Duration probe_timeout = runtime::Milliseconds(500);
  int indirect_checks = 3;  // members asked to ping-req a silent target
  int suspicion_mult = 4;   // suspicion timeout = mult × max(1, log10 N) × probe interval
  int suspicion_max_timeout_mult = 6;  // Lifeguard: a suspicion starts at this × the minimum
  // Lifeguard's local health (LocalHealth): probes wait up to this × the interval while the
  // member doubts itself (AwarenessMaxMultiplier; 1 turns the scaling off).
  int awareness_max_multiplier = 8;
  runtime::Duration gossip_interval = runtime::Milliseconds(200);
  int gossip_nodes = 3;
  runtime::Duration gossip_to_the_dead_time = runtime::Seconds(30);
  runtime::Duration push_pull_interval = runtime::Seconds(30);  // 0 disables
  int retransmit_mult = 4;        // a broadcast is sent mult × ceil(log10(N + 1)) times
  size_t udp_buffer_size = 1400;  // largest datagram, piggybacked gossip included
  uint16_t bind_port = 7946;      // METALLB_ML_BIND_PORT's default; TCP and UDP alike
  // How long a stream (push-pull, fallback ping's connection) may take (TCPTimeout).
  runtime::Duration tcp_timeout = runtime::Seconds(10);
  // The fallback ping over TCP when a probe's UDP pings fail (DisableTcpPings off).
  bool disable_tcp_pings = false;

  // The wire (docs/membership.md): the protocol version spoken (ProtocolVersion2Compatible;
  // memberlist speaks 1 to 5), LZW compression (EnableCompression), the packet and stream label
  // (Label, empty: none), and the AES-GCM key (SecretKey: MetalLB's from its `memberlist`
  // Secret, memberlist_wire::MetallbMemberlistKey; empty: no encryption).
  int protocol_version = 2;
  bool enable_compression = true;
  std::string label;
  std::vector<uint8_t> secret_key;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_MEMBERLIST_CONFIG_H_
