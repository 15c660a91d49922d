#include "sim/scenario/scenario_loader.h"

#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "tests/support/bounded_child.h"
#include "tests/support/diagnostics_text.h"
#include "tests/support/scratch_dir.h"

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
      "s.yaml:9:23: Scenario: nothing is downloaded: \"https://example.com/metallb.yaml\" is not "
      "one of MetalLB's install manifests",
      "s.yaml:10:23: Scenario: steps[1].kubectl: unsupported command \"port-forward\"",
      "s.yaml:11:5: Scenario: fault power-off: no host \"n9\"",
      "s.yaml:12:10: Scenario: steps[3].at: \"soon\" is not a duration: expected a number at "
      "\"soon\"",
      "s.yaml:12:23: Scenario: steps[3].fault: \"explode\" is not a fault (power-off, power-on, "
      "crash-speaker, stop-speaker, start-speaker, link-down, link-up, partition, heal, "
      "block-membership, unblock-membership)",
      "s.yaml:14:5: Scenario: probe p: no host \"nobody\"",
      "s.yaml:16:5: Scenario: no probe \"q\"",
      "s.yaml:17:6: Scenario: expect[1].colour: unknown field \"colour\"",
      "s.yaml:17:5: Scenario: an expectation needs service, announcer, probe, router or event",
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

namespace metallab::sim {
namespace {

TEST_CASE("HTTP, TCP and UDP probes and curl steps load with their targets", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - {at: 5s, from: c, curl: curl -m 2 192.0.2.11:8080/healthz}
probes:
  - {name: web, from: c, http: 'http://[2001:db8::11]/', interval: 1s}
  - {name: syn, from: c, tcp: '192.0.2.11:443'}
  - {name: dns, from: c, udp: '192.0.2.12:53'}
expect:
  - {probe: web, responders: {min: 2, include: pod-a}}
  - {probe: dns, responders: {include: 192.0.2.100}}
)";
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario("s.yaml", text, ".", diagnostics);
  REQUIRE(scenario);
  REQUIRE(scenario->steps.size() == 1);
  REQUIRE(scenario->steps[0].curl);
  CHECK(scenario->steps[0].curl->from == "c");
  CHECK(scenario->steps[0].curl->command.target.port == 8080);
  CHECK(scenario->steps[0].curl->command.target.path == "/healthz");
  CHECK(scenario->steps[0].curl->command.max_time == Seconds(2));
  REQUIRE(scenario->probes.size() == 3);
  CHECK(scenario->probes[0].kind == ProbeKind::kHttp);
  CHECK(scenario->probes[0].target.ToString() == "2001:db8::11");
  CHECK(scenario->probes[0].port == 80);
  CHECK(scenario->probes[1].kind == ProbeKind::kTcp);
  CHECK(scenario->probes[1].port == 443);
  CHECK(scenario->probes[2].kind == ProbeKind::kUdp);
  REQUIRE(scenario->expectations.size() == 2);
  CHECK(scenario->expectations[0].text ==
        "probe web answered by ≥ 2 distinct answers, among them \"pod-a\"");
  CHECK(scenario->expectations[1].text == "probe dns answered by \"192.0.2.100\"");
}

TEST_CASE("bad probe targets and curl steps are refused where written", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - {at: 5s, from: c, curl: curl -k https://192.0.2.11/}
  - {at: 6s, from: nobody, curl: curl 192.0.2.11}
  - {at: 7s, curl: curl 192.0.2.11}
probes:
  - {name: a, from: c, http: 'http://web.example/'}
  - {name: b, from: c, tcp: '192.0.2.11'}
  - {name: d, from: c, udp: '192.0.2.11:99999'}
  - {name: e, from: c, tcp: '192.0.2.11:80', udp: '192.0.2.11:80'}
expect:
  - {probe: a, responders: {}}
)";
  const auto errors = Errors(text);
  const std::vector<std::string> expected = {
      "s.yaml:9:29: Scenario: steps[0].curl: curl option -k is not simulated (-s, "
      "-m/--max-time are)",
      "s.yaml:11:5: Scenario: steps[2].from: required field is missing",
      "s.yaml:13:30: Scenario: probes[0].http: \"web.example\" is not an IP address (the "
      "simulation has no DNS)",
      "s.yaml:14:29: Scenario: probes[1].tcp: \"192.0.2.11\" needs a port",
      "s.yaml:15:29: Scenario: probes[2].udp: \"99999\" is not a port (1-65535)",
      "s.yaml:16:5: Scenario: a probe has exactly one of `arp: <ip>`, `icmp: <ip>`, `http: "
      "<url>`, `tcp: <ip>:<port>` and `udp: <ip>:<port>`",
      "s.yaml:18:28: Scenario: give max, min, include or some of them",
      "s.yaml:10:5: Scenario: curl: no host \"nobody\"",
  };
  CHECK(errors == expected);
}

}  // namespace
}  // namespace metallab::sim

