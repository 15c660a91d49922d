#include "core/membership/memberlist.h"

#include <catch2/catch.hpp>

#include "core/membership/wire/metallb_key.h"
#include "core/membership/wire/packet_codec.h"
#include "memberlist_cluster.h"

namespace metallab::membership {
namespace {

using runtime::Milliseconds;
using runtime::Seconds;
using testing::LoggedEvent;
using testing::MemberlistCluster;
using testing::SentDatagram;
using Kind = MembershipEvent::Kind;

std::vector<std::string> Names(std::initializer_list<int> members) {
  std::vector<std::string> names;
  for (int k : members) names.push_back(MemberlistCluster::Name(k));
  return names;
}

TEST_CASE("members joining through one seed all learn of each other", "[membership]") {
  MemberlistCluster cluster(5);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(2));
  for (int k = 0; k < 5; ++k) {
    INFO("member " << k);
    CHECK(cluster.member(k).Members() == Names({0, 1, 2, 3, 4}));
  }
  CHECK(cluster.CountEvents(Kind::kLeave, "n1") == 0);
  CHECK(cluster.CountEvents(Kind::kSuspect, "n1") == 0);
}

TEST_CASE(
    "a crashed member of three is dead exactly the minimum suspicion after it is "
    "suspected",
    "[membership]") {
  MemberlistCluster cluster(3);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(10));
  cluster.Crash(2);
  cluster.RunUntil(Seconds(40));
  const auto suspected = cluster.FirstEvent(Kind::kSuspect, "n2");
  const auto dead = cluster.FirstEvent(Kind::kLeave, "n2");
  REQUIRE(suspected);
  REQUIRE(dead);
  // Two probers each probe n2 at least every other interval; a failed probe ends one
  // probe interval after it began.
  CHECK(*suspected > Seconds(10));
  CHECK(*suspected <= Seconds(13));
  // N = 3 < k + 2: no confirmations are expected, so the timer is the minimum, 4 s.
  CHECK(*dead - *suspected == Seconds(4));
  CHECK(cluster.member(0).Members() == Names({0, 1}));
  CHECK(cluster.member(1).Members() == Names({0, 1}));
  CHECK(cluster.member(0).Find("n2")->state == MemberState::kDead);
}

TEST_CASE("in a cluster of ten, confirmations shorten the suspicion below its 24 s start",
          "[membership]") {
  MemberlistCluster cluster(10);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(10));
  cluster.Crash(4);
  cluster.RunUntil(Seconds(60));
  const auto suspected = cluster.FirstEvent(Kind::kSuspect, "n4");
  const auto dead = cluster.FirstEvent(Kind::kLeave, "n4");
  REQUIRE(suspected);
  REQUIRE(dead);
  const runtime::Duration suspicion = *dead - *suspected;
  INFO("suspicion lasted " << suspicion << " ns");
  // Between min (4 s, two confirmations) and max (24 s, none).
  CHECK(suspicion >= Seconds(4));
  CHECK(suspicion < Seconds(24));
  for (int k = 0; k < 10; ++k) {
    if (k == 4) continue;
    CHECK(cluster.member(k).Members().size() == 9);
  }
}

TEST_CASE("a member falsely suspected refutes with a higher incarnation and stays",
          "[membership]") {
  MemberlistCluster cluster(3);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  REQUIRE(cluster.member(0).Find("n1")->incarnation == 1);
  // n2 tells n0 that n1 is suspect.
  cluster.Inject(2, 0, memberlist_wire::EncodeMessage(memberlist_wire::Suspect{1, "n1", "n2"}));
  cluster.RunUntil(Seconds(30));
  CHECK(cluster.CountEvents(Kind::kSuspect, "n1") >= 1);
  CHECK(cluster.CountEvents(Kind::kRefute, "n1") == 1);
  CHECK(cluster.CountEvents(Kind::kLeave, "n1") == 0);
  for (int k = 0; k < 3; ++k) {
    INFO("member " << k);
    CHECK(cluster.member(k).Find("n1")->state == MemberState::kAlive);
    CHECK(cluster.member(k).Find("n1")->incarnation == 2);
  }
}

