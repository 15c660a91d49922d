// One session fed hand-made packets: the reception rules that a well-behaved peer never
// exercises.
#include <catch2/catch.hpp>

#include "bfd_pair.h"
#include "core/bfd/bfd_session.h"

namespace metallab::bfd {
namespace {

using runtime::Instant;
using runtime::Milliseconds;
using runtime::Seconds;
using testing::SeededRandom;
using State = SessionState;

constexpr uint32_t kLocal = 0x100;
constexpr uint32_t kRemote = 0x77;

std::vector<uint8_t> FromPeer(State state, uint32_t your, bool poll = false, bool demand = false) {
  ControlPacket packet;
  packet.state = state;
  packet.poll = poll;
  packet.demand = demand;
  packet.detect_mult = 3;
  packet.my_discriminator = kRemote;
  packet.your_discriminator = your;
  packet.desired_min_tx_us = 300'000;
  packet.required_min_rx_us = 300'000;
  return EncodeControlPacket(packet);
}

ControlPacket Decode(const OutgoingDatagram& datagram) {
  const auto decoded = DecodeControlPacket(datagram.bytes);
  REQUIRE(std::holds_alternative<ControlPacket>(decoded));
  return std::get<ControlPacket>(decoded);
}

struct Lone {
  explicit Lone(BfdSessionConfig config = {})
      : session(config, kLocal, net::IpAddress::V4(0xc0000202u), random) {}

  // Enabled at 0, Init at 1 ms, Up at 2 ms, outputs drained.
  void BringUp() {
    session.Enable(0);
    session.HandleDatagram(Milliseconds(1), FromPeer(State::kDown, 0), kTransmitTtl);
    session.HandleDatagram(Milliseconds(2), FromPeer(State::kUp, kLocal), kTransmitTtl);
    REQUIRE(session.state() == State::kUp);
    session.TakeDatagrams();
    session.TakeEvents();
  }

