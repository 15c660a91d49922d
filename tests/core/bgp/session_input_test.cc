// One session fed hand-made bytes: what a well-behaved peer never sends. Malformed OPENs and
// UPDATEs, messages in the wrong state, garbage, NOTIFICATIONs, inputs out of turn.
#include <catch2/catch.hpp>

#include "bgp_bytes.h"
#include "core/bgp/message.h"
#include "session_pair.h"

namespace metallab::bgp {
namespace {

using runtime::Instant;
using runtime::Seconds;
using testing::Bytes;
using testing::Concat;
using testing::MessageBytes;
using testing::Prefix;
using testing::RouterConfig;
using testing::UpdateBody;
using State = SessionState;

constexpr uint32_t kSpeakerId = 0x0a000005;

Bytes SpeakerOpen(uint16_t hold_time = 90, bool ipv6 = false, uint32_t asn = 64512,
                  uint32_t identifier = kSpeakerId) {
  Capabilities capabilities;
  capabilities.multiprotocol = {kIpv4Unicast};
  if (ipv6) capabilities.multiprotocol.push_back(kIpv6Unicast);
  return EncodeMessage(MakeOpen(asn, hold_time, identifier, capabilities));
}

// A router session with a connection from the speaker.
struct Lone {
  explicit Lone(BgpSessionConfig config = RouterConfig()) : session(std::move(config)) {
    session.Start(0);
    session.OnConnected(0);
    session.TakeOutgoing();
    session.TakeEvents();
  }

  void Feed(const Bytes& bytes, Instant at = Seconds(1)) { session.OnBytes(at, bytes); }
  void Establish(bool ipv6 = false) {
    Feed(Concat({SpeakerOpen(90, ipv6), EncodeMessage(Keepalive{})}));
    REQUIRE(session.state() == State::kEstablished);
    session.TakeOutgoing();
    session.TakeEvents();
  }
  // The NOTIFICATION the session sent last, if it sent one.
  std::optional<Notification> LastNotification() {
    const auto out = session.TakeOutgoing();
    if (out.empty()) return std::nullopt;
    const auto decoded = DecodeMessage(out.back());
    const auto* message = std::get_if<DecodedMessage>(&decoded);
    if (message == nullptr) return std::nullopt;
    const auto* notification = std::get_if<Notification>(&message->message);
    if (notification == nullptr) return std::nullopt;
    return *notification;
  }
  template <typename E>
  std::vector<E> Events() {
    std::vector<E> out;
    for (SessionEvent& event : session.TakeEvents()) {
      if (auto* wanted = std::get_if<E>(&event)) out.push_back(std::move(*wanted));
    }
    return out;
  }

  BgpSession session;
};

TEST_CASE("a peer hold time of 1 or 2 s is refused with 2/6", "[bgp][session][input]") {
  const uint16_t hold = GENERATE(1, 2);
  Lone lone;
  Bytes open = SpeakerOpen();
  open[23] = static_cast<uint8_t>(hold);
  lone.Feed(open);
  CHECK(lone.LastNotification() == Notification{2, 6, {}});
  CHECK(lone.session.state() == State::kActive);
}

TEST_CASE("the peer's OPEN is checked against the configuration", "[bgp][session][input]") {
  SECTION("wrong AS: 2/2") {
    Lone lone;
    lone.Feed(SpeakerOpen(90, false, 64999));
    CHECK(lone.LastNotification() == Notification{2, 2, {}});
  }
  SECTION("our own identifier: 2/3") {
    Lone lone;
    lone.Feed(SpeakerOpen(90, false, 64512, RouterConfig().bgp_identifier));
    CHECK(lone.LastNotification() == Notification{2, 3, {}});
    const auto down = lone.Events<SessionDown>();
    REQUIRE(down.size() == 1);
    CHECK(down[0].reason ==
          "sent OPEN Message Error / Bad BGP Identifier: BGP identifier 10.0.0.1 is ours");
  }
}

TEST_CASE("a malformed attribute is treat-as-withdraw and the session stays up",
          "[bgp][session][input]") {
  Lone lone;
  lone.Establish();
  const Bytes bad_origin = {0x40, 0x01, 0x01, 0x05};
  lone.Feed(MessageBytes(
      2, UpdateBody(Concat({bad_origin, testing::kAsPath, testing::kNextHop}), testing::kOneNlri)));
  CHECK(lone.session.state() == State::kEstablished);
  CHECK(lone.session.TakeOutgoing().empty());
  const auto routes = lone.Events<RoutesReceived>();
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].action == UpdateAction::kTreatAsWithdraw);
  CHECK(routes[0].announced.empty());
  CHECK(routes[0].withdrawn == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
  CHECK_FALSE(routes[0].diagnostics.empty());
}

TEST_CASE("a malformed MP_REACH_NLRI resets the session with 3/10", "[bgp][session][input]") {
  BgpSessionConfig config = RouterConfig();
  config.ipv6_unicast = true;
  Lone lone(config);
  lone.Establish(/*ipv6=*/true);
  // IPv6 unicast, a 16-byte next hop, then a prefix of 129 bits.
  Bytes reach = {0x80, 0x0e, 0x17, 0x00, 0x02, 0x01, 0x10, 0x20, 0x01, 0x0d, 0xb8};
  reach.insert(reach.end(), 12, 0x00);
  reach.insert(reach.end(), {0x00, 0x81, 0x20});
  reach[2] = static_cast<uint8_t>(reach.size() - 3);
  lone.Feed(MessageBytes(2, UpdateBody(Concat({reach, testing::kOrigin, testing::kAsPath}), {})));
  const auto notification = lone.LastNotification();
  REQUIRE(notification.has_value());
  CHECK(Describe(*notification) == "UPDATE Message Error / Invalid Network Field");
  CHECK(lone.session.state() == State::kActive);
  const auto down = lone.Events<SessionDown>();
  REQUIRE(down.size() == 1);
  CHECK(down[0].was_established);
  CHECK(down[0].sent == notification);
}

TEST_CASE("an End-of-RIB is reported as such", "[bgp][session][input]") {
  Lone lone;
  lone.Establish();
  lone.Feed(EncodeMessage(MakeEndOfRib(kIpv4Unicast)));
  const auto end_of_rib = lone.Events<EndOfRibReceived>();
  REQUIRE(end_of_rib.size() == 1);
  CHECK(end_of_rib[0].family == kIpv4Unicast);
}

TEST_CASE("routes of a family not negotiated are left out", "[bgp][session][input]") {
  Lone lone;
  lone.Establish(/*ipv6=*/true);  // the router did not offer IPv6
  Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = SequenceOf({64512});
  update.attributes.mp_reach = MpReach{kIpv6Unicast,
                                       *net::IpAddress::Parse("2001:db8::5"),
                                       std::nullopt,
                                       {Prefix("2001:db8:1::/48")}};
  lone.Feed(EncodeMessage(update));
  const auto routes = lone.Events<RoutesReceived>();
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].announced.empty());
  REQUIRE(routes[0].diagnostics.size() == 1);
  CHECK(routes[0].diagnostics[0].text ==
        "1 prefixes ignored, their family (IPv6 unicast) was not negotiated");
}

