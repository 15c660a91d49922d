// Routes between two sessions: the Adj-RIB-Out's packing, duplicates and re-sends, End-of-RIB,
// withdrawals, families, route refresh, and a 2-octet-AS peer.
#include <algorithm>

#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "session_pair.h"

namespace metallab::bgp {
namespace {

using runtime::Instant;
using runtime::Milliseconds;
using runtime::Seconds;
using testing::HostRoutes;
using testing::Prefix;
using testing::RouterConfig;
using testing::SessionPair;
using testing::SpeakerAttributes;
using testing::SpeakerConfig;
using State = SessionState;

void Announce(SessionPair& pair, const std::vector<net::IpPrefix>& prefixes,
              const PathAttributes& attributes = SpeakerAttributes()) {
  pair.Act(0,
           [&](BgpSession& s, Instant now) { CHECK(s.Announce(now, prefixes, attributes) == 0); });
}

void Withdraw(SessionPair& pair, const std::vector<net::IpPrefix>& prefixes) {
  pair.Act(0, [&](BgpSession& s, Instant now) { s.Withdraw(now, prefixes); });
}

// Every route the router was told of, announced or withdrawn, in order.
std::vector<net::IpPrefix> Received(const SessionPair& pair, bool withdrawn) {
  std::vector<net::IpPrefix> all;
  for (const RoutesReceived& routes : pair.Events<RoutesReceived>(1)) {
    const auto& these = withdrawn ? routes.withdrawn : routes.announced;
    all.insert(all.end(), these.begin(), these.end());
  }
  return all;
}

SessionPair Started(BgpSessionConfig speaker = SpeakerConfig(),
                    BgpSessionConfig router = RouterConfig()) {
  SessionPair pair(std::move(speaker), std::move(router));
  pair.StartBoth();
  return pair;
}

TEST_CASE("1000 routes with one attribute set arrive in two UPDATEs, then End-of-RIB",
          "[bgp][session][routes]") {
  SessionPair pair = Started();
  Announce(pair, HostRoutes(1000));  // before the session is up: kept until it is
  CHECK(pair.SentBy(0, MessageType::kUpdate).empty());
  pair.RunUntil(Milliseconds(10));
  const auto updates = pair.SentBy(0, MessageType::kUpdate);
  REQUIRE(updates.size() == 3);  // 1000 × 5 bytes need two messages, then End-of-RIB
  CHECK(updates[2].bytes.size() == 23);
  CHECK(Received(pair, false) == HostRoutes(1000));
  const auto end_of_rib = pair.Events<EndOfRibReceived>(1);
  REQUIRE(end_of_rib.size() == 1);
  CHECK(end_of_rib[0].family == kIpv4Unicast);
  const auto routes = pair.Events<RoutesReceived>(1);
  CHECK(routes[0].attributes.as_path == SequenceOf({64512}));
  CHECK(routes[0].attributes.next_hop == net::IpAddress::V4(0x0a000005));
  CHECK(pair.session(0).adj_rib_out().sent() == 1000);
}

TEST_CASE("changes after establishment: duplicates send nothing, a change is one UPDATE",
          "[bgp][session][routes]") {
  SessionPair pair = Started();
  pair.RunUntil(Milliseconds(10));
  const size_t before = pair.SentBy(0, MessageType::kUpdate).size();  // the End-of-RIB
  Announce(pair, HostRoutes(3));
  Announce(pair, HostRoutes(3));
  CHECK(pair.SentBy(0, MessageType::kUpdate).size() == before + 1);

  PathAttributes preferred = SpeakerAttributes();
  preferred.communities = {MakeCommunity(64512, 100)};
  Announce(pair, {Prefix("198.51.100.1/32")}, preferred);
  CHECK(pair.SentBy(0, MessageType::kUpdate).size() == before + 2);
  pair.RunUntil(Milliseconds(20));
  const auto routes = pair.Events<RoutesReceived>(1);
  REQUIRE(routes.size() == 2);
  CHECK(routes[1].announced == std::vector<net::IpPrefix>{Prefix("198.51.100.1/32")});
  CHECK(routes[1].attributes.communities == preferred.communities);
  CHECK(pair.session(0).adj_rib_out().attribute_sets() == 2);
}

TEST_CASE("withdrawals go out in one UPDATE, and only for what was sent",
          "[bgp][session][routes]") {
  SessionPair pair = Started();
  Announce(pair, HostRoutes(20));
  pair.RunUntil(Milliseconds(10));
  const size_t before = pair.SentBy(0, MessageType::kUpdate).size();
  const auto gone = HostRoutes(10);
  Withdraw(pair, gone);
  Withdraw(pair, gone);
  Withdraw(pair, {Prefix("203.0.113.0/24")});
  pair.RunUntil(Milliseconds(20));
  CHECK(pair.SentBy(0, MessageType::kUpdate).size() == before + 1);
  CHECK(Received(pair, true) == gone);
  CHECK(pair.session(0).adj_rib_out().sent() == 10);
  CHECK(pair.session(0).adj_rib_out().wanted() == 10);
  CHECK(pair.session(0).adj_rib_out().pending() == 0);
}

TEST_CASE("a new connection gets the whole table again", "[bgp][session][routes]") {
  SessionPair pair = Started();
  Announce(pair, HostRoutes(300));
  pair.RunUntil(Milliseconds(10));
  Withdraw(pair, HostRoutes(100));
  pair.Act(1, [](BgpSession& s, Instant now) { s.Stop(now); });
  Announce(pair, {Prefix("203.0.113.7/32")});  // while down: kept
  pair.RunUntil(Seconds(1));
  CHECK(pair.session(0).adj_rib_out().sent() == 0);
  pair.Act(1, [](BgpSession& s, Instant now) { s.Start(now); });
  pair.RunUntil(Seconds(10));
  REQUIRE(pair.session(0).state() == State::kEstablished);
  const auto established = pair.Events<SessionEstablished>(1);
  REQUIRE(established.size() == 2);
  std::vector<net::IpPrefix> again;
  for (const RoutesReceived& routes : pair.Events<RoutesReceived>(1)) {
    if (routes.at < established[1].at) continue;
    again.insert(again.end(), routes.announced.begin(), routes.announced.end());
  }
  std::vector<net::IpPrefix> expected = HostRoutes(200, 0xc6336400 + 100);
  expected.push_back(Prefix("203.0.113.7/32"));
  std::sort(again.begin(), again.end());
  CHECK(again == expected);
  CHECK(pair.Events<EndOfRibReceived>(1).size() == 2);
}

TEST_CASE("IPv6 routes go only to a peer that negotiated IPv6 unicast", "[bgp][session][routes]") {
  const std::vector<net::IpPrefix> mixed = {Prefix("198.51.100.1/32"), Prefix("2001:db8:1::1/128")};
  SECTION("an IPv4-only router") {
    SessionPair pair = Started();
    Announce(pair, mixed);
    pair.RunUntil(Milliseconds(10));
    CHECK(Received(pair, false) == std::vector<net::IpPrefix>{mixed[0]});
    CHECK(pair.session(0).adj_rib_out().sent() == 1);
    CHECK(pair.session(0).adj_rib_out().pending() == 1);  // waits for a session that can
    CHECK(pair.Events<EndOfRibReceived>(1).size() == 1);
  }
  SECTION("a dual-stack router") {
    BgpSessionConfig router = RouterConfig();
    router.ipv6_unicast = true;
    SessionPair pair = Started(SpeakerConfig(), router);
    Announce(pair, mixed);
    pair.RunUntil(Milliseconds(10));
    CHECK(Received(pair, false) == mixed);
    const auto routes = pair.Events<RoutesReceived>(1);
    REQUIRE(routes.size() == 2);
    CHECK(routes[1].attributes.mp_reach->next_hop == *net::IpAddress::Parse("2001:db8::5"));
    const auto end_of_rib = pair.Events<EndOfRibReceived>(1);
    REQUIRE(end_of_rib.size() == 2);
    CHECK(end_of_rib[1].family == kIpv6Unicast);
  }
}

TEST_CASE("routes the attributes cannot carry are refused", "[bgp][session][routes]") {
  BgpSession session(SpeakerConfig());
  PathAttributes v4_only = SpeakerAttributes();
  v4_only.mp_reach.reset();
  const std::vector<net::IpPrefix> mixed = {Prefix("198.51.100.1/32"), Prefix("2001:db8:1::1/128")};
  CHECK(session.Announce(0, mixed, v4_only) == 1);
  PathAttributes huge = SpeakerAttributes();
  huge.communities.assign(1100, MakeCommunity(1, 1));
  CHECK(session.Announce(0, mixed, huge) == 2);
  CHECK(session.adj_rib_out().wanted() == 1);
  CHECK(session.adj_rib_out().attribute_sets() == 1);
}

TEST_CASE("a 2-octet-AS peer gets AS_TRANS with the real path in AS4_PATH",
          "[bgp][session][routes]") {
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.local_as = 4200000001;
  BgpSessionConfig router = RouterConfig();
  router.four_octet_as = false;
  router.peer_as = kAsTrans;  // all an old speaker can see of a 4-octet AS
  SessionPair pair = Started(speaker, router);
  Announce(pair, {Prefix("198.51.100.1/32")}, SpeakerAttributes(4200000001));
  pair.RunUntil(Milliseconds(10));
  REQUIRE(pair.session(0).state() == State::kEstablished);
  CHECK_FALSE(pair.session(0).codec_context().four_octet_as);
  CHECK(pair.SentBy(0, MessageType::kOpen)[0].bytes[20] == 0x5b);  // My AS 23456
  const std::vector<uint8_t> bytes = pair.SentBy(0, MessageType::kUpdate)[0].bytes;
  const std::vector<uint8_t> as_path = {0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0};
  const std::vector<uint8_t> as4_path = {0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x01};
  CHECK(std::search(bytes.begin(), bytes.end(), as_path.begin(), as_path.end()) != bytes.end());
  CHECK(std::search(bytes.begin(), bytes.end(), as4_path.begin(), as4_path.end()) != bytes.end());
  const auto routes = pair.Events<RoutesReceived>(1);
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].attributes.as_path == SequenceOf({kAsTrans}));
  CHECK(FullAsPath(routes[0].attributes) == SequenceOf({4200000001}));
}

