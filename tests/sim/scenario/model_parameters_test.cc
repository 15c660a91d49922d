#include "sim/scenario/model_parameters.h"

#include <catch2/catch.hpp>

#include "sim/scenario/scenario_loader.h"

namespace metallab::sim {
namespace {

TEST_CASE("every parameter reads back what it was set to, its default included", "[scenario]") {
  REQUIRE(Parameters().size() >= 25);
  for (const ParameterInfo& info : Parameters()) {
    INFO(info.name);
    Scenario scenario;
    const auto value = ParameterValue(scenario, info.name);
    REQUIRE(value);
    CHECK_FALSE(SetParameter(scenario, info.name, *value));
    CHECK(ParameterValue(scenario, info.name) == value);
  }
  // Names are unique and sorted, so `metallab params` reads like a table of contents.
  for (size_t k = 1; k < Parameters().size(); ++k) {
    CHECK(Parameters()[k - 1].name < Parameters()[k].name);
  }
}

TEST_CASE("parameters reach the models they name", "[scenario]") {
  Scenario scenario;
  CHECK_FALSE(SetParameter(scenario, "memberlist.suspicionMult", "2"));
  CHECK(scenario.metallb.memberlist_config.suspicion_mult == 2);
  CHECK_FALSE(SetParameter(scenario, "kubernetes.nodeMonitorGracePeriod", "20s"));
  CHECK(scenario.model.cluster.node_monitor_grace_period == Seconds(20));
  CHECK_FALSE(SetParameter(scenario, "neighbour.arpAccept", "true"));
  CHECK(scenario.model.neighbour.arp_accept);
  CHECK_FALSE(SetParameterAssignment(scenario, "speaker.periodicGratuitousArp=5s"));
  CHECK(scenario.metallb.periodic_gratuitous == Seconds(5));
}

TEST_CASE("a wrong name, unit or range is refused with what is right", "[scenario]") {
  Scenario scenario;
  const auto unknown = SetParameter(scenario, "memberlist.probeIntervl", "2s");
  REQUIRE(unknown);
  CHECK(unknown->find("closest: memberlist.probeInterval") != std::string::npos);
  const auto unit = SetParameter(scenario, "memberlist.gossipNodes", "3s");
  REQUIRE(unit);
  CHECK(unit->find("is a count") != std::string::npos);
  const auto range = SetParameter(scenario, "memberlist.probeInterval", "0s");
  REQUIRE(range);
  CHECK(*range == "memberlist.probeInterval must be within 1ms..60m, not 0s");
  CHECK(SetParameter(scenario, "neighbour.arpAccept", "yes"));
  CHECK(SetParameterAssignment(scenario, "=1"));
  CHECK(scenario.metallb.memberlist_config.probe_interval == Seconds(1));  // nothing changed
}

TEST_CASE("a scenario's parameters: override, with errors at their keys", "[scenario]") {
  const std::string text = R"(name: p
duration: 10s
topology:
  segments: [{name: lan}]
  nodes: [{name: w1, segment: lan, address: 192.168.1.101/24}]
metallb:
  memberlistTimers: {suspicionMult: 6}
parameters:
  memberlist.suspicionMult: 2
  kubernetes.podStartup: 5s
)";
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario("p.yaml", text, ".", diagnostics);
  REQUIRE(scenario);
  CHECK(scenario->metallb.memberlist_config.suspicion_mult == 2);  // parameters: win
  CHECK(scenario->model.cluster.pod_startup == Seconds(5));

  manifest::Diagnostics bad;
  CHECK_FALSE(ParseScenario("p.yaml", text + "  kubernetes.podStartp: 5s\n", ".", bad));
  REQUIRE(bad.all().size() == 1);
  CHECK(bad.all().front().ToString().find("p.yaml:11:") == 0);
  CHECK(bad.all().front().ToString().find("closest: kubernetes.podStartup") != std::string::npos);
}

TEST_CASE("a percentile expectation reads its own bounds, and one run leaves it to a sweep",
          "[scenario]") {
  const std::string base = R"(name: p
duration: 10s
topology:
  segments: [{name: lan}]
  nodes: [{name: w1, segment: lan, address: 192.168.1.101/24}]
  clients: [{name: c, segment: lan, address: 192.168.1.200/24}]
probes: [{name: web, from: c, arp: 192.168.1.11}]
expect:
)";
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario(
      "p.yaml", base + "  - {probe: web, longestOutage: {p95: {max: 8s}}}\n", ".", diagnostics);
  for (const auto& d : diagnostics.all()) UNSCOPED_INFO(d.ToString());
  REQUIRE(scenario);
  const ExpectationSpec& spec = scenario->expectations.front();
  CHECK(spec.percentile == 95);
  CHECK(spec.max == Seconds(8));
  CHECK(spec.text == "probe web longest outage p95 ≤ 8s");

  manifest::Diagnostics both;
  CHECK_FALSE(ParseScenario(
      "p.yaml", base + "  - {probe: web, longestOutage: {max: 1s, p95: {max: 8s}}}\n", ".", both));
  REQUIRE_FALSE(both.all().empty());
  CHECK(both.all().front().ToString().find("one percentile with its own min and max") !=
        std::string::npos);
}

}  // namespace
}  // namespace metallab::sim
