// The decision process and multipath of BgpRib, path against path, without a network.
#include "sim/bgp/bgp_rib.h"

#include <catch2/catch.hpp>

#include "core/bgp/as_path.h"
#include "tests/support/addresses.h"

namespace metallab::sim {
namespace {

constexpr uint32_t kLocalAs = 64513;

using ::metallab::testing::Ip;
const net::IpPrefix kPrefix = *net::IpPrefix::Parse("203.0.113.11/32");

// A peer at 192.0.2.<n> with identifier n unless told otherwise.
BgpPeerInfo Peer(uint32_t n, uint32_t as, uint32_t router_id = 0) {
  return BgpPeerInfo{net::IpAddress::V4(0xc0000200u + n), as, router_id == 0 ? n : router_id};
}

bgp::PathAttributes Path(const BgpPeerInfo& peer, std::vector<uint32_t> as_path) {
  bgp::PathAttributes attributes;
  attributes.origin = bgp::Origin::kIgp;
  attributes.as_path = bgp::SequenceOf(std::move(as_path));
  attributes.next_hop = peer.address;
  return attributes;
}

struct Rib {
  explicit Rib(size_t max_paths = 1, bool always_compare_med = false)
      : rib(BgpRibOptions{.local_as = kLocalAs,
                          .max_paths = max_paths,
                          .always_compare_med = always_compare_med}) {}

  std::vector<net::IpPrefix> Add(const BgpPeerInfo& peer, const bgp::PathAttributes& attributes) {
    rib.SetPeer(peer);
    return rib.Announce(peer.address, std::span(&kPrefix, 1), attributes);
  }
  std::vector<net::IpAddress> NextHops() const {
    const LocRibRoute* route = rib.Find(kPrefix);
    return route != nullptr ? route->next_hops : std::vector<net::IpAddress>{};
  }

  BgpRib rib;
};

TEST_CASE("LOCAL_PREF beats a shorter AS path", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, kLocalAs), b = Peer(2, kLocalAs);
  bgp::PathAttributes long_path = Path(a, {64500, 64501, 64502});
  long_path.local_pref = 200;
  rib.Add(a, long_path);
  rib.Add(b, Path(b, {64500}));
  CHECK(rib.NextHops() == std::vector{a.address});
  CHECK(rib.rib.Find(kPrefix)->attributes->local_pref == 200u);
}

TEST_CASE("the shorter AS path wins, an AS_SET counting one", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, 64500), b = Peer(2, 64501);
  rib.Add(a, Path(a, {64500, 64510, 64511}));
  bgp::PathAttributes with_set = Path(b, {64501});
  with_set.as_path->segments.push_back({bgp::AsSegmentType::kSet, {64520, 64521, 64522}});
  rib.Add(b, with_set);
  CHECK(rib.NextHops() == std::vector{b.address});  // length 2 against 3
}

TEST_CASE("the lower ORIGIN wins", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, 64500), b = Peer(2, 64500);
  bgp::PathAttributes incomplete = Path(a, {64500});
  incomplete.origin = bgp::Origin::kIncomplete;
  rib.Add(a, incomplete);
  rib.Add(b, Path(b, {64500}));
  CHECK(rib.NextHops() == std::vector{b.address});
}

TEST_CASE("MED is compared only between paths from the same neighbouring AS", "[bgp][rib]") {
  const BgpPeerInfo a = Peer(1, 64500), b = Peer(2, 64501), c = Peer(3, 64500);
  bgp::PathAttributes a_path = Path(a, {64500}), b_path = Path(b, {64501});
  bgp::PathAttributes c_path = Path(c, {64500});
  a_path.med = 50;
  b_path.med = 10;
  c_path.med = 100;
  SECTION("different ASes: MED ignored, the lower router id decides") {
    Rib rib;
    rib.Add(a, a_path);
    rib.Add(b, b_path);
    CHECK(rib.NextHops() == std::vector{a.address});
  }
  SECTION("always-compare-med: the lower MED wins across ASes") {
    Rib rib(1, /*always_compare_med=*/true);
    rib.Add(a, a_path);
    rib.Add(b, b_path);
    CHECK(rib.NextHops() == std::vector{b.address});
  }
  SECTION("the same AS: the higher MED is eliminated whatever the router id") {
    Rib rib;
    rib.Add(c, c_path);
    rib.Add(a, a_path);
    rib.Add(b, b_path);
    CHECK(rib.NextHops() == std::vector{a.address});  // c eliminated by a; a beats b on id
    c_path.med = 5;
    rib.Add(c, c_path);
    CHECK(rib.NextHops() == std::vector{b.address});  // now a goes; b (id 2) beats c (id 3)
  }
}

TEST_CASE("eBGP beats iBGP", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo internal = Peer(1, kLocalAs), external = Peer(2, 64500);
  rib.Add(internal, Path(internal, {64500}));
  rib.Add(external, Path(external, {64500}));
  CHECK(rib.NextHops() == std::vector{external.address});
}

TEST_CASE("the lowest router id breaks the last tie, then the lowest address", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, 64500, 9), b = Peer(2, 64500, 3), c = Peer(3, 64500, 3);
  rib.Add(a, Path(a, {64500}));
  rib.Add(c, Path(c, {64500}));
  rib.Add(b, Path(b, {64500}));
  CHECK(rib.NextHops() == std::vector{b.address});
  CHECK(rib.rib.Find(kPrefix)->best_peer == b.address);
}

