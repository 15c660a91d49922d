// core/speaker driven directly, with no simulator: MetalLB's reconcile, election changes, the
// SIGTERM leave, the link rescan, ServiceL2Status objects, and BGP session and route sync.
#include "core/speaker/speaker.h"

#include <catch2/catch.hpp>

#include "core/crypto/sha256.h"
#include "core/layer2/owner_election.h"
#include "core/speaker/service_explanation.h"
#include "speaker_cluster.h"

namespace metallab::speaker {
namespace {

using runtime::Milliseconds;
using runtime::Seconds;
using testing::SpeakerCluster;

// The owner MetalLB's election names for the cluster's Service among `live` nodes.
std::string ElectedOwner(const SpeakerCluster& cluster, const std::set<std::string>& live) {
  layer2::ElectionInput input;
  const layer2::LoadBalancerService& service = cluster.view().services.front();
  input.service = {service.ns, service.name, service.ips.front().ToString(), service.traffic_policy,
                   service.allow_shared_ip};
  input.endpoints = service.endpoints;
  input.nodes = cluster.view().nodes;
  input.live_members = live;
  input.advertisements = {layer2::ElectionAdvertisement{}};
  const auto result = layer2::ElectOwner(input);
  REQUIRE(result.owner);
  return *result.owner;
}

std::set<std::string> AllNodes(const SpeakerCluster& cluster) {
  std::set<std::string> names;
  for (int k = 0; k < cluster.size(); ++k) names.insert(SpeakerCluster::Name(k));
  return names;
}

TEST_CASE("once memberlist converges exactly one speaker announces, the one the election names",
          "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(5));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  CHECK(cluster.AnnouncersAt(Seconds(5)) == std::vector<std::string>{owner});
  for (int k = 0; k < cluster.size(); ++k) {
    INFO(SpeakerCluster::Name(k));
    REQUIRE(cluster.speaker(k).announcer() != nullptr);
    CHECK(cluster.speaker(k).announcer()->Announces(SpeakerCluster::kVip) ==
          (SpeakerCluster::Name(k) == owner));
    CHECK(cluster.speaker(k).memberlist()->Members().size() == 3);
  }
}

TEST_CASE("when the owner loses power another takes over once memberlist declares it dead",
          "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(10));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  cluster.Stop(cluster.IndexOf(owner), StopReason::kPowerLoss);
  cluster.RunUntil(Seconds(30));
  std::set<std::string> survivors = AllNodes(cluster);
  survivors.erase(owner);
  const std::string heir = ElectedOwner(cluster, survivors);
  // Still reported as announcing by the dead node's own log (it said nothing as it died): the
  // heir is the one whose announcement began after the power loss.
  runtime::Instant took_over = runtime::kNoDeadline;
  for (const auto& logged : cluster.events()) {
    const auto* change = std::get_if<AnnouncementChange>(&logged.event);
    if (change && change->node == heir && change->announcing && change->at > Seconds(10)) {
      took_over = std::min(took_over, change->at);
    }
  }
  INFO("took over after " << (took_over - Seconds(10)) << " ns");
  // Probe failures and the suspicion of a 3-node cluster: seconds, not the 1 s of a leave.
  CHECK(took_over - Seconds(10) > Seconds(2));
  CHECK(took_over - Seconds(10) < Seconds(9));
}

TEST_CASE("a node labelled exclude-from-external-load-balancers hands the VIP on at the resync",
          "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(5));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  cluster.ChangeView([&owner](StaticClusterView& view) {
    for (layer2::ElectionNode& node : view.nodes) {
      if (node.name == owner) node.labels[std::string(layer2::kExcludeFromLoadBalancersLabel)] = "";
    }
  });
  cluster.RunUntil(Seconds(5) + Milliseconds(1));
  const auto announcers = cluster.AnnouncersAt(cluster.now());
  REQUIRE(announcers.size() == 1);
  CHECK(announcers.front() != owner);
}

