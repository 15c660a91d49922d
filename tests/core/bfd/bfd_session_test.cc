#include "core/bfd/bfd_session.h"

#include <catch2/catch.hpp>

#include "bfd_pair.h"

namespace metallab::bfd {
namespace {

using runtime::Duration;
using runtime::Instant;
using runtime::Milliseconds;
using runtime::Seconds;
using testing::BfdPair;
using testing::SentPacket;
using State = SessionState;

constexpr Duration kLatency = BfdPair::kLatency;

BfdPair UpPair(BfdSessionConfig a = {}, BfdSessionConfig b = {}, uint64_t seed = 1) {
  BfdPair pair(a, b, seed);
  pair.Enable(0);
  pair.Enable(1);
  return pair;
}

Instant At(const std::optional<BfdEvent>& event) {
  REQUIRE(event);
  return event->at;
}

// Gaps between the consecutive periodic (non-Final) packets of session k in [from, to).
std::vector<Duration> Gaps(const BfdPair& pair, int k, Instant from, Instant to) {
  std::vector<Duration> gaps;
  Instant previous = -1;
  for (const SentPacket& sent : pair.SentBy(k, from, to)) {
    if (sent.packet.final) continue;
    if (previous >= 0) gaps.push_back(sent.at - previous);
    previous = sent.at;
  }
  return gaps;
}

TEST_CASE("two active sessions come Up through Down, Init, Up in two one-way latencies", "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(1));
  for (int k = 0; k < 2; ++k) {
    INFO("session " << k);
    std::vector<std::pair<State, Instant>> changes;
    for (const auto& logged : pair.events()) {
      if (logged.session == k) changes.emplace_back(logged.event.to, logged.event.at);
    }
    const std::vector<std::pair<State, Instant>> expected = {
        {State::kDown, 0}, {State::kInit, kLatency}, {State::kUp, 2 * kLatency}};
    CHECK(changes == expected);
    CHECK(pair.session(k).state() == State::kUp);
    CHECK(pair.session(k).local_diag() == Diagnostic::kNone);
    CHECK(pair.session(k).remote_discriminator() == BfdPair::Discriminator(1 - k));
  }
  // The first packet: Down, peer unknown, one second between packets until Up (§6.8.3).
  const SentPacket first = pair.SentBy(0).front();
  CHECK(first.at == 0);
  CHECK(first.packet.state == State::kDown);
  CHECK(first.packet.your_discriminator == 0);
  CHECK(first.packet.desired_min_tx_us == 1'000'000);
  CHECK(first.packet.required_min_rx_us == 300'000);
  CHECK(pair.invalid_sent() == 0);
}

TEST_CASE("a peer enabled later brings the session Up three latencies after it starts", "[bfd]") {
  BfdPair pair({}, {});
  pair.Enable(0);
  pair.RunUntil(Seconds(2));
  CHECK(pair.session(1).discarded() > 0);  // A's Down packets, while B was not enabled
  pair.Enable(1);
  pair.RunUntil(Seconds(3));
  CHECK(At(pair.FirstEvent(1, State::kUp)) == Seconds(2) + 2 * kLatency);
  CHECK(At(pair.FirstEvent(0, State::kUp)) == Seconds(2) + 3 * kLatency);
}

TEST_CASE("300 ms x 3 against a peer wanting 100 ms negotiates 300 ms and 900 ms", "[bfd]") {
  BfdSessionConfig fast;
  fast.desired_min_tx = Milliseconds(100);
  fast.required_min_rx = Milliseconds(100);
  BfdPair pair = UpPair({}, fast);
  CHECK(pair.session(0).transmit_interval() == Seconds(1));  // slow start
  pair.RunUntil(kLatency);
  CHECK(pair.session(0).detection_time() == Seconds(3));  // the peer still sends at 1 s
  pair.RunUntil(Seconds(3));
  for (int k = 0; k < 2; ++k) {
    INFO("session " << k);
    CHECK(pair.session(k).state() == State::kUp);
    CHECK_FALSE(pair.session(k).poll_active());
    // Each sends no faster than the other can receive: max(tx, remote rx).
    CHECK(pair.session(k).transmit_interval() == Milliseconds(300));
    // remote DetectMult x max(local rx, remote tx).
    CHECK(pair.session(k).detection_time() == Milliseconds(900));
    for (Duration gap : Gaps(pair, k, Seconds(1), Seconds(3))) {
      CHECK(gap >= Milliseconds(225));
      CHECK(gap <= Milliseconds(300));
    }
  }
}

TEST_CASE("a peer that falls silent is Down with diag 1 one detection time after its last packet",
          "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(5));
  const Instant kill = pair.now();
  pair.CutFrom(1, true);
  pair.RunUntil(Seconds(8));

  const auto down = pair.FirstEvent(0, State::kDown, kill);
  REQUIRE(down);
  CHECK(down->diag == Diagnostic::kControlDetectionTimeExpired);
  CHECK(down->WentDownFromUp());
  CHECK(down->remote_state == State::kUp);
  const Duration detection = Milliseconds(900);
  const Duration interval = Milliseconds(300);
  REQUIRE(pair.last_delivery(0));
  CHECK(*pair.last_delivery(0) <= kill + kLatency);
  CHECK(down->at == *pair.last_delivery(0) + detection);
  // The peer's last packet left at most one (unjittered) interval before the cut.
  CHECK(down->at > kill + detection - interval);
  CHECK(down->at <= kill + detection + kLatency);

  // Our Down packet tells the other side, which drops its session at once.
  const auto peer_down = pair.FirstEvent(1, State::kDown, kill);
  REQUIRE(peer_down);
  CHECK(peer_down->diag == Diagnostic::kNeighborSignaledSessionDown);
  CHECK(peer_down->at == down->at + kLatency);
  CHECK(pair.session(0).remote_discriminator() == 0);
  CHECK(pair.session(0).state() == State::kDown);
}

TEST_CASE("AdminDown makes the peer go Down with diag 3 and stay there until re-enabled", "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(3));
  pair.Act(0, [](BfdSession& s, Instant now) { s.SetAdminDown(now); });
  const auto admin = pair.FirstEvent(0, State::kAdminDown);
  REQUIRE(admin);
  CHECK(admin->diag == Diagnostic::kAdministrativelyDown);
  CHECK(admin->at == Seconds(3));
  pair.RunUntil(Seconds(8));

  const auto down = pair.FirstEvent(1, State::kDown, Seconds(3));
  REQUIRE(down);
  CHECK(down->from == State::kUp);
  CHECK(down->diag == Diagnostic::kNeighborSignaledSessionDown);
  CHECK(down->at == Seconds(3) + kLatency);
  CHECK(down->remote_state == State::kAdminDown);  // not a path failure (RFC 5882 §4.1)
  CHECK(pair.session(1).state() == State::kDown);
  CHECK_FALSE(pair.FirstEvent(1, State::kInit, Seconds(3)));
  for (const SentPacket& sent : pair.SentBy(0, Seconds(3))) {
    CHECK(sent.packet.state == State::kAdminDown);
    CHECK(sent.packet.diag == Diagnostic::kAdministrativelyDown);
  }
  for (Duration gap : Gaps(pair, 0, Seconds(3), Seconds(8))) CHECK(gap >= Milliseconds(750));

  pair.Enable(0);
  pair.RunUntil(Seconds(9));
  CHECK(At(pair.FirstEvent(0, State::kUp, Seconds(8))) == Seconds(8) + 2 * kLatency);
  CHECK(At(pair.FirstEvent(1, State::kUp, Seconds(8))) == Seconds(8) + 3 * kLatency);
}

TEST_CASE("a passive session sends nothing until its peer speaks", "[bfd]") {
  BfdSessionConfig passive;
  passive.passive = true;
  BfdPair pair(passive, {});
  pair.Enable(0);
  pair.RunUntil(Seconds(5));
  CHECK(pair.SentBy(0).empty());
  CHECK(pair.session(0).NextTimeout() == runtime::kNoDeadline);

  pair.Enable(1);
  pair.RunUntil(Seconds(6));
  const std::vector<SentPacket> sent = pair.SentBy(0);
  REQUIRE_FALSE(sent.empty());
  CHECK(sent.front().at == Seconds(5) + kLatency);
  CHECK(sent.front().packet.state == State::kInit);
  CHECK(At(pair.FirstEvent(1, State::kUp)) == Seconds(5) + 2 * kLatency);
  CHECK(At(pair.FirstEvent(0, State::kUp)) == Seconds(5) + 3 * kLatency);

  SECTION("and falls silent again once the peer is gone for a detection time") {
    pair.CutFrom(1, true);
    pair.RunUntil(Seconds(10));
    const auto down = pair.FirstEvent(0, State::kDown, Seconds(6));
    REQUIRE(down);
    CHECK(down->diag == Diagnostic::kControlDetectionTimeExpired);
    CHECK(pair.SentBy(0, down->at).empty());
  }
}

TEST_CASE("two passive sessions never start", "[bfd]") {
  BfdSessionConfig passive;
  passive.passive = true;
  BfdPair pair = UpPair(passive, passive);
  pair.RunUntil(Seconds(10));
  CHECK(pair.sent().empty());
  CHECK(pair.session(0).state() == State::kDown);
}

TEST_CASE("coming Up polls for the end of slow start and the peer answers Final", "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(2));
  const SentPacket up = pair.SentBy(0, 2 * kLatency).front();
  CHECK(up.packet.state == State::kUp);
  CHECK(up.packet.poll);
  CHECK(up.packet.desired_min_tx_us == 300'000);
  const SentPacket final = pair.SentBy(1, up.at + kLatency).front();
  CHECK(final.at == up.at + kLatency);
  CHECK(final.packet.final);
  CHECK_FALSE(final.packet.poll);
  CHECK_FALSE(pair.session(0).poll_active());
}

TEST_CASE("a slower transmit interval waits for the peer's Final", "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(3));
  BfdSessionConfig slower;
  slower.desired_min_tx = Seconds(1);
  const Instant change = pair.now();
  pair.Act(0, [&](BfdSession& s, Instant now) { s.UpdateConfig(now, slower); });
  CHECK(pair.session(0).poll_active());
  CHECK(pair.session(0).transmit_interval() == Milliseconds(300));
  pair.RunUntil(pair.session(0).NextTimeout() + kLatency);  // the Poll has reached the peer
  CHECK(pair.session(0).poll_active());
  CHECK(pair.session(0).transmit_interval() == Milliseconds(300));
  CHECK(pair.session(1).detection_time() == Seconds(3));  // the peer allows for it at once
  pair.RunUntil(change + Seconds(6));

  // The Poll rides the next scheduled packet: no extra packet is sent (§6.5).
  const std::vector<SentPacket> sent = pair.SentBy(0, change);
  REQUIRE(sent.size() > 2);
  CHECK(sent[0].at > change);
  CHECK(sent[0].at <= change + Milliseconds(300));
  CHECK(sent[0].packet.poll);
  CHECK(sent[0].packet.desired_min_tx_us == 1'000'000);
  const SentPacket final = pair.SentBy(1, sent[0].at + kLatency).front();
  CHECK(final.at == sent[0].at + kLatency);
  CHECK(final.packet.final);
  for (size_t i = 1; i < sent.size(); ++i) CHECK_FALSE(sent[i].packet.poll);
  CHECK_FALSE(pair.session(0).poll_active());
  CHECK(pair.session(0).transmit_interval() == Seconds(1));
  CHECK(pair.session(1).detection_time() == Seconds(3));
  for (Duration gap : Gaps(pair, 0, sent[0].at, change + Seconds(6))) {
    CHECK(gap >= Milliseconds(750));
    CHECK(gap <= Seconds(1));
  }
  CHECK(pair.session(1).state() == State::kUp);
  for (const SentPacket& packet : pair.sent())
    CHECK_FALSE((packet.packet.poll && packet.packet.final));
}

TEST_CASE("a faster receive interval shortens detection only after the Final", "[bfd]") {
  BfdSessionConfig config;
  config.desired_min_tx = Milliseconds(100);
  config.required_min_rx = Milliseconds(300);
  BfdPair pair = UpPair(config, config);
  pair.RunUntil(Seconds(3));
  CHECK(pair.session(0).detection_time() == Milliseconds(900));
  CHECK(pair.session(1).transmit_interval() == Milliseconds(300));
  config.required_min_rx = Milliseconds(100);
  pair.Act(0, [&](BfdSession& s, Instant now) { s.UpdateConfig(now, config); });
  CHECK(pair.session(0).detection_time() == Milliseconds(900));
  // The peer speeds up as soon as the Poll reaches it (§6.8.3), but until its Final is back we
  // cannot be sure it has, so detection keeps the old receive interval.
  const Instant poll_at = pair.session(0).NextTimeout();
  pair.RunUntil(poll_at + kLatency);
  CHECK(pair.session(0).poll_active());
  CHECK(pair.session(0).detection_time() == Milliseconds(900));
  CHECK(pair.session(1).transmit_interval() == Milliseconds(100));
  pair.RunUntil(poll_at + 2 * kLatency);
  CHECK_FALSE(pair.session(0).poll_active());
  CHECK(pair.session(0).detection_time() == Milliseconds(300));
  CHECK(pair.session(1).transmit_interval() == Milliseconds(100));
  pair.RunUntil(Seconds(10));
  CHECK(pair.session(0).state() == State::kUp);
  CHECK(pair.session(1).state() == State::kUp);
}

TEST_CASE("periodic packets are jittered within 75-100% of the interval", "[bfd]") {
  BfdPair pair = UpPair();
  pair.RunUntil(Seconds(60));
  const std::vector<Duration> gaps = Gaps(pair, 0, Seconds(1), Seconds(60));
  REQUIRE(gaps.size() > 150);
  const auto [low, high] = std::minmax_element(gaps.begin(), gaps.end());
  CHECK(*low >= Milliseconds(225));
  CHECK(*high <= Milliseconds(300));
  // The whole range is used, not one fixed cut.
  CHECK(*low < Milliseconds(235));
  CHECK(*high > Milliseconds(290));
  CHECK(pair.events().size() == 6);  // no flaps
}

TEST_CASE("with a detect multiplier of 1 packets are jittered within 75-90%", "[bfd]") {
  BfdSessionConfig single;
  single.detect_multiplier = 1;
  BfdPair pair = UpPair(single, single);
  pair.RunUntil(Seconds(60));
  const std::vector<Duration> gaps = Gaps(pair, 0, Seconds(1), Seconds(60));
  REQUIRE(gaps.size() > 150);
  const auto [low, high] = std::minmax_element(gaps.begin(), gaps.end());
  CHECK(*low >= Milliseconds(225));
  CHECK(*high <= Milliseconds(270));
  CHECK(*high > Milliseconds(260));
  CHECK(pair.session(0).detection_time() == Milliseconds(300));
  CHECK(pair.events().size() == 6);
}

TEST_CASE("the same seed gives the same packets at the same times", "[bfd]") {
  const auto run = [](uint64_t seed) {
    BfdPair pair = UpPair({}, {}, seed);
    pair.RunUntil(Seconds(20));
    return pair.sent();
  };
  const std::vector<SentPacket> first = run(7);
  CHECK(first == run(7));
  CHECK(first != run(8));
}

}  // namespace
}  // namespace metallab::bfd