TEST_CASE("a graceful leave is known to all within a second, as left, not dead", "[membership]") {
  MemberlistCluster cluster(4);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  cluster.member(3).Leave(Seconds(5));
  runtime::Instant t = Seconds(5);
  while (!cluster.member(3).LeaveGossiped() && t < Seconds(6)) {
    t += Milliseconds(10);
    cluster.RunUntil(t);
  }
  cluster.Crash(3);
  cluster.RunUntil(Seconds(6));
  for (int k = 0; k < 3; ++k) {
    INFO("member " << k);
    CHECK(cluster.member(k).Find("n3")->state == MemberState::kLeft);
  }
  const auto left = cluster.FirstEvent(Kind::kLeave, "n3");
  REQUIRE(left);
  CHECK(*left - Seconds(5) < Seconds(1));
  CHECK(cluster.CountEvents(Kind::kSuspect, "n3") == 0);
}

TEST_CASE("indirect probes keep a member alive when only the direct path fails", "[membership]") {
  MemberlistCluster cluster(4);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(3));
  cluster.Cut(0, 1);
  cluster.RunUntil(Seconds(60));
  CHECK(cluster.CountEvents(Kind::kSuspect, "n0") == 0);
  CHECK(cluster.CountEvents(Kind::kSuspect, "n1") == 0);
  CHECK(cluster.member(0).Members() == Names({0, 1, 2, 3}));
}

TEST_CASE("a restarted member is taken back with an incarnation above its death", "[membership]") {
  MemberlistCluster cluster(3);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  cluster.Crash(2);
  cluster.RunUntil(Seconds(30));
  REQUIRE(cluster.member(0).Find("n2")->state == MemberState::kDead);
  const uint32_t dead_incarnation = cluster.member(0).Find("n2")->incarnation;
  cluster.Restart(2, Seconds(30));
  cluster.RunUntil(Seconds(35));
  for (int k = 0; k < 2; ++k) {
    INFO("member " << k);
    CHECK(cluster.member(k).Find("n2")->state == MemberState::kAlive);
    CHECK(cluster.member(k).Find("n2")->incarnation > dead_incarnation);
  }
  CHECK(cluster.FirstEvent(Kind::kJoin, "n2", Seconds(30)));
}

TEST_CASE("a malformed datagram is reported with where it went wrong, and changes nothing",
          "[membership]") {
  MemberlistCluster cluster(2);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(2));
  cluster.Inject(1, 0, {0x04, 0x00, 0x00});
  cluster.RunUntil(Seconds(3));
  CHECK(cluster.member(0).malformed_datagrams() == 1);
  bool reported = false;
  for (const auto& logged : cluster.events()) {
    if (logged.event.kind != Kind::kMalformed) continue;
    reported = true;
    CHECK(logged.member == 0);
    CHECK(logged.event.detail ==
          "datagram from 192.0.2.2:7946, byte 1: alive: expected a map, found unsigned integer");
  }
  CHECK(reported);
  CHECK(cluster.member(0).Members() == Names({0, 1}));
}

TEST_CASE("datagrams are memberlist's own packets, and state travels over streams",
          "[membership]") {
  MemberlistCluster cluster(3);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  for (int k = 0; k < 3; ++k) CHECK(cluster.member(k).Members() == Names({0, 1, 2}));
  // Two joins, and nothing but datagrams since (the first periodic push-pull is 30 s away at
  // most, staggered).
  CHECK(cluster.streams_opened() >= 2);
  REQUIRE_FALSE(cluster.datagrams_sent().empty());
  size_t pings = 0, acks = 0, alives = 0;
  for (const auto& sent : cluster.datagrams_sent()) {
    const std::vector<uint8_t>& bytes = sent.bytes;
    auto decoded = memberlist_wire::DecodePacket(bytes, {});
    REQUIRE(std::holds_alternative<memberlist_wire::ReceivedPacket>(decoded));
    const auto& packet = std::get<memberlist_wire::ReceivedPacket>(decoded);
    CHECK(packet.dropped.empty());
    CHECK(bytes.size() <= 1400);
    for (const auto& message : packet.messages) {
      pings += std::holds_alternative<memberlist_wire::Ping>(message);
      acks += std::holds_alternative<memberlist_wire::AckResp>(message);
      if (const auto* alive = std::get_if<memberlist_wire::Alive>(&message)) {
        ++alives;
        // MetalLB's memberlist: no metadata, the version array of DefaultLANConfig.
        CHECK_FALSE(alive->meta.has_value());
        CHECK(alive->vsn == std::vector<uint8_t>{1, 5, 2, 0, 0, 0});
      }
    }
  }
  CHECK(pings > 0);
  CHECK(acks > 0);
  CHECK(alives > 0);
}