TEST_CASE("a ROUTE-REFRESH is answered with the Adj-RIB-Out of its family",
          "[bgp][session][routes]") {
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.route_refresh = true;
  SessionPair pair = Started(speaker);
  Announce(pair, HostRoutes(5));
  pair.RunUntil(Milliseconds(10));
  const size_t before = pair.SentBy(0, MessageType::kUpdate).size();
  const auto refresh = EncodeMessage(RouteRefresh{kIpv4Unicast, 0});
  pair.Act(0, [&](BgpSession& s, Instant now) { s.OnBytes(now, refresh); });
  const auto updates = pair.SentBy(0, MessageType::kUpdate);
  REQUIRE(updates.size() == before + 1);
  pair.RunUntil(Milliseconds(20));
  CHECK(pair.Events<RoutesReceived>(1).back().announced == HostRoutes(5));

  const auto other = EncodeMessage(RouteRefresh{kIpv6Unicast, 0});  // not negotiated
  pair.Act(0, [&](BgpSession& s, Instant now) { s.OnBytes(now, other); });
  CHECK(pair.session(0).ignored_route_refreshes() == 1);
  CHECK(pair.SentBy(0, MessageType::kUpdate).size() == before + 1);
}

TEST_CASE("an internal peer gets LOCAL_PREF and an IBGP codec context", "[bgp][session][routes]") {
  BgpSessionConfig speaker = SpeakerConfig();
  speaker.peer_as = 64512;
  BgpSessionConfig router = RouterConfig();
  router.local_as = 64512;
  SessionPair pair = Started(speaker, router);
  PathAttributes attributes = SpeakerAttributes();
  attributes.as_path = AsPath{};
  attributes.local_pref = 100;
  Announce(pair, {Prefix("198.51.100.1/32")}, attributes);
  pair.RunUntil(Milliseconds(10));
  CHECK(pair.session(0).codec_context().is_ibgp);
  const auto routes = pair.Events<RoutesReceived>(1);
  REQUIRE(routes.size() == 1);
  CHECK(routes[0].attributes.local_pref == 100u);
}

}  // namespace
}  // namespace metallab::bgp