TEST_CASE("a Service whose IP changes is withdrawn from its old IP first, as MetalLB does",
          "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(5));
  const net::IpAddress moved = *net::IpAddress::Parse("198.51.100.77");
  cluster.ChangeView([&moved](StaticClusterView& view) { view.services.front().ips = {moved}; });
  cluster.RunUntil(Seconds(5) + Milliseconds(1));
  int announcing_new = 0;
  for (int k = 0; k < cluster.size(); ++k) {
    INFO(SpeakerCluster::Name(k));
    CHECK_FALSE(cluster.speaker(k).announcer()->Announces(SpeakerCluster::kVip));
    if (cluster.speaker(k).announcer()->Announces(moved)) ++announcing_new;
  }
  CHECK(announcing_new == 1);
  bool withdrawn = false;
  for (const auto& logged : cluster.events()) {
    const auto* change = std::get_if<AnnouncementChange>(&logged.event);
    if (change && !change->announcing && change->ip == SpeakerCluster::kVip) withdrawn = true;
  }
  CHECK(withdrawn);
}

// The last reason each node gave for not announcing, by node, up to `at`.
std::map<std::string, NotAnnounced> LastReasons(const SpeakerCluster& cluster,
                                                runtime::Instant at) {
  std::map<std::string, NotAnnounced> last;
  for (const auto& logged : cluster.events()) {
    if (const auto* refusal = std::get_if<NotAnnounced>(&logged.event);
        refusal && refusal->at <= at)
      last[refusal->node] = *refusal;
    if (const auto* change = std::get_if<AnnouncementChange>(&logged.event);
        change && change->announcing && change->at <= at)
      last.erase(change->node);
  }
  return last;
}

TEST_CASE("why not announced: the others name the owner, an excluded node its label", "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(5));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  std::map<std::string, NotAnnounced> reasons = LastReasons(cluster, Seconds(5));
  CHECK(reasons.size() == 2);
  CHECK_FALSE(reasons.contains(owner));
  for (const auto& [node, refusal] : reasons) {
    INFO(node);
    CHECK(refusal.reason == NotAnnouncedReason::kNotOwner);
    CHECK(refusal.owner == owner);
    CHECK(refusal.service == "default/web");
  }
  // Reported when it changes, not at every reconciliation: a resync that changes nothing adds
  // no reason.
  size_t before = 0;
  for (const auto& logged : cluster.events())
    before += std::holds_alternative<NotAnnounced>(logged.event);
  cluster.ChangeView([](StaticClusterView&) {});
  cluster.RunUntil(Seconds(6));
  size_t after = 0;
  for (const auto& logged : cluster.events())
    after += std::holds_alternative<NotAnnounced>(logged.event);
  CHECK(after == before);

  cluster.ChangeView([&owner](StaticClusterView& view) {
    for (layer2::ElectionNode& node : view.nodes) {
      if (node.name == owner) node.labels[std::string(layer2::kExcludeFromLoadBalancersLabel)] = "";
    }
  });
  cluster.RunUntil(Seconds(7));
  reasons = LastReasons(cluster, Seconds(7));
  REQUIRE(reasons.contains(owner));
  CHECK(reasons.at(owner).reason == NotAnnouncedReason::kExcludedByLabel);
  CHECK(NotAnnouncedReasonName(reasons.at(owner).reason) == "excludedByLabel");
  CHECK(reasons.size() == 2);  // the heir announces now

  cluster.ChangeView([](StaticClusterView& view) { view.services.front().endpoints.clear(); });
  cluster.RunUntil(Seconds(8));
  reasons = LastReasons(cluster, Seconds(8));
  REQUIRE(reasons.size() == 3);
  for (const auto& [node, refusal] : reasons)
    CHECK(refusal.reason == NotAnnouncedReason::kNoServingEndpoints);
}

TEST_CASE("the new owner's gratuitous rounds are reported, one per link and IP", "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(10));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  size_t rounds = 0;
  for (const auto& logged : cluster.events()) {
    const auto* sent = std::get_if<GratuitousSent>(&logged.event);
    if (sent == nullptr) continue;
    ++rounds;
    CHECK(sent->ip == SpeakerCluster::kVip);
    CHECK(sent->link == "eth0");
    CHECK(sent->packets == 2);  // an ARP request and an ARP reply
  }
  // Before memberlist converged every node owned the VIP for a moment and sent its burst; the
  // owner's burst is among them.
  CHECK(rounds >= 1);
  bool owner_sent = false;
  for (const auto& logged : cluster.events()) {
    const auto* sent = std::get_if<GratuitousSent>(&logged.event);
    owner_sent |= sent != nullptr && sent->node == owner;
  }
  CHECK(owner_sent);
}