TEST_CASE("garbage after the OPEN gets 1/1 and the session goes", "[bgp][session][input]") {
  Lone lone;
  lone.Feed(Concat({SpeakerOpen(), Bytes(40, 0x5a)}));
  CHECK(lone.LastNotification() == Notification{1, 1, {}});
  CHECK(lone.session.state() == State::kActive);
  lone.Feed(Bytes(100, 0x00));  // no connection: ignored
  CHECK(lone.session.ignored_bytes() == 100);
  CHECK(lone.session.TakeOutgoing().empty());
}

TEST_CASE("messages out of turn are FSM errors (RFC 6608 subcodes)", "[bgp][session][input]") {
  SECTION("KEEPALIVE in OpenSent") {
    Lone lone;
    lone.Feed(EncodeMessage(Keepalive{}));
    CHECK(lone.LastNotification() == Notification{5, 1, {}});
  }
  SECTION("UPDATE in OpenConfirm") {
    Lone lone;
    lone.Feed(Concat({SpeakerOpen(), EncodeMessage(MakeEndOfRib(kIpv4Unicast))}));
    CHECK(lone.LastNotification() == Notification{5, 2, {}});
  }
  SECTION("OPEN in Established") {
    Lone lone;
    lone.Establish();
    lone.Feed(SpeakerOpen());
    CHECK(lone.LastNotification() == Notification{5, 3, {}});
  }
}

TEST_CASE("a received NOTIFICATION ends the session without an answer", "[bgp][session][input]") {
  Lone lone;
  lone.Establish();
  lone.Feed(EncodeMessage(MakeCease(CeaseSubcode::kPeerDeconfigured)));
  CHECK(lone.session.TakeOutgoing().empty());
  CHECK(lone.session.TakeTransportRequests() ==
        std::vector<TransportRequest>{{TransportAction::kClose, {}}});
  const auto down = lone.Events<SessionDown>();
  REQUIRE(down.size() == 1);
  CHECK(down[0].reason == "received Cease / Peer De-configured");
  CHECK(down[0].received == MakeCease(CeaseSubcode::kPeerDeconfigured));
}

TEST_CASE("a close by the peer is reported, and no close is asked for", "[bgp][session][input]") {
  Lone lone;
  lone.Establish();
  lone.session.OnClosed(Seconds(2));
  CHECK(lone.session.TakeTransportRequests().empty());
  const auto down = lone.Events<SessionDown>();
  REQUIRE(down.size() == 1);
  CHECK(down[0].reason == "connection closed by the peer");
  CHECK(lone.session.accepting_connections());
}

TEST_CASE("inputs out of turn are ignored", "[bgp][session][input]") {
  BgpSession session(RouterConfig());
  session.OnConnected(0);  // not started
  session.OnConnectFailed(0);
  session.OnClosed(0);
  session.OnBfdDown(0);
  session.HandleTimeout(Seconds(1000));
  CHECK(session.state() == State::kIdle);
  CHECK(session.TakeOutgoing().empty());
  CHECK(session.TakeTransportRequests().empty());
  CHECK(session.TakeEvents().empty());
  CHECK(session.NextTimeout() == runtime::kNoDeadline);
}

TEST_CASE("a stream cut into single bytes is read the same", "[bgp][session][input]") {
  Lone lone;
  const Bytes stream =
      Concat({SpeakerOpen(), EncodeMessage(Keepalive{}),
              MessageBytes(2, UpdateBody(testing::kMandatory, testing::kOneNlri))});
  for (const uint8_t byte : stream) lone.session.OnBytes(Seconds(1), {&byte, 1});
  CHECK(lone.session.state() == State::kEstablished);
  const auto routes = lone.Events<RoutesReceived>();
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].announced == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
}

}  // namespace
}  // namespace metallab::bgp
