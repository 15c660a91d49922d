// The MetalLB walkthrough and the e2e assignment scenarios (spec §2.2 reprocess-all, §6
// "Assignment"): who gets which address, who waits, and what survives a restart.
#include <catch2/catch.hpp>

#include "core/controller/service_controller.h"
#include "tests/core/controller/controller_fixtures.h"

namespace metallab::controller {
namespace {

using testing::ConfigOf;
using testing::Events;
using testing::Ingress;
using testing::LbService;
using testing::MakePool;
using testing::Normal;
using testing::Warning;
using Strings = std::vector<std::string>;
using config::BehaviourProfile;

config::Config Walkthrough() {
  return ConfigOf({MakePool("nginx-ip-range", {"192.168.1.11-192.168.1.13"})});
}

TEST_CASE("walkthrough: two services get .11 and .12 in order", "[controller][walkthrough]") {
  const auto profile = GENERATE(BehaviourProfile::kV0_9, BehaviourProfile::kCurrent);
  CAPTURE(config::BehaviourProfileName(profile));
  ServiceController controller({profile, std::nullopt});
  REQUIRE(Walkthrough().pools[0].cidrs.size() == 2);
  REQUIRE_FALSE(controller.SetConfig(Walkthrough()));
  controller.Apply(LbService("lb-hname-svc", {"10.96.120.15"}));
  controller.Apply(LbService("lb-ip-svc", {"10.96.44.2"}));

  CHECK(Ingress(controller, "default/lb-hname-svc") == Strings{"192.168.1.11"});
  CHECK(Ingress(controller, "default/lb-ip-svc") == Strings{"192.168.1.12"});
  const bool v09 = profile == BehaviourProfile::kV0_9;
  CHECK(Events(controller, "default/lb-hname-svc") ==
        std::vector<ServiceEvent>{Normal("IPAllocated", v09 ? R"(Assigned IP "192.168.1.11")"
                                                            : R"(Assigned IP ["192.168.1.11"])")});
  CHECK(Events(controller, "default/lb-ip-svc") ==
        std::vector<ServiceEvent>{Normal("IPAllocated", v09 ? R"(Assigned IP "192.168.1.12")"
                                                            : R"(Assigned IP ["192.168.1.12"])")});
  const auto* state = controller.Find("default/lb-ip-svc");
  REQUIRE(state);
  CHECK(state->pool == (v09 ? std::nullopt : std::optional<std::string>("nginx-ip-range")));
  const auto usage = controller.allocator().Usage("nginx-ip-range");
  CHECK(usage.capacity.total == 3);
  CHECK(usage.in_use_total == 2);
  // Services(): first-seen order.
  const auto services = controller.Services();
  REQUIRE(services.size() == 2);
  CHECK(services[0]->service.name == "lb-hname-svc");
  CHECK(services[1]->service.name == "lb-ip-svc");
}

TEST_CASE("a single-address pool: the second service waits for the first to go",
          "[controller][e2e]") {
  const auto profile = GENERATE(BehaviourProfile::kV0_9, BehaviourProfile::kCurrent);
  CAPTURE(config::BehaviourProfileName(profile));
  ServiceController controller({profile, std::nullopt});
  REQUIRE_FALSE(controller.SetConfig(ConfigOf({MakePool("single", {"192.168.10.0/32"})})));
  controller.Apply(LbService("first"));
  controller.Apply(LbService("second", {"10.96.0.11"}));
  CHECK(Ingress(controller, "default/first") == Strings{"192.168.10.0"});
  CHECK(Ingress(controller, "default/second").empty());
  CHECK(
      Events(controller, "default/second") ==
      std::vector<ServiceEvent>{Warning(
          "AllocationFailed", R"(Failed to allocate IP for "default/second": no available IPs)")});

  SECTION("deleting the first hands the address over") {
    controller.Delete("default/first");
    CHECK(controller.Find("default/first") == nullptr);
    CHECK(Ingress(controller, "default/second") == Strings{"192.168.10.0"});
  }
  SECTION("turning the first into a ClusterIP service hands the address over") {
    auto first = LbService("first");
    first.type = k8s::ServiceType::kClusterIP;
    controller.Apply(first);
    CHECK(Ingress(controller, "default/first").empty());
    if (profile == BehaviourProfile::kV0_9) {
      // v0.9 reprocessed only on deletions and config changes: the second keeps waiting.
      CHECK(Ingress(controller, "default/second").empty());
    } else {
      CHECK(Ingress(controller, "default/second") == Strings{"192.168.10.0"});
      CHECK(controller.Find("default/first")->pool == std::nullopt);
    }
  }
}

TEST_CASE("services holding addresses keep them across controller restarts", "[controller][e2e]") {
  const auto config = ConfigOf({MakePool("pair", {"192.168.20.0/31"})});
  ServiceController first_run({BehaviourProfile::kCurrent, std::nullopt});
  REQUIRE_FALSE(first_run.SetConfig(config));
  first_run.Apply(LbService("a"));
  first_run.Apply(LbService("b"));
  first_run.Delete("default/a");  // b keeps .1, .0 is free
  REQUIRE(Ingress(first_run, "default/b") == Strings{"192.168.20.1"});

  for (int restart = 0; restart < 5; ++restart) {
    CAPTURE(restart);
    // The informer delivers services in any order, before the config; a newcomer listed first
    // must not take the address a holder already has.
    ServiceController controller({BehaviourProfile::kCurrent, std::nullopt});
    controller.Apply(LbService("newcomer"));
    auto held = LbService("b");
    held.ingress_ips = {"192.168.20.1"};
    controller.Apply(held);
    CHECK(Ingress(controller, "default/b") == Strings{"192.168.20.1"});  // untouched so far
    CHECK(Events(controller, "default/b").empty());
    REQUIRE_FALSE(controller.SetConfig(config));
    CHECK(Ingress(controller, "default/b") == Strings{"192.168.20.1"});
    CHECK(Ingress(controller, "default/newcomer") == Strings{"192.168.20.0"});
    CHECK(Events(controller, "default/b").empty());  // re-assigned in place: nothing written
  }
}

TEST_CASE("re-applying a spec keeps the written status", "[controller]") {
  ServiceController controller({BehaviourProfile::kCurrent, std::nullopt});
  REQUIRE_FALSE(controller.SetConfig(Walkthrough()));
  controller.Apply(LbService("a"));
  auto update = LbService("a");
  update.ingress_ips = {"192.168.1.13"};  // users do not write status: ignored
  update.labels["new"] = "label";
  controller.Apply(update);
  CHECK(Ingress(controller, "default/a") == Strings{"192.168.1.11"});
  CHECK(controller.Find("default/a")->service.labels.at("new") == "label");
  CHECK(Events(controller, "default/a").size() == 1);
}

TEST_CASE("before the first config nothing is converged, zero pools clear every status",
          "[controller]") {
  ServiceController controller({BehaviourProfile::kCurrent, std::nullopt});
  auto held = LbService("a");
  held.ingress_ips = {"192.168.1.11"};
  controller.Apply(held);
  controller.Apply(LbService("b"));
  CHECK_FALSE(controller.config_loaded());
  CHECK(Ingress(controller, "default/a") == Strings{"192.168.1.11"});
  CHECK(Events(controller, "default/b").empty());

  REQUIRE_FALSE(controller.SetConfig(Walkthrough()));
  CHECK(Ingress(controller, "default/a") == Strings{"192.168.1.11"});
  CHECK(Ingress(controller, "default/b") == Strings{"192.168.1.12"});

  REQUIRE_FALSE(controller.SetConfig(ConfigOf({})));
  CHECK(Ingress(controller, "default/a").empty());
  CHECK(Ingress(controller, "default/b").empty());
  CHECK(controller.Find("default/a")->pool == std::nullopt);
  CHECK(controller.allocator().allocation_count() == 0);
  // New services wait silently: no pools is an error without an event.
  controller.Apply(LbService("c"));
  CHECK(Events(controller, "default/c").empty());
  // Pools come back: everyone is allocated again.
  REQUIRE_FALSE(controller.SetConfig(Walkthrough()));
  CHECK(Ingress(controller, "default/a") == Strings{"192.168.1.11"});
  CHECK(Ingress(controller, "default/c") == Strings{"192.168.1.13"});
}

TEST_CASE("same inputs, same outputs", "[controller][determinism]") {
  const auto run = [] {
    ServiceController controller({BehaviourProfile::kCurrent, std::nullopt});
    REQUIRE_FALSE(controller.SetConfig(
        ConfigOf({MakePool("a", {"10.0.0.0/30"}), MakePool("b", {"10.0.1.0/31"})})));
    for (int i = 0; i < 8; ++i) {
      auto service = LbService("s" + std::to_string(i));
      if (i % 3 == 0) service.annotations["metallb.io/allow-shared-ip"] = "k";
      service.ports[0].port = 80 + i % 2;
      controller.Apply(service);
    }
    controller.Delete("default/s1");
    controller.SetConfig(
        ConfigOf({MakePool("b", {"10.0.1.0/31"}), MakePool("c", {"10.0.2.0/30"})}));
    std::vector<std::string> trace;
    for (const auto* state : controller.Services()) {
      std::string line = state->service.Key() + " " + state->pool.value_or("-");
      for (const auto& ip : state->service.ingress_ips) line += " " + ip;
      for (const auto& event : state->events) line += " | " + event.reason + ": " + event.message;
      trace.push_back(line);
    }
    return trace;
  };
  const auto first = run();
  CHECK(first == run());
  CHECK(first.size() == 7);
}

}  // namespace
}  // namespace metallab::controller