TEST_CASE("with MetalLB's key every datagram is encrypted, and a member without it is shut out",
          "[membership]") {
  MemberlistConfig config;
  config.secret_key = *memberlist_wire::MetallbMemberlistKey("metallb-secret");
  config.label = "cluster-a";
  MemberlistCluster cluster(3, config);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  for (int k = 0; k < 3; ++k) CHECK(cluster.member(k).Members() == Names({0, 1, 2}));
  const auto ring =
      std::get<memberlist_wire::Keyring>(memberlist_wire::Keyring::Create({}, config.secret_key));
  memberlist_wire::ReceiveOptions keyed;
  keyed.keyring = &ring;
  keyed.label = "cluster-a";
  memberlist_wire::ReceiveOptions plain;
  plain.label = "cluster-a";
  for (const auto& sent : cluster.datagrams_sent()) {
    CHECK(std::holds_alternative<memberlist_wire::ReceivedPacket>(
        memberlist_wire::DecodePacket(sent.bytes, keyed)));
    const auto unkeyed = memberlist_wire::DecodePacket(sent.bytes, plain);
    // Without the key the plaintext reader sees ciphertext: nothing it takes for a message.
    if (const auto* packet = std::get_if<memberlist_wire::ReceivedPacket>(&unkeyed)) {
      CHECK(packet->messages.empty());
    }
  }

  // A member holding another key takes none of it.
  MemberlistConfig other = config;
  other.secret_key = *memberlist_wire::MetallbMemberlistKey("another-secret");
  metallab::testing::SeededRandom random;
  Memberlist stranger(other, "x", MemberlistCluster::Address(9), random);
  stranger.Start(0);
  stranger.HandleDatagram(Seconds(5), MemberlistCluster::Address(0),
                          cluster.datagrams_sent().front().bytes);
  CHECK(stranger.malformed_datagrams() == 1);
  CHECK(stranger.Members() == std::vector<std::string>{"x"});
}

TEST_CASE("the TCP fallback ping keeps a member reachable only over TCP from being suspected",
          "[membership]") {
  for (const bool disabled : {false, true}) {
    INFO("tcp pings disabled " << disabled);
    MemberlistConfig config;
    config.disable_tcp_pings = disabled;
    MemberlistCluster cluster(2, config);
    cluster.StartAll(0);
    cluster.RunUntil(Seconds(3));
    cluster.CutUdp(0, 1);
    cluster.RunUntil(Seconds(10));
    // With no third member there is no indirect probe: only TCP can vouch for the other.
    CHECK((cluster.CountEvents(Kind::kProbeFailed, "n1") > 0));
    CHECK((cluster.CountEvents(Kind::kSuspect, "n1") > 0) == disabled);
  }
}

TEST_CASE("the same seed gives the same membership history", "[membership]") {
  const auto history = [](uint64_t seed) {
    MemberlistCluster cluster(6, {}, seed);
    cluster.StartAll(0);
    cluster.RunUntil(Seconds(5));
    cluster.Crash(3);
    cluster.RunUntil(Seconds(40));
    std::vector<std::string> lines;
    for (const auto& logged : cluster.events()) {
      lines.push_back(std::to_string(logged.member) + " " + std::to_string(logged.event.at) + " " +
                      EventKindName(logged.event.kind) + " " + logged.event.node);
    }
    return lines;
  };
  const auto first = history(7);
  CHECK(first == history(7));
  CHECK(first != history(8));
}

// The messages of a datagram sent without a key.
std::vector<memberlist_wire::Message> MessagesOf(const SentDatagram& sent) {
  auto decoded = memberlist_wire::DecodePacket(sent.bytes, {});
  if (auto* packet = std::get_if<memberlist_wire::ReceivedPacket>(&decoded)) {
    return std::move(packet->messages);
  }
  return {};
}

template <typename T>
int CountSent(const MemberlistCluster& cluster, int from, runtime::Instant since = 0) {
  int count = 0;
  for (const SentDatagram& sent : cluster.datagrams_sent()) {
    if (sent.from != from || sent.at < since) continue;
    for (const auto& message : MessagesOf(sent)) count += std::holds_alternative<T>(message);
  }
  return count;
}

