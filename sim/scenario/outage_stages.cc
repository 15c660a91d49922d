#include "sim/scenario/outage_stages.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

#include "sim/scenario/duration_text.h"
#include "sim/scenario/run_result.h"

namespace metallab::sim {
namespace {

using membership::MembershipEvent;

bool TakesAway(const std::string& action) {
  return action == "power-off" || action == "crash-speaker" || action == "stop-speaker" ||
         action == "link-down" || action == "partition" || action == "block-membership";
}

// The events of one fault's window, [from, to).
class Window {
 public:
  Window(const RunResult& result, SimTime from, SimTime to) {
    for (const RunEvent& event : result.events) {
      if (event.at >= from && event.at < to) events_.push_back(&event);
    }
  }

  template <typename T, typename Predicate>
  std::optional<std::pair<SimTime, const T*>> First(Predicate accept) const {
    for (const RunEvent* event : events_) {
      const T* found = Get<T>(event->what);
      if (found != nullptr && accept(event->at, *found)) {
        return std::make_pair(event->at, found);
      }
    }
    return std::nullopt;
  }

  template <typename T, typename Visit>
  void Each(Visit visit) const {
    for (const RunEvent* event : events_) {
      if (const T* found = Get<T>(event->what)) visit(event->at, *found);
    }
  }

 private:
  // A record event, or a speaker's or the cluster's event inside one.
  template <typename T>
  static const T* Get(const RunEventKind& what) {
    if constexpr (std::is_constructible_v<speaker::SpeakerEvent, T>) {
      const auto* speaker_event = std::get_if<speaker::SpeakerEvent>(&what);
      return speaker_event == nullptr ? nullptr : std::get_if<T>(speaker_event);
    } else if constexpr (std::is_constructible_v<ClusterLifecycleEvent, T>) {
      const auto* cluster_event = std::get_if<ClusterLifecycleEvent>(&what);
      return cluster_event == nullptr ? nullptr : std::get_if<T>(cluster_event);
    } else {
      return std::get_if<T>(&what);
    }
  }