namespace metallab::sim {
namespace {

TEST_CASE("kubectl apply -f - reads the step's stdin, inline manifests", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - at: 1s
    kubectl: kubectl apply -f -
    stdin: |
      apiVersion: metallb.io/v1beta1
      kind: IPAddressPool
      metadata: {name: lan, namespace: metallb-system}
      spec: {addresses: [192.0.2.10-192.0.2.20]}
)";
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario("s.yaml", text, ".", diagnostics);
  REQUIRE(scenario);
  const auto* apply = std::get_if<KubectlApply>(&*scenario->steps[0].command);
  REQUIRE(apply);
  REQUIRE(apply->files == std::vector<std::string>{"stdin of the step at line 9"});
  REQUIRE(scenario->manifests.count(apply->files[0]) == 1);
  CHECK(scenario->manifests.at(apply->files[0]).size() == 1);
}

TEST_CASE("stdin without `-f -`, and `-f -` without stdin, are refused", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - {at: 1s, kubectl: kubectl apply -f -}
  - {at: 2s, kubectl: kubectl get pods, stdin: 'kind: Pod'}
  - {at: 3s, fault: power-off, target: n1, stdin: 'kind: Pod'}
)";
  const std::vector<std::string> expected = {
      "s.yaml:9:23: Scenario: steps[0].kubectl: `-f -` reads the step's `stdin:`, which is "
      "missing",
      "s.yaml:10:48: Scenario: steps[1].stdin: only a `kubectl apply -f -` step reads stdin",
      "s.yaml:11:51: Scenario: steps[2].stdin: only a `kubectl apply -f -` step reads stdin",
  };
  CHECK(Errors(text) == expected);
}

TEST_CASE("kubectl apply -f of a named pipe is refused at load, not waited on", "[scenario]") {
  testing::ScratchDir dir;
  REQUIRE(::mkfifo((dir.path() / "pipe.yaml").c_str(), 0600) == 0);
  std::string text = kMinimal;
  text += "steps:\n  - {at: 1s, kubectl: kubectl apply -f pipe.yaml}\n";
  const auto outcome = testing::RunInChildWithin(std::chrono::seconds(10), [&] {
    manifest::Diagnostics diagnostics;
    const auto scenario = ParseScenario("s.yaml", text, dir.path().string(), diagnostics);
    return !scenario && diagnostics.HasUnreadable() && diagnostics.all().size() == 1 &&
                   diagnostics.all()[0].message == "not a regular file (a named pipe)"
               ? 1
               : 0;
  });
  CHECK(outcome == 1);
}

TEST_CASE("an unsafe scenario name is refused where written", "[scenario]") {
  const std::string body = std::string(kMinimal).substr(std::string(kMinimal).find('\n') + 1);
  CHECK(Errors("name: ../../evil\n" + body) ==
        std::vector<std::string>{
            "s.yaml:1:7: Scenario: name: \"../../evil\" is not a safe name: a scenario name "
            "names the report and capture files: only letters, digits, '.', '_' and '-'"});
  CHECK(Errors("name: ..\n" + body) ==
        std::vector<std::string>{
            "s.yaml:1:7: Scenario: name: \"..\" is not a safe name: a scenario name starts with "
            "a letter or a digit"});
  CHECK(Errors("name: a/b\n" + body) ==
        std::vector<std::string>{
            "s.yaml:1:7: Scenario: name: \"a/b\" is not a safe name: a scenario name names the "
            "report and capture files: only letters, digits, '.', '_' and '-'"});
  CHECK(Errors("name: ''\n" + body) ==
        std::vector<std::string>{
            "s.yaml:1:7: Scenario: name: \"\" is not a safe name: a scenario name cannot be "
            "empty"});
}