TEST_CASE("the probe ticker first ticks one probe interval after start", "[membership]") {
  MemberlistCluster cluster(2);
  cluster.StartAll(0);
  // memberlist's ticker starts with the member; the goroutine's stagger is shorter than its
  // first tick, so no probe goes out before one interval.
  cluster.RunUntil(Milliseconds(999));
  CHECK(CountSent<memberlist_wire::Ping>(cluster, 0) == 0);
  cluster.RunUntil(Seconds(1));
  CHECK(CountSent<memberlist_wire::Ping>(cluster, 0) == 1);
  // And every later probe on the ticker's grid (a tick may probe no one: like memberlist's
  // probe(), a wrap of the shuffled list that meets only ourselves gives up for that tick).
  cluster.RunUntil(Seconds(20));
  int probes = 0;
  for (const SentDatagram& sent : cluster.datagrams_sent()) {
    const auto messages = MessagesOf(sent);
    if (sent.from != 0 || messages.empty() ||
        !std::holds_alternative<memberlist_wire::Ping>(messages.front())) {
      continue;
    }
    ++probes;
    CHECK(sent.at % Seconds(1) == 0);
  }
  CHECK(probes >= 10);
}

TEST_CASE(
    "a member cut off from the rest doubts itself and stretches its probes; the others are "
    "told by nacks that the fault is not theirs",
    "[membership]") {
  // A helper nacks a probe timeout after it was asked, so the nack is in time only when the
  // probe interval is longer than two probe timeouts (see the next test for the defaults).
  MemberlistConfig config;
  config.probe_timeout = Milliseconds(200);
  MemberlistCluster cluster(3, config);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(10));
  for (int k = 0; k < 3; ++k) REQUIRE(cluster.member(k).health_score() == 0);
  cluster.Cut(0, 1);
  cluster.Cut(0, 2);
  cluster.RunUntil(Seconds(40));

  // n0's probes fail and no nack comes back from the helper it asks: each failed probe raises
  // its score, and each next probe waits (score + 1) intervals.
  CHECK(cluster.member(0).health_score() >= 3);
  std::vector<runtime::Instant> failures;
  for (const LoggedEvent& logged : cluster.events()) {
    if (logged.member == 0 && logged.event.kind == Kind::kProbeFailed) {
      failures.push_back(logged.event.at);
    }
  }
  REQUIRE(failures.size() >= 3);
  CHECK(failures[1] - failures[0] == Seconds(1));
  CHECK(failures[2] - failures[1] == Seconds(2));
  CHECK(cluster.FirstEvent(Kind::kHealth, "n0").has_value());

  // n1 and n2 probing the silent n0 asked each other for a nack and got it: their own health
  // is untouched, and n0 is dead to them at the usual time.
  CHECK(CountSent<memberlist_wire::NackResp>(cluster, 1, Seconds(10)) > 0);
  CHECK(CountSent<memberlist_wire::NackResp>(cluster, 2, Seconds(10)) > 0);
  CHECK(cluster.member(1).health_score() == 0);
  CHECK(cluster.member(2).health_score() == 0);
  CHECK(cluster.member(1).Members() == Names({1, 2}));
  CHECK(cluster.CountEvents(Kind::kHealth, "n1") == 0);
}

TEST_CASE(
    "with memberlist's default timers a helper's nack comes after the probe has ended, so a "
    "healthy prober of a dead member doubts itself too",
    "[membership]") {
  // DefaultLANConfig: probe interval 1 s, timeout 500 ms. Indirect pings go out at 500 ms; the
  // helper nacks 500 ms later, a little after the prober's 1 s deadline: memberlist has
  // dropped the probe's handlers by then, and counts the nack it was owed as missing.
  MemberlistCluster cluster(3);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(10));
  cluster.Crash(2);
  cluster.RunUntil(Seconds(20));
  CHECK(CountSent<memberlist_wire::NackResp>(cluster, 0, Seconds(10)) +
            CountSent<memberlist_wire::NackResp>(cluster, 1, Seconds(10)) >
        0);
  CHECK((cluster.FirstEvent(Kind::kHealth, "n0").has_value() ||
         cluster.FirstEvent(Kind::kHealth, "n1").has_value()));
  // The dead member is dead on time all the same: suspicion timers are not scaled.
  CHECK(cluster.member(0).Members() == Names({0, 1}));
}

TEST_CASE("without a helper to nack, every failed probe counts against the prober",
          "[membership]") {
  MemberlistConfig config;
  config.disable_tcp_pings = true;
  MemberlistCluster cluster(2, config);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(3));
  cluster.Crash(1);
  cluster.RunUntil(Seconds(5));
  // One failed probe, no one to ask: memberlist's simple health metric.
  CHECK(cluster.member(0).health_score() >= 1);
}

