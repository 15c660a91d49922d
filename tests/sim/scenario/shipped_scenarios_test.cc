// Every scenario in scenarios/ runs and its expectations hold; two runs give the same report and
// capture bytes.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "reports/json_report.h"
#include "sim/network/tshark_runner.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"
#include "sim/scenario/transcript.h"

namespace metallab::sim {
namespace {

std::filesystem::path ScenarioDir() {
  const char* root = std::getenv("METALLAB_SOURCE_DIR");
  return std::filesystem::path(root != nullptr ? root : ".") / "scenarios";
}

RunResult RunScenario(const std::string& file, bool capture = false) {
  manifest::Diagnostics diagnostics;
  const auto scenario = LoadScenario((ScenarioDir() / file).string(), diagnostics);
  for (const auto& d : diagnostics.all()) UNSCOPED_INFO(d.ToString());
  REQUIRE(scenario);
  RunOptions options;
  options.capture = capture;
  ScenarioRunner runner(*scenario, options);
  return runner.Run();
}

void CheckExpectations(const RunResult& result) {
  INFO(RenderTranscript(result).Format());
  REQUIRE_FALSE(result.expectations.empty());
  for (const ExpectationResult& expectation : result.expectations) {
    INFO(expectation.text << ": " << expectation.detail);
    CHECK(expectation.passed);
  }
}

TEST_CASE("scenario: metallb-l2-walkthrough", "[scenario][walkthrough]") {
  const RunResult result = RunScenario("metallb-l2-walkthrough.yaml");
  CheckExpectations(result);
  // The walkthrough's kubectl get services, as the user saw it.
  CHECK(RenderTranscript(result).Contains("lb-hname-svc   LoadBalancer"));
}

TEST_CASE("scenario: l2-owner-failure-cluster", "[scenario]") {
  CheckExpectations(RunScenario("l2-owner-failure-cluster.yaml"));
}

TEST_CASE("scenario: l2-owner-failure-local", "[scenario]") {
  CheckExpectations(RunScenario("l2-owner-failure-local.yaml"));
}

TEST_CASE("scenario: l2-shared-ip-tcp-udp", "[scenario]") {
  CheckExpectations(RunScenario("l2-shared-ip-tcp-udp.yaml"));
}

TEST_CASE("scenario: l2-graceful-shutdown", "[scenario]") {
  CheckExpectations(RunScenario("l2-graceful-shutdown.yaml"));
}

TEST_CASE("scenario: l2-memberlist-disabled", "[scenario]") {
  CheckExpectations(RunScenario("l2-memberlist-disabled.yaml"));
}

TEST_CASE("scenario: l2-partition", "[scenario]") {
  CheckExpectations(RunScenario("l2-partition.yaml"));
}

TEST_CASE("scenario: l2-membership-blocked", "[scenario]") {
  CheckExpectations(RunScenario("l2-membership-blocked.yaml"));
}

TEST_CASE("scenario: l2-client-behind-router", "[scenario]") {
  CheckExpectations(RunScenario("l2-client-behind-router.yaml"));
}

TEST_CASE("scenario: l2-ipv6-ndp", "[scenario]") {
  CheckExpectations(RunScenario("l2-ipv6-ndp.yaml"));
}

TEST_CASE(
    "tshark reads a scenario's capture: no malformed frame, the speakers' NDP answers as "
    "MetalLB sends them",
    "[scenario][tshark]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const RunResult result = RunScenario("l2-ipv6-ndp.yaml", true);
  const auto rows = testing::TsharkFields(
      result.pcap, "",
      {"frame.protocols", "_ws.malformed", "icmpv6.type", "icmpv6.nd.na.flag.s",
       "icmpv6.nd.na.flag.o", "ipv6.dst", "icmpv6.nd.na.target_address"});
  REQUIRE(rows.size() > 100);
  int unsolicited = 0;
  int solicited = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 1);
    INFO(row[0]);
    CHECK(row[0].find("malformed") == std::string::npos);
    CHECK((row.size() < 2 || row[1].empty()));
    // Neighbor Advertisements for the VIP: the speakers' (the hosts' kernels answer for their own
    // addresses, with Override as RFC 4861 asks).
    if (row.size() >= 7 && row[2] == "136" && row[6] == "2001:db8:1::11") {
      const bool to_all_nodes = row[5] == "ff02::1";
      // MetalLB: unsolicited to ff02::1 with Override; solicited answers without it (spec §3.5).
      if (to_all_nodes) {
        ++unsolicited;
        CHECK(row[4] == "1");
        CHECK(row[3] == "0");
      } else if (row[3] == "1") {
        ++solicited;
        CHECK(row[4] == "0");  // solicited answers do not override
      }
    }
  }
  CHECK(unsolicited >= 5);  // a burst at each take-over
  CHECK(solicited >= 1);
}

