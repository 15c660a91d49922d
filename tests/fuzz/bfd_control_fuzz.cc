// Feeds arbitrary bytes to BFD: the control packet decoder, and a session brought Up with a
// well-behaved peer that must then take whatever arrives without crashing, stalling its timers
// or sending anything a peer would reject. Input layout: chunks of [op:u8][delay_ms:u8] and,
// for datagrams, [ttl:u8][bytes]; op's top two bits pick a datagram of (op & 63) bytes (0, 1),
// a configuration change (2) or AdminDown/Enable (3), with the clock advanced between chunks so
// timers fire. Traps when a decoded packet does not re-encode to the same packet, or when the
// session breaks one of its promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/bfd/bfd_session.h"
#include "core/bfd/control_packet.h"
#include "tests/support/seeded_random.h"

namespace {

using namespace metallab;

constexpr uint32_t kLocal = 0x01020304;
constexpr uint32_t kRemote = 0x0a0b0c0d;


void CheckRoundTrip(std::span<const uint8_t> datagram) {
  const auto decoded = bfd::DecodeControlPacket(datagram);
  const auto* packet = std::get_if<bfd::ControlPacket>(&decoded);
  if (packet == nullptr) return;
  const auto again = bfd::DecodeControlPacket(bfd::EncodeControlPacket(*packet));
  const auto* back = std::get_if<bfd::ControlPacket>(&again);
  if (back == nullptr || !(*back == *packet)) __builtin_trap();
}

std::vector<uint8_t> PeerPacket(bfd::SessionState state, uint32_t your) {
  bfd::ControlPacket packet;
  packet.state = state;
  packet.detect_mult = 3;
  packet.my_discriminator = kRemote;
  packet.your_discriminator = your;
  packet.desired_min_tx_us = 300'000;
  packet.required_min_rx_us = 300'000;
  return bfd::EncodeControlPacket(packet);
}

// Everything the session sends must pass a peer's reception checks.
void CheckOutputs(bfd::BfdSession& session, bfd::SessionState& last_state) {
  const auto datagrams = session.TakeDatagrams();
  if (datagrams.size() > 8) __builtin_trap();  // no bursts
  for (const bfd::OutgoingDatagram& datagram : datagrams) {
    const auto decoded = bfd::DecodeControlPacket(datagram.bytes);
    const auto* packet = std::get_if<bfd::ControlPacket>(&decoded);
    if (packet == nullptr || (packet->poll && packet->final)) __builtin_trap();
    if (datagram.to.port != bfd::kControlPort) __builtin_trap();
  }
  for (const bfd::BfdEvent& event : session.TakeEvents()) {
    if (event.from != last_state || event.from == event.to) __builtin_trap();
    last_state = event.to;
  }
  if (last_state != session.state()) __builtin_trap();
}

bfd::BfdSessionConfig ConfigFrom(unsigned n) {
  bfd::BfdSessionConfig config;
  config.desired_min_tx = runtime::Milliseconds(10 + 50 * (n % 8));
  config.required_min_rx = runtime::Milliseconds(10 + 50 * ((n / 8) % 4));
  config.detect_multiplier = 1 + n % 3;
  config.passive = (n & 32) != 0;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckRoundTrip({data, size});

  testing::SeededRandom random;
  bfd::BfdSession session({}, kLocal, net::IpAddress::V4(0xc0000202u), random);
  bfd::SessionState state = bfd::SessionState::kAdminDown;
  runtime::Instant now = 0;
  session.Enable(now);
  session.HandleDatagram(1, PeerPacket(bfd::SessionState::kDown, 0), bfd::kTransmitTtl);
  session.HandleDatagram(2, PeerPacket(bfd::SessionState::kUp, kLocal), bfd::kTransmitTtl);
  if (session.state() != bfd::SessionState::kUp) __builtin_trap();
  CheckOutputs(session, state);
  now = 2;

  size_t at = 0;
  while (at + 2 <= size) {
    const unsigned op = data[at];
    now += runtime::Milliseconds(data[at + 1]);
    at += 2;
    session.HandleTimeout(now);
    if (session.NextTimeout() <= now) __builtin_trap();  // timers always move forward
    CheckOutputs(session, state);
    const unsigned n = op & 63;
    if (op >> 6 == 2) {
      session.UpdateConfig(now, ConfigFrom(n));
    } else if (op >> 6 == 3) {
      (n & 1) != 0 ? session.SetAdminDown(now) : session.Enable(now);
    } else if (at < size) {
      // Half the time a single-hop TTL, else whatever the byte says (mostly discarded).
      const uint8_t ttl = (data[at] & 0x80) != 0 ? bfd::kTransmitTtl : data[at];
      ++at;
      const size_t take = std::min<size_t>(n, size - at);
      CheckRoundTrip({data + at, take});
      session.HandleDatagram(now, {data + at, take}, ttl);
      at += take;
    }
    CheckOutputs(session, state);
    const bool talking =
        session.state() == bfd::SessionState::kInit || session.state() == bfd::SessionState::kUp;
    if (talking && session.remote_discriminator() == 0) __builtin_trap();
  }
  session.HandleTimeout(now + runtime::Seconds(60));
  if (session.NextTimeout() <= now + runtime::Seconds(60)) __builtin_trap();
  CheckOutputs(session, state);
  return 0;
}
