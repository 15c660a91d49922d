// The run's record: typed events from the shipped scenarios, read the way the report, the
// transcript and the expectations read them.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "sim/scenario/announcement_intervals.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"
#include "sim/scenario/transcript.h"

namespace metallab::sim {
namespace {

RunResult RunShipped(const std::string& file) {
  const char* root = std::getenv("METALLAB_SOURCE_DIR");
  const auto path = std::filesystem::path(root != nullptr ? root : ".") / "scenarios" / file;
  manifest::Diagnostics diagnostics;
  const auto scenario = LoadScenario(path.string(), diagnostics);
  for (const auto& d : diagnostics.all()) UNSCOPED_INFO(d.ToString());
  REQUIRE(scenario);
  return ScenarioRunner(*scenario, {}).Run();
}

template <typename T>
std::vector<std::pair<SimTime, T>> EventsOf(const RunResult& result) {
  std::vector<std::pair<SimTime, T>> found;
  for (const RunEvent& event : result.events) {
    if (const auto* e = std::get_if<T>(&event.what)) found.emplace_back(event.at, *e);
  }
  return found;
}

template <typename T>
std::vector<std::pair<SimTime, T>> SpeakerEventsOf(const RunResult& result) {
  std::vector<std::pair<SimTime, T>> found;
  for (const auto& [at, event] : EventsOf<speaker::SpeakerEvent>(result)) {
    if (const auto* e = std::get_if<T>(&event)) found.emplace_back(at, *e);
  }
  return found;
}

TEST_CASE("the record holds typed events in time order", "[scenario][record]") {
  const RunResult result = RunShipped("l2-owner-failure-cluster.yaml");
  REQUIRE_FALSE(result.events.empty());
  for (size_t k = 1; k < result.events.size(); ++k) {
    REQUIRE(result.events[k - 1].at <= result.events[k].at);
  }

  const auto faults = EventsOf<FaultApplied>(result);
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].first == 30'000'000'000);
  CHECK(faults[0].second.action == "power-off");
  CHECK(faults[0].second.target == "w1-k8s");
  CHECK(faults[0].second.effect == FaultEffect::kApplied);