TEST_CASE("a suspect is pinged with its suspicion attached, refutes, and doubts itself",
          "[membership]") {
  MemberlistConfig config;
  config.disable_tcp_pings = true;
  MemberlistCluster cluster(3, config);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  // n2 can hear but not be heard: its acks and refutations are lost.
  cluster.DropUdpOneWay(2, 0);
  cluster.DropUdpOneWay(2, 1);
  cluster.RunUntil(Seconds(10));
  REQUIRE(cluster.member(0).Find("n2"));
  int compounds = 0;
  for (const SentDatagram& sent : cluster.datagrams_sent()) {
    if (sent.from != 0 || sent.to != 2) continue;
    const auto messages = MessagesOf(sent);
    if (messages.size() != 2 || !std::holds_alternative<memberlist_wire::Ping>(messages[0])) {
      continue;
    }
    if (const auto* suspect = std::get_if<memberlist_wire::Suspect>(&messages[1])) {
      CHECK(suspect->node == "n2");
      CHECK(suspect->from == "n0");
      ++compounds;
    }
  }
  CHECK(compounds > 0);
  CHECK(cluster.CountEvents(Kind::kRefute, "n2") > 0);
  CHECK(cluster.member(2).health_score() > 0);
}

TEST_CASE("a replayed death notice, encrypted with the cluster's own key, changes nothing",
          "[membership]") {
  // memberlist keeps no record of nonces: a recorded datagram decrypts again. What protects the
  // cluster is the incarnation number, which the replay carries from its time.
  MemberlistConfig config;
  config.secret_key = *memberlist_wire::MetallbMemberlistKey("metallb-secret");
  MemberlistCluster cluster(3, config);
  cluster.StartAll(0);
  cluster.RunUntil(Seconds(5));
  cluster.Crash(2);
  cluster.RunUntil(Seconds(30));
  REQUIRE(cluster.member(0).Find("n2")->state == MemberState::kDead);
  // Every datagram n1 sent to n0 while the news of n2's death spread.
  std::vector<std::vector<uint8_t>> recorded;
  for (const SentDatagram& sent : cluster.datagrams_sent()) {
    if (sent.from == 1 && sent.to == 0 && sent.at > Seconds(5)) recorded.push_back(sent.bytes);
  }
  // Among them, n2's death (or its suspicion), readable with the key.
  const auto ring =
      std::get<memberlist_wire::Keyring>(memberlist_wire::Keyring::Create({}, config.secret_key));
  memberlist_wire::ReceiveOptions keyed;
  keyed.keyring = &ring;
  int accusations = 0;
  for (const std::vector<uint8_t>& bytes : recorded) {
    auto decoded = memberlist_wire::DecodePacket(bytes, keyed);
    const auto* packet = std::get_if<memberlist_wire::ReceivedPacket>(&decoded);
    if (packet == nullptr) continue;
    for (const auto& message : packet->messages) {
      const auto* dead = std::get_if<memberlist_wire::Dead>(&message);
      const auto* suspect = std::get_if<memberlist_wire::Suspect>(&message);
      accusations +=
          (dead != nullptr && dead->node == "n2") || (suspect != nullptr && suspect->node == "n2");
    }
  }
  REQUIRE(accusations > 0);
  cluster.Restart(2, Seconds(30));
  cluster.RunUntil(Seconds(35));
  REQUIRE(cluster.member(0).Find("n2")->state == MemberState::kAlive);
  const uint64_t malformed = cluster.member(0).malformed_datagrams();
  for (std::vector<uint8_t>& bytes : recorded) cluster.Inject(1, 0, std::move(bytes));
  cluster.RunUntil(Seconds(36));
  // Taken as datagrams (the key is right), and nothing in them is news any more.
  CHECK(cluster.member(0).malformed_datagrams() == malformed);
  CHECK(cluster.member(0).Find("n2")->state == MemberState::kAlive);
  CHECK(cluster.member(0).Members() == Names({0, 1, 2}));
  CHECK_FALSE(cluster.FirstEvent(Kind::kSuspect, "n2", Seconds(35)).has_value());
  CHECK_FALSE(cluster.FirstEvent(Kind::kLeave, "n2", Seconds(35)).has_value());
}

}  // namespace
}  // namespace metallab::membership