TEST_CASE("SIGTERM: the owner keeps answering until its leave is gossiped, then hands over",
          "[speaker]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(10));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  const int k = cluster.IndexOf(owner);
  cluster.Stop(k, StopReason::kSigterm);
  CHECK(cluster.speaker(k).running());  // leaving, still answering ARP
  CHECK(cluster.speaker(k).announcer()->Announces(SpeakerCluster::kVip));
  cluster.RunUntil(Seconds(12));
  CHECK_FALSE(cluster.speaker(k).running());
  runtime::Instant withdrawn = runtime::kNoDeadline;
  runtime::Instant taken = runtime::kNoDeadline;
  for (const auto& logged : cluster.events()) {
    const auto* change = std::get_if<AnnouncementChange>(&logged.event);
    if (!change || change->at < Seconds(10)) continue;
    if (change->node == owner && !change->announcing) withdrawn = std::min(withdrawn, change->at);
    if (change->node != owner && change->announcing) taken = std::min(taken, change->at);
  }
  CHECK(withdrawn <= Seconds(11));  // within the leave timeout
  CHECK(taken - Seconds(10) < Milliseconds(1500));
  CHECK(cluster.AnnouncersAt(Seconds(12)).size() == 1);
}

TEST_CASE("a link change reaches the announcer at the next rescan, not before", "[speaker]") {
  SpeakerCluster cluster(1);
  cluster.StartAll();
  cluster.RunUntil(Seconds(1));
  const Speaker& speaker = cluster.speaker(0);
  REQUIRE(speaker.announcer()->Announces(SpeakerCluster::kVip));
  CHECK(speaker.announcer()->LinksFor(SpeakerCluster::kVip) == std::vector<std::string>{"eth0"});
  cluster.host(0).link().up = false;  // the cable pulled at 1 s
  cluster.RunUntil(Seconds(9));
  CHECK(speaker.announcer()->LinksFor(SpeakerCluster::kVip) == std::vector<std::string>{"eth0"});
  cluster.RunUntil(Seconds(11));  // the rescan every 10 s from the start
  CHECK(speaker.announcer()->LinksFor(SpeakerCluster::kVip).empty());
}

TEST_CASE("v0.14 and later: the ServiceL2Status object comes with the announcement, goes with it",
          "[speaker]") {
  SpeakerOptions options;
  options.writes_l2_status = true;
  SpeakerCluster cluster(1, options);
  cluster.StartAll();
  cluster.RunUntil(Seconds(1));
  cluster.ChangeView([](StaticClusterView& view) { view.services.clear(); });
  cluster.RunUntil(Seconds(2));
  std::vector<std::string> log;
  for (const auto& logged : cluster.events()) {
    if (const auto* status = std::get_if<Layer2StatusChange>(&logged.event)) {
      log.push_back(std::string(status->present ? "status+" : "status-") + " " + status->service);
    } else if (const auto* change = std::get_if<AnnouncementChange>(&logged.event)) {
      log.push_back(std::string(change->announcing ? "announce " : "withdraw ") +
                    change->ip.ToString());
    }
  }
  CHECK(log == std::vector<std::string>{"status+ default/web", "announce 198.51.100.10",
                                        "status- default/web", "withdraw 198.51.100.10"});
}

// BGP mode: one BGPPeer (the router, AS 64513) and an advertisement of the pool.
SpeakerCluster BgpCluster() {
  SpeakerCluster cluster(1);
  cluster.ChangeView([](StaticClusterView& view) {
    view.config.l2_advertisements.clear();
    config::BgpPeer peer;
    peer.name = "router";
    peer.my_asn = 64512;
    peer.peer_asn = 64513;
    peer.address = SpeakerCluster::kRouter;
    view.config.peers.push_back(peer);
    config::BgpAdvertisement advertisement;
    advertisement.name = "all";
    advertisement.pools = {"pool"};
    view.config.bgp_advertisements.push_back(advertisement);
  });
  cluster.AddRouter();
  return cluster;
}