  // Every surviving speaker hears of w1-k8s's death; the transcript tells it once.
  std::set<std::string> observers;
  for (const auto& [at, news] : SpeakerEventsOf<speaker::MembershipNews>(result)) {
    if (news.event.node == "w1-k8s" && news.event.state == membership::MemberState::kDead) {
      CHECK(at > 30'000'000'000);
      observers.insert(news.observer);
    }
  }
  CHECK(observers == std::set<std::string>{"m-k8s", "w2-k8s", "w3-k8s"});
  size_t told = 0;
  const Transcript transcript = RenderTranscript(result);
  for (const TranscriptLine& line : transcript.lines()) {
    told += line.text.find("memberlist: w1-k8s is dead") != std::string::npos;
  }
  CHECK(told == 1);

  // The take-over: w1-k8s stops with its power, w3-k8s starts after the death is known.
  bool w3_took_over = false;
  for (const auto& [at, change] : SpeakerEventsOf<speaker::AnnouncementChange>(result)) {
    if (change.node == "w3-k8s" && change.announcing) w3_took_over = at > 30'000'000'000;
  }
  CHECK(w3_took_over);
  CHECK(result.announcements.size() == AnnouncementIntervals(result.events).size());
}

TEST_CASE("every probe attempt's outcome is recorded once", "[scenario][record]") {
  const RunResult result = RunShipped("l2-owner-failure-cluster.yaml");
  for (const ProbeResult& probe : result.probes) {
    INFO(probe.name);
    uint64_t attempts = 0;
    uint64_t answered = 0;
    std::set<uint64_t> indices;
    for (const auto& [at, attempt] : EventsOf<ProbeAttempt>(result)) {
      if (attempt.probe != probe.name) continue;
      ++attempts;
      indices.insert(attempt.index);
      if (attempt.answered) {
        ++answered;
        CHECK(*attempt.answered >= attempt.sent);
        CHECK(at == *attempt.answered);
      } else {
        CHECK(at > attempt.sent);
      }
    }
    CHECK(attempts == probe.sent);
    CHECK(indices.size() == probe.sent);
    CHECK(answered == probe.answered);
  }
  // arping names who answered.
  for (const auto& [at, attempt] : EventsOf<ProbeAttempt>(result)) {
    if (attempt.probe == "arp-web" && attempt.answered) CHECK(attempt.responder.size() == 17);
  }
}

TEST_CASE("routers' sessions and routes, and the routes sampled for expectations",
          "[scenario][record]") {
  const RunResult result = RunShipped("bgp-node-failure.yaml");
  bool down = false;
  for (const auto& [at, change] : EventsOf<RouterSessionChange>(result)) {
    if (change.router == "tor" && change.neighbor.ToString() == "192.168.1.101" &&
        !change.established && change.was_established) {
      down = true;
      CHECK(change.reason.find("Hold Timer Expired") != std::string::npos);
    }
  }
  CHECK(down);
  CHECK_FALSE(EventsOf<RouterRouteChange>(result).empty());
  const auto samples = EventsOf<RouteSampled>(result);
  // At 29 s, 90 s (the hold timer still running) and 125 s (expired).
  REQUIRE(samples.size() == 3);
  CHECK(samples[0].first == 29'000'000'000);
  REQUIRE(samples[1].second.route);
  CHECK(samples[1].second.route->next_hops.size() == 3);
  REQUIRE(samples[2].second.route);
  CHECK(samples[2].second.route->next_hops.size() == 2);
}

constexpr const char* kSpeakerFaults = R"(
name: speaker-faults
duration: 12s
topology:
  segments: [{name: lan}]
  nodes:
    - {name: w1, segment: lan, address: 192.168.1.101/24}
    - {name: w2, segment: lan, address: 192.168.1.102/24}
steps:
  - {at: 1s, fault: crash-speaker, target: w1}
  - {at: 2s, kubectl: kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.13.12/config/manifests/metallb-native.yaml}
  - {at: 5s, fault: start-speaker, target: w1}
  - {at: 6s, fault: crash-speaker, target: w1}
  - {at: 7s, fault: start-speaker, target: w1}
expect:
  # The transcript says "seen first by"; every observer's news is an event of its own.
  - {event: 'memberlist: w2 is alive, seen by w1'}
  - {event: 'memberlist: w1 is alive, seen by w2'}
)";

TEST_CASE("a speaker fault with nothing to act on is recorded as such", "[scenario][record]") {
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario("faults.yaml", kSpeakerFaults, ".", diagnostics);
  for (const auto& d : diagnostics.all()) UNSCOPED_INFO(d.ToString());
  REQUIRE(scenario);
  const RunResult result = ScenarioRunner(*scenario, {}).Run();
  const auto faults = EventsOf<FaultApplied>(result);
  REQUIRE(faults.size() == 4);
  CHECK(faults[0].second.effect == FaultEffect::kNoRunningSpeaker);
  CHECK(faults[1].second.effect == FaultEffect::kNoStoppedSpeaker);
  CHECK(faults[2].second.effect == FaultEffect::kApplied);
  CHECK(faults[3].second.effect == FaultEffect::kApplied);
  const Transcript transcript = RenderTranscript(result);
  CHECK(transcript.Contains("(no running speaker on w1)"));
  CHECK(transcript.Contains("(no stopped speaker on w1)"));
  CHECK_FALSE(transcript.Contains("alive, seen by"));
  for (const ExpectationResult& expectation : result.expectations) {
    INFO(expectation.text << ": " << expectation.detail);
    CHECK(expectation.passed);
  }
}

}  // namespace
}  // namespace metallab::sim