TEST_CASE("kubectl apply -f outside the scenario's folder is refused unless allowed",
          "[scenario]") {
  testing::ScratchDir dir;
  dir.Write("outside.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
  const std::string base = (dir.path() / "scenario").string();
  std::filesystem::create_directories(base + "/sub");
  std::string text = kMinimal;
  text += "steps:\n";
  text += "  - {at: 1s, kubectl: kubectl apply -f ../outside.yaml}\n";
  text +=
      "  - {at: 2s, kubectl: kubectl delete -f " + (dir.path() / "outside.yaml").string() + "}\n";
  text += "  - {at: 3s, kubectl: kubectl apply -f sub/../../outside.yaml}\n";
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(ParseScenario("s.yaml", text, base, diagnostics));
  std::vector<std::string> errors;
  for (const auto& d : diagnostics.all()) errors.push_back(d.ToString());
  const std::string tail =
      ": manifests are read from the scenario's folder and below (metallab run "
      "--allow-outside-manifests reads others)";
  CHECK(errors ==
        std::vector<std::string>{
            "s.yaml:9:23: Scenario: \"../outside.yaml\" is a path that climbs out of the "
            "scenario's folder" +
                tail,
            "s.yaml:10:23: Scenario: \"" + (dir.path() / "outside.yaml").string() +
                "\" is an absolute path" + tail,
            "s.yaml:11:23: Scenario: \"sub/../../outside.yaml\" is a path that climbs out of "
            "the scenario's folder" +
                tail,
        });

  manifest::Diagnostics allowed_diagnostics;
  ScenarioLoadOptions options;
  options.allow_outside_manifests = true;
  const auto allowed = ParseScenario("s.yaml", text, base, allowed_diagnostics, options);
  REQUIRE(allowed);
  CHECK(allowed->manifests.at("../outside.yaml").size() == 1);
}

TEST_CASE("an install URL whose version overflows is a located error", "[scenario]") {
  std::string text = kMinimal;
  text +=
      "steps:\n  - {at: 1s, kubectl: kubectl apply -f "
      "https://raw.githubusercontent.com/metallb/metallb/v2147483648.0.0/config/manifests/"
      "metallb-native.yaml}\n";
  CHECK(Errors(text) ==
        std::vector<std::string>{"s.yaml:9:23: Scenario: MetalLB v2147483648.0.0 is not a MetalLB "
                                 "version: a number is too large"});
}

TEST_CASE("a prefix length is digits within the family's bits", "[scenario]") {
  for (const char* address :
       {"192.0.2.1/-0", "192.0.2.1/+8", "192.0.2.1/33", "192.0.2.1/", "192.0.2.1/99999999999"}) {
    INFO(address);
    std::string text = kMinimal;
    text.replace(text.find("192.0.2.1/24"), 12, address);
    const auto errors = Errors(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("is not a prefix length for") != std::string::npos);
  }
}

TEST_CASE("MetalLB's repeating timers have documented lower and upper bounds", "[scenario]") {
  std::string text = kMinimal;
  text += R"(metallb:
  periodicGratuitousArp: 1ns
  memberlistTimers:
    probeInterval: 1ns
    probeTimeout: 2m
    gossipInterval: 1ns
    pushPullInterval: 1ms
probes:
  - {name: p, from: c, arp: 192.0.2.11, interval: 1us}
)";
  CHECK(
      Errors(text) ==
      std::vector<std::string>{
          "s.yaml:9:26: Scenario: metallb.periodicGratuitousArp: between 1s and 24h (or 0, off), "
          "got 1ns",
          "s.yaml:11:20: Scenario: metallb.memberlistTimers.probeInterval: between 10ms and 1m, "
          "got 1ns",
          "s.yaml:12:19: Scenario: metallb.memberlistTimers.probeTimeout: between 1ms and 1m, got "
          "2m",
          "s.yaml:13:21: Scenario: metallb.memberlistTimers.gossipInterval: between 10ms and 1m, "
          "got 1ns",
          "s.yaml:14:23: Scenario: metallb.memberlistTimers.pushPullInterval: between 1s and 1h "
          "(or 0, off), got 1ms",
          "s.yaml:16:51: Scenario: probes[0].interval: between 1ms and 1h, got 1us",
      });
  std::string off = kMinimal;
  off += "metallb:\n  periodicGratuitousArp: 0\n  memberlistTimers: {pushPullInterval: 0}\n";
  CHECK(Errors(off).empty());
}