  std::vector<const RunEvent*> events_;
};

struct FaultContext {
  const FaultApplied& fault;
  SimTime at;
  std::set<std::string> affected;  // the hosts it takes away or gives back
  bool takes_away;
};

void MembershipStages(const FaultContext& context, const Window& window,
                      std::vector<OutageStage>& stages) {
  const auto first = [&](MembershipEvent::Kind kind, StageKind stage) {
    const auto found =
        window.First<speaker::MembershipNews>([&](SimTime, const speaker::MembershipNews& news) {
          return news.event.kind == kind && context.affected.contains(news.event.node) &&
                 !context.affected.contains(news.observer);
        });
    if (found) {
      const speaker::MembershipNews& news = *found->second;
      const bool left = news.event.state == membership::MemberState::kLeft;
      stages.push_back({stage == StageKind::kDead && left ? StageKind::kLeft : stage, found->first,
                        "", news.observer, news.event.detail});
    }
  };
  if (context.takes_away) {
    first(MembershipEvent::Kind::kProbeFailed, StageKind::kFirstFailedProbe);
    first(MembershipEvent::Kind::kSuspect, StageKind::kSuspect);
    first(MembershipEvent::Kind::kLeave, StageKind::kDead);
  } else {
    first(MembershipEvent::Kind::kJoin, StageKind::kRejoined);
  }
}

void KubernetesStages(const FaultContext& context, const Window& window,
                      std::vector<OutageStage>& stages) {
  if (!context.takes_away) return;
  const auto not_ready = window.First<NodeReadiness>([&](SimTime, const NodeReadiness& change) {
    return !change.ready && context.affected.contains(change.node);
  });
  if (!not_ready) return;
  stages.push_back({StageKind::kNodeNotReady, not_ready->first, "", not_ready->second->node, ""});
  const auto removed =
      window.First<EndpointsPublished>([&](SimTime at, const EndpointsPublished& published) {
        return at >= not_ready->first && std::none_of(published.nodes_with_ready_endpoints.begin(),
                                                      published.nodes_with_ready_endpoints.end(),
                                                      [&](const std::string& node) {
                                                        return context.affected.contains(node);
                                                      });
      });
  if (removed) stages.push_back({StageKind::kEndpointsRemoved, removed->first, "", "", ""});
  const auto evicted = window.First<PodsEvicted>([&](SimTime, const PodsEvicted& eviction) {
    return context.affected.contains(eviction.node);
  });
  if (!evicted) return;
  stages.push_back({StageKind::kPodsEvicted, evicted->first, "", evicted->second->node,
                    std::to_string(evicted->second->count)});
  const auto replaced = window.First<PodReady>([&](SimTime at, const PodReady& pod) {
    return at >= evicted->first && !context.affected.contains(pod.node);
  });
  if (replaced) {
    stages.push_back({StageKind::kPodReadyElsewhere, replaced->first, "", replaced->second->pod,
                      replaced->second->node});
  }
}

// The Layer 2 IPs the fault moves: those the affected hosts announced when it struck (taken
// away), or any whose announcer changes in the window (given back).
std::set<std::string> MovedIps(const FaultContext& context, const RunResult& result,
                               const Window& window, const std::string& protocol) {
  std::set<std::string> ips;
  if (context.takes_away) {
    for (const AnnouncementInterval& interval : result.announcements) {
      if (interval.protocol == protocol && context.affected.contains(interval.node) &&
          interval.from <= context.at && (!interval.to || *interval.to >= context.at)) {
        ips.insert(interval.ip);
      }
    }
  } else if (protocol == "layer2") {
    window.Each<speaker::AnnouncementChange>(
        [&](SimTime, const speaker::AnnouncementChange& change) {
          if (change.announcing && change.protocol == speaker::AnnouncementProtocol::kLayer2)
            ips.insert(change.ip.ToString());
        });
  }
  return ips;
}

void Layer2Stages(const FaultContext& context, const RunResult& result, const Window& window,
                  std::vector<OutageStage>& stages) {
  for (const std::string& ip : MovedIps(context, result, window, "layer2")) {
    const auto announced = window.First<speaker::AnnouncementChange>(
        [&](SimTime, const speaker::AnnouncementChange& change) {
          return change.announcing && change.protocol == speaker::AnnouncementProtocol::kLayer2 &&
                 change.ip.ToString() == ip &&
                 (!context.takes_away || !context.affected.contains(change.node));
        });
    if (!announced) continue;
    const SimTime since = announced->first;
    const std::string& owner = announced->second->node;
    stages.push_back({StageKind::kNewAnnouncer, since, ip, owner, ""});
    const auto gratuitous =
        window.First<speaker::GratuitousSent>([&](SimTime at, const speaker::GratuitousSent& sent) {
          return at >= since && sent.node == owner && sent.ip.ToString() == ip;
        });
    if (gratuitous) {
      stages.push_back(
          {StageKind::kGratuitous, gratuitous->first, ip, owner, gratuitous->second->link});
    }
    const auto neighbour =
        window.First<NeighbourChange>([&](SimTime at, const NeighbourChange& change) {
          return at >= since && !change.mac.empty() && change.ip.ToString() == ip;
        });
    if (neighbour) {
      stages.push_back({StageKind::kNeighbourUpdated, neighbour->first, ip, neighbour->second->host,
                        neighbour->second->mac});
    }
  }
}

bool AnyOf(const std::vector<net::IpAddress>& hops, const std::vector<net::IpAddress>& addresses) {
  return std::any_of(hops.begin(), hops.end(), [&](const net::IpAddress& hop) {
    return std::find(addresses.begin(), addresses.end(), hop) != addresses.end();
  });
}

void BgpStages(const FaultContext& context, const RunResult& result, const Window& window,
               std::vector<OutageStage>& stages) {
  if (!context.takes_away) return;
  const std::vector<net::IpAddress>& addresses = context.fault.addresses;
  std::set<std::pair<std::string, std::string>> told;  // (router, neighbour)
  window.Each<RouterSessionChange>([&](SimTime at, const RouterSessionChange& change) {
    if (change.established ||
        std::find(addresses.begin(), addresses.end(), change.neighbor) == addresses.end())
      return;
    if (!told.insert({change.router, change.neighbor.ToString()}).second) return;
    stages.push_back(
        {StageKind::kSessionDown, at, change.neighbor.ToString(), change.router, change.reason});
  });
  for (const std::string& text : MovedIps(context, result, window, "bgp")) {
    const net::IpAddress ip = *net::IpAddress::Parse(text);
    std::set<std::string> routers;
    window.Each<RouterRouteChange>([&](SimTime at, const RouterRouteChange& route) {
      const RouteChange& change = route.change;
      if (!change.prefix.Contains(ip) || AnyOf(change.next_hops, addresses)) return;
      if (!routers.insert(change.router).second) return;
      std::string left;
      for (const net::IpAddress& hop : change.next_hops) {
        left += (left.empty() ? "" : ", ") + hop.ToString();
      }
      stages.push_back(
          {StageKind::kNextHopRemoved, at, text, change.router, left.empty() ? "none" : left});
    });
  }
}

void ProbeStages(SimTime from, SimTime to, const RunResult& result, FaultAnalysis& analysis) {
  for (const ProbeResult& probe : result.probes) {
    bool first = true;
    for (const Outage& outage : probe.outages) {
      if (outage.start < from || outage.start >= to) continue;
      analysis.outages.push_back({probe.name, outage.start, outage.end});
      if (!std::exchange(first, false)) continue;
      // An outage still open when the run (or the probe) ended was never answered.
      const bool answered =
          std::any_of(result.events.begin(), result.events.end(), [&](const RunEvent& event) {
            const auto* attempt = std::get_if<ProbeAttempt>(&event.what);
            return attempt != nullptr && attempt->probe == probe.name &&
                   attempt->sent == outage.end && attempt->answered;
          });
      if (answered) {
        analysis.stages.push_back(
            {StageKind::kAnswered, outage.end, probe.target.ToString(), probe.name, ""});
      }
    }
  }
}

void FailedShares(const RunResult& result, FaultAnalysis& analysis) {
  const auto removed =
      std::find_if(analysis.stages.begin(), analysis.stages.end(),
                   [](const OutageStage& s) { return s.kind == StageKind::kNextHopRemoved; });
  if (removed == analysis.stages.end()) return;
  std::map<std::string, FailedShare> shares;
  for (const ProbeResult& probe : result.probes) {
    shares[probe.name] = {probe.name, analysis.at, removed->at, 0, 0};
  }
  for (const RunEvent& event : result.events) {
    const auto* attempt = std::get_if<ProbeAttempt>(&event.what);
    if (attempt == nullptr || attempt->sent < analysis.at || attempt->sent >= removed->at) continue;
    FailedShare& share = shares[attempt->probe];
    ++share.sent;
    share.failed += attempt->answered ? 0 : 1;
  }
  for (auto& [name, share] : shares) {
    if (share.sent > 0) analysis.failed_shares.push_back(share);
  }
}

}  // namespace

std::string_view StageName(StageKind kind) {
  switch (kind) {
    case StageKind::kFault:
      return "fault";
    case StageKind::kFirstFailedProbe:
      return "firstFailedProbe";
    case StageKind::kSuspect:
      return "suspect";
    case StageKind::kDead:
      return "dead";
    case StageKind::kLeft:
      return "left";
    case StageKind::kRejoined:
      return "rejoined";
    case StageKind::kNodeNotReady:
      return "nodeNotReady";
    case StageKind::kEndpointsRemoved:
      return "endpointsRemoved";
    case StageKind::kPodsEvicted:
      return "podsEvicted";
    case StageKind::kPodReadyElsewhere:
      return "podReadyElsewhere";
    case StageKind::kNewAnnouncer:
      return "newAnnouncer";
    case StageKind::kGratuitous:
      return "gratuitous";
    case StageKind::kNeighbourUpdated:
      return "neighbourUpdated";
    case StageKind::kSessionDown:
      return "sessionDown";
    case StageKind::kNextHopRemoved:
      return "nextHopRemoved";
    case StageKind::kAnswered:
      return "answered";
  }
  return "unknown";
}

std::vector<FaultAnalysis> AnalyseFaults(const RunResult& result) {
  std::vector<std::pair<SimTime, const FaultApplied*>> faults;
  for (const RunEvent& event : result.events) {
    if (const auto* fault = std::get_if<FaultApplied>(&event.what))
      faults.emplace_back(event.at, fault);
  }
  std::vector<FaultAnalysis> analyses;
  for (size_t k = 0; k < faults.size(); ++k) {
    const auto [at, fault] = faults[k];
    const SimTime until = k + 1 < faults.size() ? faults[k + 1].first : result.end + 1;
    FaultContext context{*fault, at, {}, TakesAway(fault->action)};
    if (fault->cut_off.empty()) {
      context.affected.insert(fault->target);
    } else {
      context.affected.insert(fault->cut_off.begin(), fault->cut_off.end());
    }
    FaultAnalysis analysis{at, fault->action, fault->target, {}, {}, {}};
    analysis.stages.push_back({StageKind::kFault, at, "", fault->target, ""});
    if (fault->effect == FaultEffect::kApplied) {
      const Window window(result, at, until);
      MembershipStages(context, window, analysis.stages);
      KubernetesStages(context, window, analysis.stages);
      Layer2Stages(context, result, window, analysis.stages);
      BgpStages(context, result, window, analysis.stages);
      ProbeStages(at, until, result, analysis);
    }
    std::stable_sort(analysis.stages.begin(), analysis.stages.end(),
                     [](const OutageStage& a, const OutageStage& b) { return a.at < b.at; });
    FailedShares(result, analysis);
    analyses.push_back(std::move(analysis));
  }
  return analyses;
}

namespace {

// Milliseconds are what a reader compares; the report keeps nanoseconds.
std::string ToTheMillisecond(SimDuration duration) {
  return FormatDuration((duration + 500'000) / 1'000'000 * 1'000'000);
}

std::string StageWords(const OutageStage& stage) {
  switch (stage.kind) {
    case StageKind::kFault:
      return "fault";
    case StageKind::kFirstFailedProbe:
      return "first failed probe (" + stage.subject + ")";
    case StageKind::kSuspect:
      return "suspect (" + stage.detail + ")";
    case StageKind::kDead:
      return "dead (" + stage.detail + ")";
    case StageKind::kLeft:
      return "left (seen by " + stage.subject + ")";
    case StageKind::kRejoined:
      return "alive again (seen by " + stage.subject + ")";
    case StageKind::kNodeNotReady:
      return stage.subject + " NotReady";
    case StageKind::kEndpointsRemoved:
      return "its endpoints unready";
    case StageKind::kPodsEvicted:
      return "evicted " + stage.detail + (stage.detail == "1" ? " pod" : " pods");
    case StageKind::kPodReadyElsewhere:
      return stage.subject + " ready on " + stage.detail;
    case StageKind::kNewAnnouncer:
      return stage.subject + " announces " + stage.ip;
    case StageKind::kGratuitous:
      return "its gratuitous round on " + stage.detail;
    case StageKind::kNeighbourUpdated:
      return stage.subject + "'s entry for " + stage.ip + " is " + stage.detail;
    case StageKind::kSessionDown:
      return stage.subject + "'s session with " + stage.ip + " down (" + stage.detail + ")";
    case StageKind::kNextHopRemoved:
      return stage.subject + " routes " + stage.ip + " via " + stage.detail;
    case StageKind::kAnswered:
      return stage.subject + " answered";
  }
  return "";
}

}  // namespace

namespace {

// A BGP failover is the routers' business: their stages alone, and the next hops' removal ends
// it. Otherwise speakers and Kubernetes share the timeline (a UDP flow may wait for the
// EndpointSlices after the IP has moved), and the longest wait is looked for along all of it
// up to the last recovery.
bool OnBgpChain(StageKind kind) {
  return kind == StageKind::kFault || kind == StageKind::kSessionDown ||
         kind == StageKind::kNextHopRemoved;
}

bool IsBgpFailover(const FaultAnalysis& analysis) {
  return std::any_of(analysis.stages.begin(), analysis.stages.end(), [](const OutageStage& stage) {
    return stage.kind == StageKind::kSessionDown || stage.kind == StageKind::kNextHopRemoved;
  });
}

bool Recovers(StageKind kind) {
  return kind == StageKind::kAnswered || kind == StageKind::kNextHopRemoved ||
         kind == StageKind::kPodReadyElsewhere || kind == StageKind::kNeighbourUpdated;
}

}  // namespace

std::string DescribeStages(const FaultAnalysis& analysis) {
  std::string text =
      "stages of " + analysis.kind + (analysis.target.empty() ? "" : " " + analysis.target) + ":";
  if (analysis.stages.size() < 2) return text + " nothing followed";
  for (size_t k = 1; k < analysis.stages.size(); ++k) {
    const OutageStage& stage = analysis.stages[k];
    text +=
        (k == 1 ? " " : ", ") + StageWords(stage) + " +" + ToTheMillisecond(stage.at - analysis.at);
  }
  const bool bgp = IsBgpFailover(analysis);
  std::vector<const OutageStage*> along;
  for (const OutageStage& stage : analysis.stages) {
    if (!bgp || OnBgpChain(stage.kind)) along.push_back(&stage);
  }
  size_t last = along.size() - 1;
  for (size_t k = 0; k < along.size(); ++k) {
    if (Recovers(along[k]->kind)) last = k;
  }
  if (last == 0) return text;
  size_t widest = 1;
  for (size_t k = 2; k <= last; ++k) {
    if (along[k]->at - along[k - 1]->at > along[widest]->at - along[widest - 1]->at) widest = k;
  }
  text += "; longest wait " + std::string(StageName(along[widest - 1]->kind)) + " → " +
          std::string(StageName(along[widest]->kind)) + " (" +
          ToTheMillisecond(along[widest]->at - along[widest - 1]->at) + ")";
  for (const FailedShare& share : analysis.failed_shares) {
    text += "; until the next hop went, " + share.probe + " lost " + std::to_string(share.failed) +
            " of " + std::to_string(share.sent) + " attempts (" +
            std::to_string((share.failed * 100 + share.sent / 2) / share.sent) + "%)";
  }
  return text;
}

}  // namespace metallab::sim