TEST_CASE("multipath takes equal paths from the best path's neighbouring AS", "[bgp][rib]") {
  Rib rib(/*max_paths=*/8);
  const BgpPeerInfo a = Peer(3, 64500), b = Peer(1, 64500), c = Peer(2, 64501);
  const BgpPeerInfo d = Peer(4, 64500);
  rib.Add(a, Path(a, {64500}));
  rib.Add(b, Path(b, {64500}));
  rib.Add(c, Path(c, {64501}));         // another neighbouring AS
  rib.Add(d, Path(d, {64500, 64502}));  // longer
  CHECK(rib.NextHops() == std::vector{b.address, a.address});
  CHECK(rib.rib.Find(kPrefix)->candidates == 4);
}

TEST_CASE("max_paths caps the set in tie-break order, listed by address", "[bgp][rib]") {
  Rib rib(/*max_paths=*/2);
  const BgpPeerInfo a = Peer(1, kLocalAs, 30), b = Peer(2, kLocalAs, 10);
  const BgpPeerInfo c = Peer(3, kLocalAs, 20);
  for (const BgpPeerInfo& peer : {a, b, c}) rib.Add(peer, Path(peer, {}));
  CHECK(rib.NextHops() == std::vector{b.address, c.address});
}

TEST_CASE("unreachable next hops and looped eBGP paths take no part", "[bgp][rib]") {
  BgpRib rib(BgpRibOptions{
      .local_as = kLocalAs, .max_paths = 4, .next_hop_reachable = [](const net::IpAddress& hop) {
        return hop != Ip("192.0.2.1");
      }});
  const BgpPeerInfo a = Peer(1, 64500), b = Peer(2, 64500), c = Peer(3, 64500);
  for (const BgpPeerInfo& peer : {a, b, c}) rib.SetPeer(peer);
  const std::span<const net::IpPrefix> prefix(&kPrefix, 1);
  rib.Announce(a.address, prefix, Path(a, {64500}));                   // unreachable
  rib.Announce(b.address, prefix, Path(b, {64500, kLocalAs, 64501}));  // looped
  CHECK(rib.Find(kPrefix) == nullptr);
  rib.Announce(c.address, prefix, Path(c, {64500, 64501, 64502, 64503}));
  REQUIRE(rib.Find(kPrefix) != nullptr);
  CHECK(rib.Find(kPrefix)->next_hops == std::vector{c.address});
}

TEST_CASE("changes are reported once per prefix that moved", "[bgp][rib]") {
  Rib rib(/*max_paths=*/4);
  const BgpPeerInfo a = Peer(1, kLocalAs), b = Peer(2, kLocalAs);
  CHECK(rib.Add(a, Path(a, {})) == std::vector{kPrefix});
  CHECK(rib.Add(a, Path(a, {})).empty());  // the same again
  CHECK(rib.Add(b, Path(b, {})) == std::vector{kPrefix});
  CHECK(rib.rib.paths() == 2);
  CHECK(rib.rib.Withdraw(b.address, std::span(&kPrefix, 1)) == std::vector{kPrefix});
  CHECK(rib.rib.Withdraw(b.address, std::span(&kPrefix, 1)).empty());
  CHECK(rib.rib.RemovePeerRoutes(a.address) == std::vector{kPrefix});
  CHECK(rib.rib.Find(kPrefix) == nullptr);
  CHECK(rib.rib.paths() == 0);
  CHECK(rib.rib.AdjRibIn(a.address).empty());
}

TEST_CASE("routes from a peer nobody named are ignored", "[bgp][rib]") {
  BgpRib rib(BgpRibOptions{.local_as = kLocalAs});
  const BgpPeerInfo a = Peer(1, kLocalAs);
  CHECK(rib.Announce(a.address, std::span(&kPrefix, 1), Path(a, {})).empty());
  CHECK(rib.size() == 0);
}

TEST_CASE("a peer's new identifier re-runs the tie-break", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, 64500, 5), b = Peer(2, 64500, 6);
  rib.Add(a, Path(a, {64500}));
  rib.Add(b, Path(b, {64500}));
  CHECK(rib.NextHops() == std::vector{a.address});
  CHECK(rib.rib.SetPeer(Peer(2, 64500, 1)) == std::vector{kPrefix});
  CHECK(rib.NextHops() == std::vector{b.address});
}

TEST_CASE("IPv6 routes take their next hop from MP_REACH_NLRI", "[bgp][rib]") {
  Rib rib;
  const BgpPeerInfo a = Peer(1, 64500);
  const net::IpPrefix v6 = *net::IpPrefix::Parse("2001:db8:1::11/128");
  bgp::PathAttributes attributes = Path(a, {64500});
  attributes.next_hop.reset();
  attributes.mp_reach = bgp::MpReach{bgp::kIpv6Unicast, Ip("2001:db8::11"), std::nullopt, {v6}};
  rib.rib.SetPeer(a);
  rib.rib.Announce(a.address, std::span(&v6, 1), attributes);
  REQUIRE(rib.rib.Find(v6) != nullptr);
  CHECK(rib.rib.Find(v6)->next_hops == std::vector{Ip("2001:db8::11")});
}

}  // namespace
}  // namespace metallab::sim