TEST_CASE("BGP: the session comes up, the Service's /32 goes out with MetalLB's attributes",
          "[speaker][bgp]") {
  SpeakerCluster cluster = BgpCluster();
  cluster.StartAll();
  cluster.RunUntil(Seconds(1));
  REQUIRE(cluster.router(0)->state() == bgp::SessionState::kEstablished);
  REQUIRE(cluster.speaker(0).bgp()->Session("router") != nullptr);
  CHECK(cluster.speaker(0).bgp()->Session("router")->state() == bgp::SessionState::kEstablished);
  REQUIRE_FALSE(cluster.routes_received(0).empty());
  const bgp::RoutesReceived& update = cluster.routes_received(0).front();
  CHECK(update.announced == std::vector<net::IpPrefix>{*net::IpPrefix::Parse("198.51.100.10/32")});
  CHECK(update.attributes.origin == bgp::Origin::kIgp);
  CHECK(update.attributes.as_path == bgp::SequenceOf({64512}));  // eBGP: MetalLB's AS
  CHECK(update.attributes.next_hop == SpeakerCluster::Address(0));
  CHECK(cluster.AnnouncersAt(Seconds(1), AnnouncementProtocol::kBgp) ==
        std::vector<std::string>{"node-1"});
  CHECK(cluster.AnnouncersAt(Seconds(1)).empty());  // no L2Advertisement: no ARP
}

TEST_CASE("BGP: a Service that goes is withdrawn, and a closed session reconnects",
          "[speaker][bgp]") {
  SpeakerCluster cluster = BgpCluster();
  cluster.StartAll();
  cluster.RunUntil(Seconds(1));
  REQUIRE(cluster.router(0)->state() == bgp::SessionState::kEstablished);
  cluster.ChangeView([](StaticClusterView& view) { view.services.clear(); });
  cluster.RunUntil(Seconds(2));
  REQUIRE(cluster.routes_received(0).size() >= 2);
  CHECK(cluster.routes_received(0).back().withdrawn ==
        std::vector<net::IpPrefix>{*net::IpPrefix::Parse("198.51.100.10/32")});
  CHECK(cluster.AnnouncersAt(Seconds(2), AnnouncementProtocol::kBgp).empty());

  // The router goes away and comes back: the speaker reconnects by itself.
  cluster.StopRouter(0);
  cluster.RunUntil(Seconds(3));
  CHECK(cluster.speaker(0).bgp()->Session("router")->state() != bgp::SessionState::kEstablished);
  cluster.StartRouter(0);
  cluster.RunUntil(Seconds(60));
  CHECK(cluster.speaker(0).bgp()->Session("router")->state() == bgp::SessionState::kEstablished);
}

TEST_CASE("BGP: why a Service is not advertised, reported as the reason changes",
          "[speaker][bgp]") {
  SpeakerCluster cluster = BgpCluster();
  cluster.StartAll();
  cluster.RunUntil(Seconds(1));
  const auto refusals = [&cluster] {
    std::vector<bgpadvert::Verdict> verdicts;
    for (const auto& logged : cluster.events()) {
      if (const auto* refusal = std::get_if<NotAdvertised>(&logged.event)) {
        CHECK(refusal->service == "default/web");
        verdicts.push_back(refusal->verdict);
      }
    }
    return verdicts;
  };
  CHECK(refusals().empty());  // advertised
  cluster.ChangeView([](StaticClusterView& view) {
    view.nodes.front().labels[std::string(layer2::kExcludeFromLoadBalancersLabel)] = "";
  });
  cluster.RunUntil(Seconds(2));
  cluster.ChangeView([](StaticClusterView& view) {
    view.services.front().traffic_policy = layer2::ExternalTrafficPolicy::kLocal;
  });  // still excluded: the same reason, not reported again
  cluster.RunUntil(Seconds(3));
  cluster.ChangeView([](StaticClusterView& view) {
    view.nodes.front().labels.clear();
    view.services.front().endpoints.front().node = "elsewhere";
  });
  cluster.RunUntil(Seconds(4));
  CHECK(refusals() == std::vector<bgpadvert::Verdict>{bgpadvert::Verdict::kNodeExcluded,
                                                      bgpadvert::Verdict::kNoLocalEndpoints});
  CHECK(bgpadvert::VerdictReason(refusals().back()) == "noLocalEndpoints");
}

