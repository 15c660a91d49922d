#include "sim/scenario/event_text.h"

#include <type_traits>
#include <variant>

#include "sim/scenario/fault_actions.h"

namespace metallab::sim {
namespace {

using Lines = std::vector<std::string>;

// A table's rows, indented under the command.
Lines TableLines(const std::string& table) {
  Lines lines;
  size_t start = 0;
  while (start < table.size()) {
    size_t end = table.find('\n', start);
    if (end == std::string::npos) end = table.size();
    lines.push_back("  " + table.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Lines FaultLines(const FaultApplied& fault) {
  Lines lines{"fault: " + fault.action + (fault.target.empty() ? "" : " " + fault.target)};
  if (fault.effect == FaultEffect::kNoRunningSpeaker) {
    lines.push_back("  (no running speaker on " + fault.target + ")");
  } else if (fault.effect == FaultEffect::kNoStoppedSpeaker) {
    lines.push_back("  (no stopped speaker on " + fault.target + ")");
  }
  if (IsGroupFault(fault.action)) {
    std::string names;
    for (const std::string& name : fault.cut_off) names += (names.empty() ? "" : ", ") + name;
    const bool cuts = fault.action == "partition" || fault.action == "block-membership";
    const char* what = IsMembershipBlock(fault.action)
                           ? (cuts ? "membership cut off: " : "membership reconnected: ")
                           : (cuts ? "cut off: " : "reconnected: ");
    lines.push_back(std::string("  ") + what + names);
  }
  return lines;
}

Lines AnnouncementLines(const speaker::AnnouncementChange& change) {
  const std::string how = change.protocol == speaker::AnnouncementProtocol::kBgp ? " over BGP" : "";
  const std::string what = change.ip.ToString() + how + " (" + change.service + ")";
  return {change.announcing ? change.node + " announces " + what
                            : change.node + " stops announcing " + what};
}

Lines MembershipLines(const speaker::MembershipNews& news) {
  if (news.event.kind == membership::MembershipEvent::Kind::kMalformed) {
    return {"memberlist on " + news.observer + ": " + news.event.detail};
  }
  const auto headline = MembershipHeadline(news);
  if (!headline) return {};
  return {*headline + ", seen by " + news.observer};
}

Lines SpeakerLines(const speaker::SpeakerEvent& event) {
  if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event)) {
    return AnnouncementLines(*change);
  }
  if (const auto* news = std::get_if<speaker::MembershipNews>(&event)) {
    return MembershipLines(*news);
  }
  return {};  // status objects and the speaker's other bookkeeping have no words of their own
}

Lines SessionLines(const RouterSessionChange& change) {
  const std::string session = change.router + ": BGP session with " + change.neighbor.ToString();
  if (change.established) return {session + " established"};
  if (change.was_established) return {session + " down (" + change.reason + ")"};
  return {};
}

}  // namespace

std::optional<std::string> MembershipHeadline(const speaker::MembershipNews& news) {
  using Kind = membership::MembershipEvent::Kind;
  const membership::MembershipEvent& event = news.event;
  if (event.kind == Kind::kMalformed) return std::nullopt;
  if (event.kind == Kind::kJoin && event.node == news.observer) return std::nullopt;
  std::string text = "memberlist: " + event.node;
  switch (event.kind) {
    case Kind::kJoin:
      return text + " is alive";
    case Kind::kSuspect:
      return text + " is suspect (" + event.detail + ")";
    case Kind::kLeave:
      return text + (event.state == membership::MemberState::kLeft
                         ? " left"
                         : " is dead (" + event.detail + ")");
    case Kind::kRefute:
      return text + " refutes (" + event.detail + ")";
    case Kind::kProbeFailed:
      return "memberlist: a probe of " + event.node + " failed (" + event.detail + ")";
    case Kind::kHealth:
      return "memberlist: " + event.node + "'s local health " + event.detail;
    case Kind::kMalformed:
      break;
  }
  return std::nullopt;
}

std::vector<std::string> EventLines(const RunEventKind& event) {
  return std::visit(
      [](const auto& e) -> Lines {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, CommandIssued>) {
          return {e.host + "$ " + e.line};
        } else if constexpr (std::is_same_v<E, CommandOutput>) {
          return e.table ? TableLines(e.text) : Lines{e.text};
        } else if constexpr (std::is_same_v<E, ConfigRejected>) {
          return {"  metallb: " + e.message};
        } else if constexpr (std::is_same_v<E, FaultApplied>) {
          return FaultLines(e);
        } else if constexpr (std::is_same_v<E, ServiceEvent>) {
          return {"event: service/" + e.service + " " + e.type + " " + e.reason + ": " + e.message};
        } else if constexpr (std::is_same_v<E, speaker::SpeakerEvent>) {
          return SpeakerLines(e);
        } else if constexpr (std::is_same_v<E, RouterSessionChange>) {
          return SessionLines(e);
        } else if constexpr (std::is_same_v<E, RouterRouteChange>) {
          return {Describe(e.change)};
        } else {
          static_assert(std::is_same_v<E, ClusterLifecycleEvent> ||
                        std::is_same_v<E, NeighbourChange> || std::is_same_v<E, RouteSampled> ||
                        std::is_same_v<E, ProbeAttempt>);
          return {};
        }
      },
      event);
}

}  // namespace metallab::sim
