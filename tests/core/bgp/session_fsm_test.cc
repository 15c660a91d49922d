// The session's state machine and timers, with two sessions talking through SessionPair:
// establishment, keepalives, the hold timer, hold time negotiation, the reconnect backoff,
// Stop and BFD down.
#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "session_pair.h"

namespace metallab::bgp {
namespace {

using runtime::Instant;
using runtime::Milliseconds;
using runtime::Seconds;
using testing::RouterConfig;
using testing::SentMessage;
using testing::SessionPair;
using testing::SpeakerConfig;
using State = SessionState;

constexpr Instant kLatency = SessionPair::kLatency;

Notification NotificationIn(const SentMessage& message) {
  const auto decoded = DecodeMessage(message.bytes);
  REQUIRE(std::holds_alternative<DecodedMessage>(decoded));
  return std::get<Notification>(std::get<DecodedMessage>(decoded).message);
}

std::vector<State> StatesOf(const SessionPair& pair, int k) {
  std::vector<State> states;
  for (const StateChanged& change : pair.Events<StateChanged>(k)) states.push_back(change.to);
  return states;
}

// A pair established by 3 ms: connect at 0, OPENs at 1 ms, KEEPALIVEs at 2 ms.
SessionPair EstablishedPair(BgpSessionConfig speaker = SpeakerConfig(),
                            BgpSessionConfig router = RouterConfig()) {
  SessionPair pair(std::move(speaker), std::move(router));
  pair.StartBoth();
  pair.RunUntil(Milliseconds(3));
  REQUIRE(pair.session(0).state() == State::kEstablished);
  REQUIRE(pair.session(1).state() == State::kEstablished);
  return pair;
}

TEST_CASE("an active and a passive session go through RFC 4271's states", "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  CHECK(StatesOf(pair, 0) == std::vector<State>{State::kConnect, State::kOpenSent,
                                                State::kOpenConfirm, State::kEstablished});
  CHECK(StatesOf(pair, 1) == std::vector<State>{State::kActive, State::kOpenSent,
                                                State::kOpenConfirm, State::kEstablished});
  CHECK(pair.Entered(0, State::kOpenSent) == kLatency);
  CHECK(pair.Entered(0, State::kOpenConfirm) == 2 * kLatency);
  CHECK(pair.Entered(0, State::kEstablished) == 3 * kLatency);

  const auto established = pair.Events<SessionEstablished>(0);
  REQUIRE(established.size() == 1);
  CHECK(established[0].negotiated.peer_as == 64513);
  CHECK(established[0].negotiated.peer_bgp_identifier == 0x0a000001);
  CHECK(established[0].negotiated.hold_time_s == 90);
  CHECK(established[0].negotiated.keepalive_interval == Seconds(30));
  CHECK(established[0].negotiated.context.four_octet_as);
  CHECK_FALSE(established[0].negotiated.context.is_ibgp);
  // The router speaks IPv4 unicast only.
  CHECK(established[0].negotiated.families == std::vector<AfiSafi>{kIpv4Unicast});
  CHECK(pair.Requests(0, TransportAction::kConnect).size() == 1);
}

TEST_CASE("the first OPEN is MetalLB's 49 bytes for its configuration", "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  const auto opens = pair.SentBy(0, MessageType::kOpen);
  REQUIRE(opens.size() == 1);
  const std::vector<uint8_t> expected = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x31, 0x01,  // marker, length 49, OPEN
      0x04, 0xfc, 0x00, 0x00, 0x5a,                          // version 4, AS 64512, hold 90
      0x0a, 0x00, 0x00, 0x05,                                // identifier 10.0.0.5
      0x14, 0x02, 0x12,                    // one capabilities parameter of 18 bytes
      0x01, 0x04, 0x00, 0x01, 0x00, 0x01,  // multiprotocol IPv4 unicast
      0x01, 0x04, 0x00, 0x02, 0x00, 0x01,  // multiprotocol IPv6 unicast
      0x41, 0x04, 0x00, 0x00, 0xfc, 0x00,  // 4-octet AS 64512
  };
  CHECK(opens[0].bytes == expected);
}

TEST_CASE("MetalLB's native behaviour: Established on the OPEN, no End-of-RIB", "[bgp][session]") {
  BgpSessionConfig speaker = SpeakerConfig();
  ApplyMetalLbNativeBehaviour(/*enforce_hold_timer=*/false, speaker);
  SessionPair pair = EstablishedPair(speaker);
  CHECK(pair.Entered(0, State::kEstablished) == 2 * kLatency);
  CHECK(pair.SentBy(0, MessageType::kUpdate).empty());
  CHECK(pair.SentBy(0, MessageType::kOpen)[0].bytes.size() == 49);
}