TEST_CASE("a legal but expensive scenario loads with a note saying so", "[scenario]") {
  std::string text = kMinimal;
  text += R"(duration: 24h
metallb:
  memberlistTimers: {probeInterval: 10ms, gossipInterval: 10ms}
probes:
  - {name: p, from: c, arp: 192.0.2.11, interval: 1ms}
)";
  manifest::Diagnostics diagnostics;
  REQUIRE(ParseScenario("s.yaml", text, ".", diagnostics));
  std::vector<std::string> notes;
  for (const auto& d : diagnostics.all()) notes.push_back(d.ToString());
  CHECK(notes == std::vector<std::string>{
                     "s.yaml:12:5: note: Scenario: probe p makes 86400000 attempts (every 1ms for "
                     "24h); the run will be slow",
                     "s.yaml:10:3: note: Scenario: memberlist's probe and gossip timers fire "
                     "17280000 times on 1 node over 24h; the run will be slow",
                 });
}

TEST_CASE("a segment's loss is a finite probability", "[scenario]") {
  for (const char* loss : {"nan", "inf", "-0.1", "1.5", "0x0.1", " 0.5", "5e-1x"}) {
    INFO(loss);
    std::string text = kMinimal;
    text.replace(text.find("{name: lan}"), 11, std::string("{name: lan, loss: '") + loss + "'}");
    const auto errors = Errors(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("topology.segments[0].loss: a probability between 0 and 1") !=
          std::string::npos);
  }
  std::string fine = kMinimal;
  fine.replace(fine.find("{name: lan}"), 11, "{name: lan, loss: 0.25}");
  CHECK(Errors(fine).empty());
}

TEST_CASE("steps, probes and expectations must fall inside the run", "[scenario]") {
  std::string text = kMinimal;
  text += R"(duration: 1m
steps:
  - {at: 1m, fault: power-off, target: n1}
  - {at: 61s, fault: power-on, target: n1}
probes:
  - {name: late, from: c, arp: 192.0.2.11, start: 1m}
  - {name: backwards, from: c, arp: 192.0.2.11, start: 30s, stop: 10s}
expect:
  - {announcer: 192.0.2.11, node: none, at: 2m}
  - {probe: late, longestOutage: {max: 0s}}
  - {probe: backwards, longestOutage: {max: 0s}}
)";
  CHECK(Errors(text) ==
        std::vector<std::string>{
            "s.yaml:11:10: Scenario: steps[1].at: 61s is after the end of the run (duration 1m)",
            "s.yaml:13:51: Scenario: probes[0].start: 1m is not before the end of the run "
            "(duration 1m)",
            "s.yaml:14:67: Scenario: probes[1].stop: 10s is not after the probe's start (30s)",
            "s.yaml:16:45: Scenario: expect[0].at: 2m is after the end of the run (duration 1m)",
        });
}

TEST_CASE("no two hosts or routers share an address", "[scenario]") {
  const auto errors = Errors(R"(name: t
topology:
  segments: [{name: lan}]
  nodes:
    - {name: n1, segment: lan, address: 192.0.2.1/24, address6: 2001:db8::1}
    - {name: n2, segment: lan, address: 192.0.2.1/24}
  clients:
    - {name: c, segment: lan, address: 2001:db8::1/64}
  routers:
    - {name: r, interfaces: [{segment: lan, address: 192.0.2.1}]}
)");
  CHECK(errors == std::vector<std::string>{
                      "s.yaml:6:7: Scenario: \"n2\": address 192.0.2.1 is already \"n1\"'s",
                      "s.yaml:8:7: Scenario: \"c\": address 2001:db8::1 is already \"n1\"'s",
                      "s.yaml:10:7: Scenario: \"r\": address 192.0.2.1 is already \"n1\"'s",
                  });
}

TEST_CASE("a key written twice anywhere in a scenario is an error", "[scenario]") {
  const auto errors = Errors(R"(name: first
name: second
topology:
  segments: [{name: lan, latency: 1ms, latency: 2ms}]
  nodes:
    - {name: n1, segment: lan, address: 192.0.2.1/24, labels: {zone: a, zone: b}}
)");
  CHECK(errors ==
        std::vector<std::string>{
            "s.yaml:2:1: Scenario: name: mapping key \"name\" already defined",
            "s.yaml:4:40: Scenario: topology.segments[0].latency: mapping key \"latency\" "
            "already defined",
            "s.yaml:6:73: Scenario: topology.nodes[0].labels.zone: mapping key \"zone\" already "
            "defined",
        });
}