TEST_CASE("tshark reads the walkthrough's HTTP through kube-proxy as HTTP, pod names included",
          "[scenario][tshark]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const RunResult result = RunScenario("metallb-l2-walkthrough.yaml", true);
  const auto rows = testing::TsharkFields(result.pcap, "-Y http",
                                          {"frame.protocols", "_ws.malformed", "http.response.code",
                                           "ip.src", "ip.dst", "http.file_data"});
  int responses = 0;
  std::set<std::string> pod_names;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 1);
    INFO(row[0]);
    CHECK(row[0].find("malformed") == std::string::npos);
    CHECK((row.size() < 2 || row[1].empty()));
    if (row.size() < 6 || row[2] != "200") continue;
    ++responses;
    // The client sees answers from the VIP; the pods' own traffic runs between nodes and pods.
    if (row[4] == "192.168.1.200") CHECK((row[3] == "192.168.1.11" || row[3] == "192.168.1.12"));
    if (row[5].rfind("lb-hname-pods-", 0) == 0) pod_names.insert(row[5]);
  }
  CHECK(responses > 100);
  CHECK(pod_names.size() == 3);
}

TEST_CASE("tshark reads a BGP scenario's capture, and its fields agree with the report",
          "[scenario][tshark][bgp]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const RunResult result = RunScenario("bgp-basic.yaml", true);
  const auto rows = testing::TsharkFields(
      result.pcap, "-Y bgp",
      {"_ws.malformed", "bgp.type", "bgp.open.myas", "bgp.nlri_prefix", "ip.src",
       "bgp.update.path_attribute.next_hop", "bgp.update.path_attribute.as_path_segment.as4"});
  REQUIRE(rows.size() > 20);
  std::set<std::string> advertisers;  // who sent an UPDATE for the VIP, by tshark
  std::map<std::string, std::string> open_as;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 2);
    CHECK(row[0].empty());  // no malformed packet
    if (row[1] == "1" && row.size() >= 5) open_as[row[4]] = row[2];
    if (row[1] == "2" && row.size() >= 7 && row[3] == "203.0.113.10") {
      advertisers.insert(row[4]);
      CHECK(row[5] == row[4]);   // NEXT_HOP is the node itself
      CHECK(row[6] == "64512");  // eBGP: the AS_PATH is MetalLB's AS
    }
  }
  CHECK(open_as["192.168.1.1"] == "64513");
  CHECK(open_as["192.168.1.101"] == "64512");
  // The report's BGP announcements name the same nodes tshark saw advertise.
  std::set<std::string> reported;
  for (const AnnouncementInterval& interval : result.announcements) {
    if (interval.protocol == "bgp" && interval.ip == "203.0.113.10") reported.insert(interval.node);
  }
  const std::map<std::string, std::string> node_of = {
      {"192.168.1.101", "w1-k8s"}, {"192.168.1.102", "w2-k8s"}, {"192.168.1.103", "w3-k8s"}};
  std::set<std::string> seen;
  for (const std::string& address : advertisers) seen.insert(node_of.at(address));
  CHECK(seen == reported);
  CHECK(seen.size() == 3);
}