TEST_CASE("keepalives go every third of the negotiated hold time", "[bgp][session]") {
  const auto [hold, interval] = GENERATE(table<uint16_t, runtime::Duration>(
      {{90, Seconds(30)}, {9, Seconds(3)}, {10, 3'333'333'333}}));
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.hold_time_s = hold;
  SessionPair pair = EstablishedPair(speaker);
  CHECK(pair.session(0).keepalive_interval() == interval);
  pair.RunUntil(Seconds(300));
  // The End-of-RIB UPDATE at 3 ms restarted the keepalive timer.
  const auto keepalives = pair.SentBy(0, MessageType::kKeepalive, Milliseconds(3));
  REQUIRE(keepalives.size() >= 3);
  for (size_t k = 0; k < keepalives.size(); ++k) {
    CHECK(keepalives[k].at == 3 * kLatency + static_cast<Instant>(k + 1) * interval);
  }
}

TEST_CASE("a configured keepalive time shorter than hold/3 wins", "[bgp][session]") {
  BgpSessionConfig router = RouterConfig();
  router.keepalive_time = Seconds(5);
  SessionPair pair = EstablishedPair(SpeakerConfig(), router);
  CHECK(pair.session(1).keepalive_interval() == Seconds(5));
  CHECK(pair.session(0).keepalive_interval() == Seconds(30));
}

TEST_CASE("the hold timer expires exactly a hold time after the last message", "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  pair.RunUntil(Seconds(40));
  pair.Silence(1, true);
  pair.RunUntil(Seconds(200));
  const Instant last_heard =
      pair.SentBy(1, MessageType::kKeepalive, 0, Seconds(40)).back().at + kLatency;
  const auto notifications = pair.SentBy(0, MessageType::kNotification);
  REQUIRE(notifications.size() == 1);
  CHECK(notifications[0].at == last_heard + Seconds(90));
  CHECK(NotificationIn(notifications[0]) == Notification{4, 0, {}});
  const auto down = pair.Events<SessionDown>(0);
  REQUIRE(!down.empty());
  CHECK(down[0].at == last_heard + Seconds(90));
  CHECK(down[0].was_established);
  CHECK(down[0].reason == "sent Hold Timer Expired: nothing received for 90 s");
}

TEST_CASE("without hold timer enforcement a silent peer never expires (MetalLB v0.9)",
          "[bgp][session]") {
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.enforce_hold_timer = false;
  SessionPair pair = EstablishedPair(speaker);
  pair.Silence(1, true);
  pair.RunUntil(Seconds(3600));
  CHECK(pair.SentBy(0, MessageType::kNotification).empty());
  CHECK(pair.session(0).state() == State::kEstablished);
  CHECK(pair.SentBy(0, MessageType::kKeepalive).size() > 100);  // it still sends its own
}

TEST_CASE("hold time negotiation takes the smaller, and 0 turns keepalives off", "[bgp][session]") {
  SECTION("the peer's shorter hold time") {
    BgpSessionConfig router = RouterConfig();
    router.hold_time_s = 30;
    SessionPair pair = EstablishedPair(SpeakerConfig(), router);
    CHECK(pair.session(0).hold_time_s() == 30);
    CHECK(pair.session(1).hold_time_s() == 30);
    CHECK(pair.session(0).keepalive_interval() == Seconds(10));
  }
  SECTION("0 on one side: no keepalives and no hold timer on either") {
    BgpSessionConfig router = RouterConfig();
    router.hold_time_s = 0;
    SessionPair pair = EstablishedPair(SpeakerConfig(), router);
    CHECK(pair.session(0).hold_time_s() == 0);
    CHECK(pair.session(0).keepalive_interval() == 0);
    pair.Silence(1, true);
    pair.RunUntil(Seconds(3600));
    CHECK(pair.SentBy(0, MessageType::kKeepalive, Milliseconds(3)).empty());
    CHECK(pair.SentBy(1, MessageType::kKeepalive, Milliseconds(3)).empty());
    CHECK(pair.session(0).state() == State::kEstablished);
    CHECK(pair.session(0).NextTimeout() == runtime::kNoDeadline);
  }
  SECTION("a configured 1 or 2 goes out as 3") {
    BgpSessionConfig speaker = SpeakerConfig();
    speaker.hold_time_s = 2;
    SessionPair pair = EstablishedPair(speaker);
    CHECK(pair.SentBy(0, MessageType::kOpen)[0].bytes[23] == 3);
    CHECK(pair.session(1).hold_time_s() == 3);
  }
}

TEST_CASE("a peer with the wrong AS gets 2/2 Bad Peer AS", "[bgp][session]") {
  BgpSessionConfig router = RouterConfig();
  router.peer_as = 65000;
  SessionPair pair(SpeakerConfig(), router);
  pair.StartBoth();
  pair.RunUntil(Milliseconds(3));
  const auto notifications = pair.SentBy(1, MessageType::kNotification);
  REQUIRE(notifications.size() == 1);
  CHECK(NotificationIn(notifications[0]) == Notification{2, 2, {}});
  const auto router_down = pair.Events<SessionDown>(1);
  REQUIRE(router_down.size() == 1);
  CHECK(router_down[0].reason ==
        "sent OPEN Message Error / Bad Peer AS: peer AS 64512, expected 65000");
  const auto speaker_down = pair.Events<SessionDown>(0);
  REQUIRE(speaker_down.size() == 1);
  CHECK(speaker_down[0].received == Notification{2, 2, {}});
  CHECK_FALSE(speaker_down[0].was_established);
  CHECK(pair.session(1).state() == State::kActive);  // the router accepts again
}

TEST_CASE("reconnect backoff: 0, 1, 2, 4 ... 120, 120 s between attempts", "[bgp][session]") {
  SessionPair pair(SpeakerConfig(), RouterConfig());
  pair.RefuseConnections(true);
  pair.StartBoth();
  pair.RunUntil(Seconds(600));
  const auto connects = pair.Requests(0, TransportAction::kConnect);
  REQUIRE(connects.size() >= 11);
  const std::vector<int64_t> expected_s = {0, 1, 2, 4, 8, 16, 32, 64, 120, 120};
  for (size_t k = 0; k < expected_s.size(); ++k) {
    const Instant failed = connects[k].at + kLatency;
    CHECK(connects[k + 1].at - failed == Seconds(expected_s[k]));
  }
}

TEST_CASE("the backoff restarts from 0 once a session was established", "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  pair.RunUntil(Seconds(10));
  pair.Act(1, [](BgpSession& s, Instant now) { s.Stop(now); });
  const Instant stopped = pair.now();
  pair.RunUntil(Seconds(20));
  const auto connects = pair.Requests(0, TransportAction::kConnect);
  REQUIRE(connects.size() >= 4);
  // Redialled the moment the NOTIFICATION arrives, then 0, then 1 s after each refusal.
  CHECK(connects[1].at == stopped + kLatency);
  CHECK(connects[2].at == connects[1].at + kLatency);
  CHECK(connects[3].at == connects[2].at + kLatency + Seconds(1));
}

TEST_CASE("Stop sends Cease with the operator's message and stays down", "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  pair.Act(0, [](BgpSession& s, Instant now) {
    s.Stop(now, CeaseSubcode::kAdministrativeShutdown, "maintenance");
  });
  pair.RunUntil(Seconds(1000));
  const auto notifications = pair.SentBy(0, MessageType::kNotification);
  REQUIRE(notifications.size() == 1);
  const Notification cease = NotificationIn(notifications[0]);
  CHECK(cease.code == 6);
  CHECK(cease.subcode == 2);
  CHECK(ShutdownCommunication(cease) == "maintenance");
  CHECK(pair.session(0).state() == State::kIdle);
  CHECK(pair.session(0).NextTimeout() == runtime::kNoDeadline);
  CHECK(pair.Requests(0, TransportAction::kConnect).size() == 1);
  CHECK(pair.Requests(0, TransportAction::kClose).size() == 1);
  const auto router_down = pair.Events<SessionDown>(1);
  REQUIRE(router_down.size() == 1);
  CHECK(router_down[0].reason == "received Cease / Administrative Shutdown: \"maintenance\"");
  CHECK(pair.session(1).state() == State::kActive);

  pair.Act(0, [](BgpSession& s, Instant now) { s.Start(now); });
  pair.RunUntil(pair.now() + Milliseconds(3));
  CHECK(pair.session(0).state() == State::kEstablished);
}

TEST_CASE("Stop while connecting abandons the connect", "[bgp][session]") {
  SessionPair pair(SpeakerConfig(), RouterConfig());
  pair.Act(0, [](BgpSession& s, Instant now) { s.Start(now); });
  pair.Act(0, [](BgpSession& s, Instant now) { s.Stop(now); });
  CHECK(pair.session(0).state() == State::kIdle);
  CHECK(pair.Requests(0, TransportAction::kClose).size() == 1);
  CHECK(pair.session(0).TakeOutgoing().empty());
  CHECK(pair.session(0).NextTimeout() == runtime::kNoDeadline);
}

TEST_CASE("BFD down drops the session with Cease / BFD Down, then it comes back",
          "[bgp][session]") {
  SessionPair pair = EstablishedPair();
  pair.RunUntil(Seconds(5));
  pair.Act(0, [](BgpSession& s, Instant now) { s.OnBfdDown(now); });
  const Instant dropped = pair.now();
  CHECK(pair.session(0).state() == State::kIdle);
  const auto notifications = pair.SentBy(0, MessageType::kNotification);
  REQUIRE(notifications.size() == 1);
  CHECK(NotificationIn(notifications[0]) == Notification{6, 10, {}});
  const auto down = pair.Events<SessionDown>(0);
  REQUIRE(down.size() == 1);
  CHECK(down[0].reason == "BFD went down: sent Cease / BFD Down");
  pair.RunUntil(Seconds(6));
  REQUIRE(pair.Events<SessionDown>(1).size() == 1);
  CHECK(pair.Events<SessionDown>(1)[0].received == Notification{6, 10, {}});
  // The first redial finds the router still Established (the Cease is in flight) and is
  // refused; the next, a latency later on the reset backoff, gets through.
  CHECK(pair.Requests(0, TransportAction::kConnect).size() == 3);
  CHECK(pair.Entered(0, State::kEstablished, dropped) == dropped + 4 * kLatency);
}

TEST_CASE("the connect budget abandons an attempt that takes over 10 s", "[bgp][session]") {
  BgpSession session(SpeakerConfig());
  session.Start(0);
  CHECK(session.NextTimeout() == Seconds(10));
  session.TakeTransportRequests();
  session.HandleTimeout(Seconds(10));
  CHECK(session.TakeTransportRequests() ==
        std::vector<TransportRequest>{{TransportAction::kClose, {}},
                                      {TransportAction::kConnect, {}}});
  CHECK(session.state() == State::kConnect);  // backoff 0: at once
  session.OnConnected(Seconds(11));
  CHECK(session.state() == State::kOpenSent);
  session.HandleTimeout(Seconds(20));  // the budget runs from the connect request
  CHECK(session.state() == State::kIdle);
  CHECK(session.TakeOutgoing().size() == 1);  // the OPEN; no NOTIFICATION
  CHECK(session.NextTimeout() == Seconds(21));
}

TEST_CASE("a passive session waits the open hold time for the peer's OPEN", "[bgp][session]") {
  BgpSession session(RouterConfig());
  session.Start(0);
  session.OnConnected(Seconds(1));
  CHECK(session.NextTimeout() == Seconds(241));
  session.HandleTimeout(Seconds(241));
  const auto out = session.TakeOutgoing();
  REQUIRE(out.size() == 2);
  CHECK(std::get<Notification>(std::get<DecodedMessage>(DecodeMessage(out[1])).message) ==
        Notification{4, 0, {}});
  CHECK(session.state() == State::kActive);
}

TEST_CASE("a password is set before every connect", "[bgp][session]") {
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.md5_password = "s3cret";
  BgpSession session(speaker);
  session.Start(0);
  CHECK(session.TakeTransportRequests() ==
        std::vector<TransportRequest>{{TransportAction::kSetMd5Password, "s3cret"},
                                      {TransportAction::kConnect, {}}});
  BgpSessionConfig router = RouterConfig();
  router.md5_password = "s3cret";
  BgpSession passive(router);
  passive.Start(0);
  CHECK(passive.TakeTransportRequests() ==
        std::vector<TransportRequest>{{TransportAction::kSetMd5Password, "s3cret"}});
}

TEST_CASE("timer defaults of the modelled implementations", "[bgp][session]") {
  BgpSessionConfig config;
  ApplyTimerDefaults(kBirdTimers, config);
  CHECK(config.hold_time_s == 240);
  CHECK_FALSE(config.keepalive_time.has_value());
  ApplyTimerDefaults(kFrrDatacenterTimers, config);
  CHECK(config.hold_time_s == 9);
  CHECK(config.keepalive_time == Seconds(3));
  CHECK(kGoBgpTimers.hold_time_s == 90);
  CHECK(kFrrTraditionalTimers.hold_time_s == 180);
  CHECK(kMetalLbNativeTimers.hold_time_s == 90);
}

}  // namespace
}  // namespace metallab::bgp