TEST_CASE("an unknown metallb.io kind in an applied manifest is refused at load", "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - at: 1s
    kubectl: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: List
      items:
      - apiVersion: metallb.io/v1beta1
        kind: L2Advertisment
        metadata: {name: l2, namespace: metallb-system}
)";
  CHECK(Errors(text) ==
        std::vector<std::string>{
            "stdin of the step at line 9:5:9: L2Advertisment metallb-system/l2: kind "
            "\"L2Advertisment\" is not a kind of metallb.io (IPAddressPool, L2Advertisement, "
            "BGPAdvertisement, BGPPeer, BFDProfile, Community)"});
}

TEST_CASE(
    "an applied Service the API server would refuse is an error at load, a skipped "
    "ConfigMap a note",
    "[scenario]") {
  std::string text = kMinimal;
  text += R"(steps:
  - at: 1s
    kubectl: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: Bad NS, anotations: {a: b}}
      spec:
        tpye: LoadBalancer
        ports: [{port: 80}]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: config, namespace: metalb-system}
)";
  manifest::Diagnostics diagnostics;
  ParseScenario("s.yaml", text, ".", diagnostics);
  std::vector<std::string> errors, notes;
  for (const auto& d : diagnostics.all()) {
    (d.severity == manifest::Severity::kError ? errors : notes).push_back(d.ToString());
  }
  const auto mentions = [](const std::vector<std::string>& lines, const std::string& what) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.find(what) != line.npos; });
  };
  INFO(testing::DiagnosticsText(diagnostics));
  CHECK(mentions(errors, "stdin of the step at line 9:3:"));  // metadata's line
  CHECK(mentions(errors, "\"Bad NS\" is not a namespace name"));
  CHECK(mentions(errors, "anotations"));
  CHECK(mentions(errors, "stdin of the step at line 9:5:"));  // spec.tpye's line
  CHECK(mentions(errors, "tpye"));
  REQUIRE(notes.size() == 1);
  CHECK(mentions(notes, "only in namespace \"metallb-system\""));
  CHECK(mentions(notes, "this one is in \"metalb-system\""));
}

TEST_CASE("block-membership takes two groups and a direction, other faults take none",
          "[scenario]") {
  const auto with_steps = [](const std::string& steps) {
    return std::string(kMinimal) + "steps:\n" + steps;
  };
  manifest::Diagnostics diagnostics;
  const auto scenario = ParseScenario(
      "s.yaml",
      with_steps("  - {at: 1s, fault: block-membership, groups: [[n1], [c]], direction: a-to-b}\n"),
      ".", diagnostics);
  INFO(testing::DiagnosticsText(diagnostics));
  REQUIRE(scenario);
  const FaultSpec& fault = *scenario->steps.front().fault;
  CHECK(fault.group_a == std::vector<std::string>{"n1"});
  CHECK(fault.group_b == std::vector<std::string>{"c"});
  CHECK(fault.one_way);
  CHECK(Errors(with_steps(
            "  - {at: 1s, fault: block-membership, groups: [[n1], [c]], direction: up}\n")) ==
        std::vector<std::string>{"s.yaml:9:71: Scenario: steps[0].direction: \"up\" is not a "
                                 "direction (both, or a-to-b: only what the first group sends to "
                                 "the second is lost)"});
  CHECK(Errors(with_steps("  - {at: 1s, fault: power-off, target: n1, direction: both}\n")) ==
        std::vector<std::string>{"s.yaml:9:55: Scenario: steps[0].direction: only "
                                 "(un)block-membership takes a direction"});
}

TEST_CASE("a release between the modelled profiles runs with metallb.profile set", "[scenario]") {
  std::string text = kMinimal;
  text +=
      "steps:\n  - {at: 1s, kubectl: kubectl apply -f "
      "https://raw.githubusercontent.com/metallb/metallb/v0.12.1/manifests/metallb.yaml}\n";
  CHECK(Errors(text) == std::vector<std::string>{
                            "s.yaml:9:23: Scenario: MetalLB v0.12.1 is not a modelled profile "
                            "(v0.9, and v0.13 or later); set metallb.profile to the one to run it "
                            "with"});
  manifest::Diagnostics diagnostics;
  const auto scenario =
      ParseScenario("s.yaml", text + "metallb: {profile: v0.9}\n", ".", diagnostics);
  REQUIRE(scenario);
  CHECK(scenario->metallb.profile == config::BehaviourProfile::kV0_9);
}

}  // namespace
}  // namespace metallab::sim