TEST_CASE("explain: each speaker's election, candidates with their hashes, and its reason",
          "[speaker][explain]") {
  SpeakerCluster cluster(3);
  cluster.StartAll();
  cluster.RunUntil(Seconds(5));
  const std::string owner = ElectedOwner(cluster, AllNodes(cluster));
  cluster.ChangeView([&owner](StaticClusterView& view) {
    for (layer2::ElectionNode& node : view.nodes) {
      if (node.name != owner) continue;
      node.labels[std::string(layer2::kExcludeFromLoadBalancersLabel)] = "";
    }
  });
  cluster.RunUntil(Seconds(6));
  std::set<std::string> without = AllNodes(cluster);
  without.erase(owner);
  const std::string heir = ElectedOwner(cluster, without);
  for (int k = 0; k < cluster.size(); ++k) {
    const auto explanation = ExplainService(cluster.speaker(k), cluster.view(), "default/web");
    REQUIRE(explanation);
    INFO(explanation->node);
    CHECK(explanation->running);
    CHECK_FALSE(explanation->bgp);  // no BGPAdvertisement for the pool
    REQUIRE(explanation->layer2);
    const Layer2Explanation& l2 = *explanation->layer2;
    CHECK(l2.key == "198.51.100.10");
    REQUIRE(l2.live_members);
    CHECK(l2.live_members->size() == 3);
    REQUIRE(l2.ranking.size() == 2);
    CHECK(l2.ranking.front().node == heir);
    CHECK(l2.ranking.front().hash == crypto::ToHex(crypto::Sha256(heir + "#198.51.100.10")));
    REQUIRE(l2.not_candidates.size() == 1);
    CHECK(l2.not_candidates.front().node == owner);
    CHECK(l2.not_candidates.front().reason == layer2::Ineligibility::kExcludedByLabel);
    const std::string& self = explanation->node;
    CHECK(l2.announces == (self == heir));
    // What explain says agrees with what the speaker did.
    CHECK(cluster.speaker(k).announcer()->Announces(SpeakerCluster::kVip) == l2.announces);
    if (self == owner) CHECK(l2.reason == NotAnnouncedReason::kExcludedByLabel);
    if (self != owner && self != heir) CHECK(l2.reason == NotAnnouncedReason::kNotOwner);
  }
  CHECK_FALSE(ExplainService(cluster.speaker(0), cluster.view(), "default/none"));
  cluster.Stop(0, StopReason::kCrash);
  const auto stopped = ExplainService(cluster.speaker(0), cluster.view(), "default/web");
  REQUIRE(stopped);
  CHECK_FALSE(stopped->running);
  CHECK_FALSE(stopped->layer2);
}

TEST_CASE("the same seed gives the same events", "[speaker]") {
  const auto run = [](uint64_t seed) {
    SpeakerCluster cluster(3, {}, seed);
    cluster.StartAll();
    cluster.RunUntil(Seconds(10));
    cluster.Stop(cluster.IndexOf(ElectedOwner(cluster, AllNodes(cluster))), StopReason::kPowerLoss);
    cluster.RunUntil(Seconds(30));
    std::vector<std::string> log;
    for (const auto& logged : cluster.events()) {
      if (const auto* change = std::get_if<AnnouncementChange>(&logged.event)) {
        log.push_back(std::to_string(change->at) + " " + change->node +
                      (change->announcing ? " +" : " -"));
      } else if (const auto* news = std::get_if<MembershipNews>(&logged.event)) {
        log.push_back(std::to_string(news->event.at) + " " + news->observer + " " +
                      news->event.node);
      }
    }
    return log;
  };
  const auto first = run(5);
  CHECK_FALSE(first.empty());
  CHECK(first == run(5));
}

}  // namespace
}  // namespace metallab::speaker