TEST_CASE("tshark reads MetalLB's communities and LOCAL_PREF as the router's RIB holds them",
          "[scenario][tshark][bgp]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const RunResult result = RunScenario("bgp-communities-aggregation.yaml", true);
  // The same scenario's expectations read the router's RIB: 64512:100 and LOCAL_PREF 200 on
  // the /32, NO_ADVERTISE (65535:65282) on the /28.
  CheckExpectations(result);
  const auto rows = testing::TsharkFields(
      result.pcap, "-Y \"bgp.type==2 && bgp.nlri_prefix\"",
      {"bgp.nlri_prefix", "bgp.prefix_length", "bgp.update.path_attribute.community_as",
       "bgp.update.path_attribute.community_value", "bgp.update.path_attribute.community_wellknown",
       "bgp.update.path_attribute.local_pref"});
  int host_routes = 0;
  int aggregates = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 6);
    CHECK(row[0] == "203.0.113.16");
    CHECK(row[5] == "200");
    if (row[1] == "32") {
      ++host_routes;
      CHECK(row[2] == "64512");
      CHECK(row[3] == "100");
    } else {
      ++aggregates;
      CHECK(row[1] == "28");
      CHECK(row[4] == "0xffffff02");  // NO_ADVERTISE
    }
  }
  CHECK(host_routes >= 3);
  CHECK(aggregates >= 3);
}

TEST_CASE("scenario: bgp-basic", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-basic.yaml"));
}

TEST_CASE("scenario: bgp-node-failure", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-node-failure.yaml"));
}

TEST_CASE("scenario: bgp-node-failure-bfd", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-node-failure-bfd.yaml"));
}

TEST_CASE("scenario: bgp-local-policy", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-local-policy.yaml"));
}

TEST_CASE("scenario: bgp-communities-aggregation", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-communities-aggregation.yaml"));
}

TEST_CASE("scenario: bgp-ipv6", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-ipv6.yaml"));
}

TEST_CASE("scenario: bgp-and-layer2", "[scenario][bgp]") {
  CheckExpectations(RunScenario("bgp-and-layer2.yaml"));
}

TEST_CASE("scenario: l2-ipvs-without-strictarp", "[scenario]") {
  CheckExpectations(RunScenario("l2-ipvs-without-strictarp.yaml"));
}

TEST_CASE("scenario: l2-exclude-label", "[scenario]") {
  CheckExpectations(RunScenario("l2-exclude-label.yaml"));
}

TEST_CASE("every shipped scenario has its test case above", "[scenario]") {
  const std::set<std::string> tested = {"metallb-l2-walkthrough.yaml",
                                        "l2-owner-failure-cluster.yaml",
                                        "l2-owner-failure-local.yaml",
                                        "l2-graceful-shutdown.yaml",
                                        "l2-memberlist-disabled.yaml",
                                        "l2-partition.yaml",
                                        "l2-membership-blocked.yaml",
                                        "l2-client-behind-router.yaml",
                                        "l2-ipv6-ndp.yaml",
                                        "l2-ipvs-without-strictarp.yaml",
                                        "l2-exclude-label.yaml",
                                        "l2-shared-ip-tcp-udp.yaml",
                                        "bgp-basic.yaml",
                                        "bgp-node-failure.yaml",
                                        "bgp-node-failure-bfd.yaml",
                                        "bgp-local-policy.yaml",
                                        "bgp-communities-aggregation.yaml",
                                        "bgp-and-layer2.yaml",
                                        "bgp-ipv6.yaml"};
  for (const auto& entry : std::filesystem::directory_iterator(ScenarioDir())) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().filename().string());
    CHECK(tested.count(entry.path().filename().string()) == 1);
  }
}

TEST_CASE("the same scenario and seed give the same report and capture bytes", "[scenario]") {
  const RunResult first = RunScenario("l2-owner-failure-cluster.yaml", true);
  const RunResult second = RunScenario("l2-owner-failure-cluster.yaml", true);
  CHECK(reports::JsonReport(first) == reports::JsonReport(second));
  CHECK(first.pcap == second.pcap);
  CHECK(first.pcap.size() > 1000);
}

}  // namespace
}  // namespace metallab::sim