  SeededRandom random{1};
  BfdSession session;
};

TEST_CASE("a disabled session discards everything and sends nothing", "[bfd]") {
  Lone lone;
  lone.session.HandleDatagram(0, FromPeer(State::kDown, 0), kTransmitTtl);
  CHECK(lone.session.discarded() == 1);
  CHECK(lone.session.last_discard_reason() == "session is AdminDown");
  CHECK(lone.session.TakeDatagrams().empty());
  CHECK(lone.session.TakeEvents().empty());
  CHECK(lone.session.NextTimeout() == runtime::kNoDeadline);
}

TEST_CASE("packets below the minimum TTL are discarded (GTSM)", "[bfd]") {
  Lone strict;
  strict.session.Enable(0);
  strict.session.HandleDatagram(1, FromPeer(State::kDown, 0), 254);
  CHECK(strict.session.state() == State::kDown);
  CHECK(strict.session.last_discard_reason() == "TTL 254 is below the minimum of 255");

  BfdSessionConfig loose;
  loose.minimum_ttl = 254;
  Lone lenient(loose);
  lenient.session.Enable(0);
  lenient.session.HandleDatagram(1, FromPeer(State::kDown, 0), 253);
  CHECK(lenient.session.state() == State::kDown);
  lenient.session.HandleDatagram(2, FromPeer(State::kDown, 0), 254);
  CHECK(lenient.session.state() == State::kInit);
}

TEST_CASE("a packet for another discriminator is discarded", "[bfd]") {
  Lone lone;
  lone.session.Enable(0);
  lone.session.HandleDatagram(1, FromPeer(State::kInit, 0x999), kTransmitTtl);
  CHECK(lone.session.state() == State::kDown);
  CHECK(lone.session.last_discard_reason() == "your discriminator: 2457 is not this session's 256");
}

TEST_CASE("a malformed datagram is discarded with the decoder's reason", "[bfd]") {
  Lone lone;
  lone.BringUp();
  std::vector<uint8_t> bytes = FromPeer(State::kUp, kLocal);
  bytes[2] = 0;
  lone.session.HandleDatagram(Milliseconds(3), bytes, kTransmitTtl);
  CHECK(lone.session.state() == State::kUp);
  CHECK(lone.session.discarded() == 1);
  CHECK(lone.session.last_discard_reason() == "detect mult: 0");
}

TEST_CASE("a peer that restarts (Down, no discriminator) takes the session Down", "[bfd]") {
  Lone lone;
  lone.BringUp();
  lone.session.HandleDatagram(Milliseconds(3), FromPeer(State::kDown, 0), kTransmitTtl);
  const std::vector<BfdEvent> events = lone.session.TakeEvents();
  REQUIRE(events.size() == 1);
  CHECK(events[0].WentDownFromUp());
  CHECK(events[0].diag == Diagnostic::kNeighborSignaledSessionDown);
  CHECK(events[0].at == Milliseconds(3));
  const std::vector<OutgoingDatagram> sent = lone.session.TakeDatagrams();
  REQUIRE(sent.size() == 1);
  CHECK(Decode(sent[0]).state == State::kDown);
  CHECK(Decode(sent[0]).diag == Diagnostic::kNeighborSignaledSessionDown);
  CHECK(sent[0].to.port == kControlPort);
}

TEST_CASE("a Poll is answered at once with a Final and never both bits", "[bfd]") {
  Lone lone;
  lone.BringUp();
  REQUIRE(lone.session.poll_active());  // our own poll for the end of slow start
  lone.session.HandleDatagram(Milliseconds(3), FromPeer(State::kUp, kLocal, /*poll=*/true),
                              kTransmitTtl);
  const std::vector<OutgoingDatagram> sent = lone.session.TakeDatagrams();
  REQUIRE(sent.size() == 1);
  CHECK(Decode(sent[0]).final);
  CHECK_FALSE(Decode(sent[0]).poll);
}

TEST_CASE("an Init session not heard from for a detection time goes Down with diag 1", "[bfd]") {
  Lone lone;
  lone.session.Enable(0);
  lone.session.HandleDatagram(Milliseconds(1), FromPeer(State::kDown, 0), kTransmitTtl);
  REQUIRE(lone.session.state() == State::kInit);
  // The peer advertises 300 ms, but our receive interval is 300 ms too: 3 x 300 ms.
  const Instant deadline = Milliseconds(1) + Milliseconds(900);
  lone.session.HandleTimeout(deadline - 1);
  CHECK(lone.session.state() == State::kInit);
  lone.session.HandleTimeout(deadline);
  CHECK(lone.session.state() == State::kDown);
  CHECK(lone.session.local_diag() == Diagnostic::kControlDetectionTimeExpired);
  CHECK(lone.session.remote_discriminator() == 0);
}

TEST_CASE("a driver that falls behind gets the Down at its deadline and no burst", "[bfd]") {
  Lone lone;
  lone.BringUp();
  lone.session.HandleTimeout(Seconds(30));
  const std::vector<BfdEvent> events = lone.session.TakeEvents();
  REQUIRE(events.size() == 1);
  CHECK(events[0].at == Milliseconds(2) + Milliseconds(900));
  CHECK(lone.session.TakeDatagrams().size() <= 3);
  CHECK(lone.session.NextTimeout() > Seconds(30));
}

TEST_CASE("a peer in Demand mode stops our periodic packets but still gets Finals", "[bfd]") {
  Lone lone;
  lone.BringUp();
  lone.session.HandleDatagram(
      Milliseconds(3), FromPeer(State::kUp, kLocal, /*poll=*/false, /*demand=*/true), kTransmitTtl);
  lone.session.HandleTimeout(Milliseconds(800));
  CHECK(lone.session.TakeDatagrams().empty());
  lone.session.HandleDatagram(Milliseconds(800),
                              FromPeer(State::kUp, kLocal, /*poll=*/true, /*demand=*/true),
                              kTransmitTtl);
  const std::vector<OutgoingDatagram> sent = lone.session.TakeDatagrams();
  REQUIRE(sent.size() == 1);
  CHECK(Decode(sent[0]).final);
  CHECK(lone.session.state() == State::kUp);
}

TEST_CASE("a session's own packets carry its discriminators and configuration", "[bfd]") {
  BfdSessionConfig config;
  config.desired_min_tx = Milliseconds(50);
  config.required_min_rx = Milliseconds(70);
  config.detect_multiplier = 5;
  Lone lone(config);
  lone.BringUp();
  lone.session.HandleTimeout(lone.session.NextTimeout());
  const std::vector<OutgoingDatagram> sent = lone.session.TakeDatagrams();
  REQUIRE(sent.size() == 1);
  const ControlPacket packet = Decode(sent[0]);
  CHECK(packet.my_discriminator == kLocal);
  CHECK(packet.your_discriminator == kRemote);
  CHECK(packet.detect_mult == 5);
  CHECK(packet.desired_min_tx_us == 50'000);
  CHECK(packet.required_min_rx_us == 70'000);
  CHECK(packet.required_min_echo_rx_us == 0);  // no Echo function
  CHECK(sent[0].to.address == net::IpAddress::V4(0xc0000202u));
}

}  // namespace
}  // namespace metallab::bfd
