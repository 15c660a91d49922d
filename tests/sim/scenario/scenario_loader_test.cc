#include "sim/scenario/scenario_loader.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

const char* kMinimal = R"(name: minimal
topology:
  segments: [{name: lan}]
  nodes:
    - {name: n1, segment: lan, address: 192.0.2.1/24}
  clients:
    - {name: c, segment: lan, address: 192.0.2.100}
)";

std::vector<std::string> Errors(const std::string& text) {
  manifest::Diagnostics diagnostics;
  ParseScenario("s.yaml", text, ".", diagnostics);
  std::vector<std::string> errors;
  for (const auto& d : diagnostics.all()) errors.push_back(d.ToString());
  return errors;
}

TEST_CASE("a minimal scenario loads with its defaults", "[scenario]") {
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario("s.yaml", kMinimal, ".", diagnostics);
  REQUIRE(scenario);
  CHECK(scenario->seed == 1);
  CHECK(scenario->duration == Seconds(60));
  REQUIRE(scenario->hosts.size() == 2);
  CHECK(scenario->hosts[0].kubernetes_node);
  CHECK(scenario->hosts[1].prefix_length == 24);
  CHECK(scenario->metallb.memberlist);
}

TEST_CASE("scenario errors name the file, line and column", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - {at: 1s, kubectl: kubectl apply -f https://example.com/metallb.yaml}
  - {at: 2s, kubectl: kubectl port-forward svc/x 8080:80}
  - {at: 3s, fault: power-off, target: n9}
  - {at: soon, fault: explode, target: n1}
probes:
  - {name: p, from: nobody, arp: 192.0.2.11}
expect:
  - {probe: q, longestOutage: {max: 1s}}
  - {colour: blue}
)";
  const auto errors = Errors(text);
  const std::vector<std::string> expected = {
      "s.yaml:9:5: Scenario: nothing is downloaded: \"https://example.com/metallb.yaml\" is not "
      "one of MetalLB's install manifests",
      "s.yaml:10:23: Scenario: steps[1].kubectl: unsupported command \"port-forward\"",
      "s.yaml:11:5: Scenario: fault power-off: no host \"n9\"",
      "s.yaml:12:10: Scenario: steps[3].at: \"soon\" is not a duration: expected a number at "
      "\"soon\"",
      "s.yaml:12:23: Scenario: steps[3].fault: \"explode\" is not a fault (power-off, power-on, "
      "crash-speaker, stop-speaker, start-speaker, link-down, link-up, partition, heal)",
      "s.yaml:14:5: Scenario: probe p: no host \"nobody\"",
      "s.yaml:16:5: Scenario: no probe \"q\"",
      "s.yaml:17:6: Scenario: expect[1].colour: unknown field \"colour\"",
      "s.yaml:17:5: Scenario: an expectation needs service, announcer, probe or event",
  };
  for (const std::string& line : expected) {
    INFO(line);
    CHECK(std::count(errors.begin(), errors.end(), line) == 1);
  }
  CHECK(errors.size() == expected.size());
}

TEST_CASE("topology mistakes are caught before anything runs", "[scenario]") {
  const auto errors = Errors(R"(name: t
topology:
  segments: [{name: lan}, {name: lan}]
  nodes:
    - {name: n1, segment: wan, address: 192.0.2.1/33}
  clients:
    - {name: n1, segment: lan, address: not-an-ip, controlPlane: true}
)");
  CHECK(std::count(errors.begin(), errors.end(),
                   "s.yaml:3:27: Scenario: segment \"lan\" declared twice") == 1);
  CHECK(
      std::count(errors.begin(), errors.end(),
                 "s.yaml:5:41: Scenario: topology.nodes[0].address: \"33\" is not a prefix length "
                 "for 192.0.2.1/33") == 1);
  CHECK(std::count(errors.begin(), errors.end(),
                   "s.yaml:7:41: Scenario: topology.clients[0].address: \"not-an-ip\" is not an IP "
                   "address") == 1);
  CHECK(std::count(errors.begin(), errors.end(),
                   "s.yaml:5:7: Scenario: segment \"wan\" is not declared") == 1);
  CHECK(std::count(errors.begin(), errors.end(), "s.yaml:7:7: Scenario: \"n1\" declared twice") ==
        1);
  CHECK(errors.size() == 6);
}

TEST_CASE("a scenario file that is not one YAML mapping is refused", "[scenario]") {
  CHECK(Errors("- just\n- a list\n").size() == 1);
  CHECK(Errors("a: 1\n---\nb: 2\n").size() == 1);
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(LoadScenario("/nonexistent/scenario.yaml", diagnostics));
  CHECK(diagnostics.HasUnreadable());
}

}  // namespace
}  // namespace metallab::sim
