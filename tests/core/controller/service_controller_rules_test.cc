// Spec §2.1-2.3, 2.5, 2.7 and §5 through the controller: every event reason and message text.
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
using EventList = std::vector<ServiceEvent>;
using config::BehaviourProfile;

ServiceController Current(std::vector<config::Pool> pools,
                          std::optional<std::string> lb_class = std::nullopt) {
  ServiceController controller({BehaviourProfile::kCurrent, std::move(lb_class)});
  REQUIRE_FALSE(controller.SetConfig(ConfigOf(std::move(pools))));
  return controller;
}

ServiceController V09(std::vector<config::Pool> pools) {
  ServiceController controller({BehaviourProfile::kV0_9, std::nullopt});
  REQUIRE_FALSE(controller.SetConfig(ConfigOf(std::move(pools))));
  return controller;
}

TEST_CASE("only LoadBalancer services of our class are handled", "[controller][inputs]") {
  auto controller = Current({MakePool("p", {"10.0.0.0/30"})});
  auto node_port = LbService("np");
  node_port.type = k8s::ServiceType::kNodePort;
  node_port.ingress_ips = {"10.0.0.3"};  // a stale status is cleared
  controller.Apply(node_port);
  CHECK(Ingress(controller, "default/np").empty());

  auto classed = LbService("classed");
  classed.load_balancer_class = "other.io/lb";
  controller.Apply(classed);
  CHECK(Ingress(controller, "default/classed").empty());
  CHECK(Events(controller, "default/classed").empty());

  auto with_flag = Current({MakePool("p", {"10.0.0.0/30"})}, "metallb.io/lb");
  with_flag.Apply(LbService("unclassed"));
  classed.load_balancer_class = "metallb.io/lb";
  with_flag.Apply(classed);
  CHECK(Ingress(with_flag, "default/unclassed").empty());
  CHECK(Ingress(with_flag, "default/classed") == Strings{"10.0.0.0"});
  // Changing the class away releases the address.
  classed.load_balancer_class = "other.io/lb";
  with_flag.Apply(classed);
  CHECK(Ingress(with_flag, "default/classed").empty());
  CHECK(with_flag.allocator().allocation_count() == 0);
}

TEST_CASE("no cluster IP: nothing is allocated", "[controller][inputs]") {
  auto controller = Current({MakePool("p", {"10.0.0.0/30"})});
  controller.Apply(LbService("headless", {"None"}));
  controller.Apply(LbService("none", {}));
  CHECK(Ingress(controller, "default/headless").empty());
  CHECK(Ingress(controller, "default/none").empty());
  CHECK(Events(controller, "default/headless").empty());
}

TEST_CASE("revocation: ClearAssignment, then a new address or AllocationFailed",
          "[controller][setconfig]") {
  auto controller = Current({MakePool("a", {"10.0.0.0/31"}), MakePool("b", {"10.1.0.0/32"})});
  auto pinned_a = LbService("x");
  pinned_a.annotations["metallb.io/address-pool"] = "a";
  controller.Apply(pinned_a);
  controller.Apply(LbService("y"));
  REQUIRE(Ingress(controller, "default/x") == Strings{"10.0.0.0"});
  REQUIRE(Ingress(controller, "default/y") == Strings{"10.0.0.1"});

  REQUIRE_FALSE(controller.SetConfig(ConfigOf({MakePool("b", {"10.1.0.0/32"})})));
  // y re-allocates from the remaining pool; x asked for pool a, which is gone.
  CHECK(Ingress(controller, "default/y") == Strings{"10.1.0.0"});
  CHECK(
      Events(controller, "default/y") ==
      EventList{
          Normal("IPAllocated", R"(Assigned IP ["10.0.0.1"])"),
          Normal(
              "ClearAssignment",
              R"(current IP for "default/y" not allowed by config, will attempt for new IP assignment: ["10.0.0.1"] is not allowed in config)"),
          Normal("IPAllocated", R"(Assigned IP ["10.1.0.0"])")});
  CHECK(Ingress(controller, "default/x").empty());
  CHECK(Events(controller, "default/x").back() ==
        Warning("AllocationFailed", R"(Failed to allocate IP for "default/x": unknown pool "a")"));
  CHECK(controller.Find("default/x")->pool == std::nullopt);
}

TEST_CASE("a renamed pool keeps addresses and rewrites the pool annotation",
          "[controller][setconfig]") {
  auto controller = Current({MakePool("old", {"10.0.0.0/30"})});
  controller.Apply(LbService("a"));
  REQUIRE_FALSE(controller.SetConfig(ConfigOf({MakePool("new", {"10.0.0.0/30"})})));
  CHECK(Ingress(controller, "default/a") == Strings{"10.0.0.0"});
  CHECK(controller.Find("default/a")->pool == "new");
  CHECK(Events(controller, "default/a").size() == 1);
}

TEST_CASE("v0.9 refuses a config that would orphan an address", "[controller][setconfig][v0.9]") {
  auto controller = V09({MakePool("a", {"10.0.0.0/30"})});
  controller.Apply(LbService("a"));
  CHECK(
      controller.SetConfig(ConfigOf({MakePool("b", {"10.1.0.0/30"})})) ==
      std::optional<std::string>(
          R"(new config not compatible with assigned IPs: service "default/a" cannot own "10.0.0.0" under new config)"));
  controller.Apply(LbService("b"));
  CHECK(Ingress(controller, "default/a") == Strings{"10.0.0.0"});
  CHECK(Ingress(controller, "default/b") == Strings{"10.0.0.1"});  // old config still in force
}

TEST_CASE("the address-pool annotation", "[controller][pool]") {
  auto controller =
      Current({MakePool("a", {"10.0.0.0/30"}), MakePool("manual", {"10.9.0.0/30"}, false)});
  auto service = LbService("s");
  service.annotations["metallb.io/address-pool"] = "manual";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.9.0.0"});
  CHECK(controller.Find("default/s")->pool == "manual");
  // Changing the annotation moves the service.
  service.annotations["metallb.io/address-pool"] = "a";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0"});
  service.annotations["metallb.io/address-pool"] = "nope";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s").empty());
  CHECK(
      Events(controller, "default/s").back() ==
      Warning("AllocationFailed", R"(Failed to allocate IP for "default/s": unknown pool "nope")"));
}

TEST_CASE("requested addresses", "[controller][explicit]") {
  auto controller =
      Current({MakePool("a", {"10.0.0.0/29", "2001:db8::/64"}), MakePool("b", {"10.1.0.0/30"})});
  struct Case {
    std::string name;
    std::string load_balancer_ip;
    std::map<std::string, std::string> annotations;
    std::vector<std::string> cluster_ips;
    Strings ingress;
    std::string error;  // AllocationFailed text after "Failed to allocate IP for ...: "
  };
  const std::vector<Case> cases = {
      {"spec", "10.0.0.5", {}, {"10.96.0.1"}, {"10.0.0.5"}, ""},
      {"annotation",
       "",
       {{"metallb.io/loadBalancerIPs", "10.0.0.6"}},
       {"10.96.0.2"},
       {"10.0.0.6"},
       ""},
      {"dual",
       "",
       {{"metallb.io/loadBalancerIPs", "2001:db8::7, 10.0.0.7"}},
       {"10.96.0.3", "fd00::3"},
       {"2001:db8::7", "10.0.0.7"},
       ""},
      {"deprecated prefix",
       "",
       {{"metallb.universe.tf/loadBalancerIPs", "10.0.0.4"}},
       {"10.96.0.4"},
       {"10.0.0.4"},
       ""},
      {"both",
       "10.0.0.1",
       {{"metallb.io/loadBalancerIPs", "10.0.0.1"}},
       {"10.96.0.5"},
       {},
       "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP"},
      {"bad spec",
       "10.0.0.300",
       {},
       {"10.96.0.6"},
       {},
       R"(invalid spec.loadBalancerIP "10.0.0.300")"},
      {"bad annotation",
       "",
       {{"metallb.io/loadBalancerIPs", "10.0.0.1,nope"}},
       {"10.96.0.7"},
       {},
       R"(invalid metallb.io/loadBalancerIPs: "10.0.0.1,nope")"},
      {"same family",
       "",
       {{"metallb.io/loadBalancerIPs", "10.0.0.1,10.0.0.2"}},
       {"10.96.0.8"},
       {},
       R"(IPFamilyForAddresses: same address family ["10.0.0.1" "10.0.0.2"])"},
      {"family mismatch",
       "2001:db8::9",
       {},
       {"10.96.0.9"},
       {},
       R"(requested loadBalancer IP(s) ["2001:db8::9"] does not match the ipFamily of the service)"},
      {"outside pools",
       "192.0.2.1",
       {},
       {"10.96.0.10"},
       {},
       R"(["192.0.2.1"] is not allowed in config)"},
      {"pool mismatch",
       "10.0.0.2",
       {{"metallb.io/address-pool", "b"}},
       {"10.96.0.11"},
       {},
       R"(requested loadBalancer IP(s) ["10.0.0.2"] is not compatible with requested address pool b)"},
      {"taken",
       "10.0.0.5",
       {},
       {"10.96.0.12"},
       {},
       R"(can't change sharing key for "default/taken", address also in use by default/spec)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto service = LbService(c.name, c.cluster_ips);
    service.load_balancer_ip = c.load_balancer_ip;
    service.annotations = c.annotations;
    controller.Apply(service);
    CHECK(Ingress(controller, service.Key()) == c.ingress);
    if (!c.error.empty()) {
      CHECK(Events(controller, service.Key()) ==
            EventList{Warning("AllocationFailed",
                              "Failed to allocate IP for \"default/" + c.name + "\": " + c.error)});
    }
  }
  // The pool-mismatch attempt released what it had assigned.
  CHECK(controller.allocator().ServicesOn(*net::IpAddress::Parse("10.0.0.2")).empty());
}

TEST_CASE("changing the requested address moves the service, an invalid one is refused",
          "[controller][explicit]") {
  auto controller = Current({MakePool("a", {"10.0.0.0/29"})});
  auto service = LbService("s");
  service.load_balancer_ip = "10.0.0.3";
  controller.Apply(service);
  service.load_balancer_ip = "10.0.0.4";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.4"});
  service.load_balancer_ip = "bogus";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.4"});  // kept, nothing written
  CHECK(Events(controller, "default/s").back() ==
        Warning("LoadBalancerFailed",
                R"(invalid requested loadbalancer IPs: invalid spec.loadBalancerIP "bogus")"));
  service.load_balancer_ip = "";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.4"});
}

TEST_CASE("sharing through allow-shared-ip, and the Local/Cluster dance", "[controller][sharing]") {
  auto controller = Current({MakePool("p", {"10.0.0.0/30"})});
  auto a = LbService("a");
  a.annotations["metallb.io/allow-shared-ip"] = "web";
  controller.Apply(a);
  auto b = LbService("b");
  b.annotations["metallb.io/allow-shared-ip"] = "web";
  b.ports[0].port = 443;
  controller.Apply(b);
  auto dns_tcp = LbService("dns-tcp");
  dns_tcp.annotations["metallb.io/allow-shared-ip"] = "dns";
  dns_tcp.ports[0] = k8s::ServicePort{"dns", "TCP", 53, "53", 0};
  auto dns_udp = dns_tcp;
  dns_udp.name = "dns-udp";
  dns_udp.ports[0].protocol = "UDP";
  controller.Apply(dns_tcp);
  controller.Apply(dns_udp);
  CHECK(Ingress(controller, "default/a") == Strings{"10.0.0.0"});
  CHECK(Ingress(controller, "default/b") == Strings{"10.0.0.0"});
  CHECK(Ingress(controller, "default/dns-tcp") == Strings{"10.0.0.1"});
  CHECK(Ingress(controller, "default/dns-udp") == Strings{"10.0.0.1"});
  CHECK(controller.allocator().Usage("p").in_use_total == 2);

  // b switches to Local: its backend key now differs while a still holds the address.
  b.external_traffic_policy = k8s::TrafficPolicy::kLocal;
  controller.Apply(b);
  CHECK(Ingress(controller, "default/b") == Strings{"10.0.0.2"});
  CHECK(
      Events(controller, "default/b") ==
      EventList{
          Normal("IPAllocated", R"(Assigned IP ["10.0.0.0"])"),
          Normal(
              "ClearAssignment",
              R"(current IP for "default/b" not allowed by config, will attempt for new IP assignment: can't change sharing key for "default/b", address also in use by default/a)"),
          Normal("IPAllocated", R"(Assigned IP ["10.0.0.2"])")});
  // a, now alone on .0, may change its sharing key in place.
  a.annotations["metallb.io/allow-shared-ip"] = "other";
  controller.Apply(a);
  CHECK(Ingress(controller, "default/a") == Strings{"10.0.0.0"});
  CHECK(Events(controller, "default/a").size() == 1);
}

TEST_CASE("a changed sharing key reprocesses everyone: a waiting service may now join",
          "[controller][sharing]") {
  auto controller = Current({MakePool("one", {"10.0.0.7/32"})});
  auto holder = LbService("holder");
  holder.annotations["metallb.io/allow-shared-ip"] = "old";
  controller.Apply(holder);
  auto waiter = LbService("waiter");
  waiter.annotations["metallb.io/allow-shared-ip"] = "new";
  waiter.ports[0].port = 81;
  controller.Apply(waiter);
  REQUIRE(Ingress(controller, "default/waiter").empty());
  // The holder, alone on the address, re-keys in place; nothing is written for it, but its
  // allocation key changed, so the waiter is retried and joins.
  holder.annotations["metallb.io/allow-shared-ip"] = "new";
  controller.Apply(holder);
  CHECK(Events(controller, "default/holder").size() == 1);
  CHECK(Ingress(controller, "default/waiter") == Strings{"10.0.0.7"});
}

TEST_CASE("an IPv4-mapped IPv6 address is an IPv4 address, as in Go", "[controller][inputs]") {
  auto controller = Current({MakePool("p", {"10.0.0.0/30"})});
  auto service = LbService("mapped");
  service.load_balancer_ip = "::ffff:10.0.0.2";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/mapped") == Strings{"10.0.0.2"});
}

TEST_CASE("deprecated annotations: read, and warned about when something is written",
          "[controller][deprecated]") {
  auto controller = Current({MakePool("p", {"10.0.0.0/30"}), MakePool("q", {"10.1.0.0/30"})});
  auto service = LbService("s");
  service.annotations["metallb.universe.tf/address-pool"] = "q";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.1.0.0"});
  CHECK(Events(controller, "default/s") ==
        EventList{Normal("IPAllocated", R"(Assigned IP ["10.1.0.0"])"),
                  Warning("deprecatedAnnotation",
                          "Service uses deprecated annotation metallb.universe.tf/address-pool")});
  controller.Apply(service);  // nothing to write: no repeated warning
  CHECK(Events(controller, "default/s").size() == 2);
  // The new prefix wins over the deprecated one.
  service.annotations["metallb.io/address-pool"] = "p";
  controller.Apply(service);
  CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0"});
}

TEST_CASE("v0.9 reads only metallb.universe.tf/ and spec.loadBalancerIP", "[controller][v0.9]") {
  auto controller = V09({MakePool("p", {"10.0.0.0/30"}), MakePool("q", {"10.1.0.0/30"})});
  auto ignored = LbService("ignored");
  ignored.annotations["metallb.io/address-pool"] = "q";
  ignored.annotations["metallb.io/loadBalancerIPs"] = "10.1.0.3";
  controller.Apply(ignored);
  CHECK(Ingress(controller, "default/ignored") == Strings{"10.0.0.0"});
  auto read = LbService("read");
  read.annotations["metallb.universe.tf/address-pool"] = "q";
  controller.Apply(read);
  CHECK(Ingress(controller, "default/read") == Strings{"10.1.0.0"});
  CHECK(Events(controller, "default/read") ==
        EventList{Normal("IPAllocated", R"(Assigned IP "10.1.0.0")")});  // no deprecation in v0.9
  auto spec = LbService("spec");
  spec.load_balancer_ip = "10.9.9.9";
  controller.Apply(spec);
  CHECK(Events(controller, "default/spec") ==
        EventList{Warning(
            "AllocationFailed",
            R"(Failed to allocate IP for "default/spec": "10.9.9.9" is not allowed in config)")});
  auto full = LbService("full");
  full.annotations["metallb.universe.tf/address-pool"] = "q";
  for (int i = 0; i < 3; ++i) controller.Apply(LbService("filler" + std::to_string(i)));
  full.annotations["metallb.universe.tf/address-pool"] = "p";
  controller.Apply(full);
  CHECK(Events(controller, "default/full").back() ==
        Warning("AllocationFailed",
                R"(Failed to allocate IP for "default/full": no available IPs in pool "p")"));
  auto v6 = LbService("v6", {"fd00::1"});
  v6.load_balancer_ip = "10.0.0.3";
  controller.Apply(v6);
  CHECK(
      Events(controller, "default/v6").back() ==
      Warning(
          "AllocationFailed",
          R"(Failed to allocate IP for "default/v6": requested spec.loadBalancerIP "10.0.0.3" does not match the ipFamily of the service)"));
}

TEST_CASE("dual stack through the controller", "[controller][dualstack]") {
  using P = k8s::IpFamilyPolicy;
  SECTION("RequireDualStack needs two cluster IPs") {
    auto controller = Current({MakePool("d", {"10.0.0.0/30", "2001:db8::/126"})});
    auto service = LbService("s");
    service.ip_family_policy = P::kRequireDualStack;
    controller.Apply(service);
    CHECK(Ingress(controller, "default/s").empty());
    CHECK(Events(controller, "default/s") ==
          EventList{Warning("not enough clusterips",
                            "Service requires dual stack but not enough clusterips [10.96.0.10]")});
    service.cluster_ips = {"10.96.0.10", "fd00::10"};
    controller.Apply(service);
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0", "2001:db8::"});
    CHECK(Events(controller, "default/s").back() ==
          Normal("IPAllocated", R"(Assigned IP ["10.0.0.0" "2001:db8::"])"));
  }
  SECTION("PreferDualStack upgrades once the pool gains the other family") {
    auto controller = Current({MakePool("d", {"10.0.0.0/30"})});
    auto service = LbService("s", {"fd00::10", "10.96.0.10"});
    service.ip_family_policy = P::kPreferDualStack;
    controller.Apply(service);
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0"});
    controller.Apply(service);
    CHECK(Events(controller, "default/s") ==
          EventList{Normal("IPAllocated", R"(Assigned IP ["10.0.0.0"])"),
                    Normal("AdditionalAssignFailed",
                           "cannot assign additional IP in PreferDualStack: no available IPs in "
                           "pool d for ipv6 IPFamily")});
    REQUIRE_FALSE(
        controller.SetConfig(ConfigOf({MakePool("d", {"10.0.0.0/30", "2001:db8::/126"})})));
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0", "2001:db8::"});
    CHECK(Events(controller, "default/s").back() ==
          Normal("IPAllocated", R"(Assigned additional IP "2001:db8::")"));
    // Downgrade: the IPv6 CIDR goes, the whole allocation is revoked, IPv4 comes back alone.
    REQUIRE_FALSE(controller.SetConfig(ConfigOf({MakePool("d", {"10.0.0.0/30"})})));
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0"});
  }
  SECTION("status addresses of an impossible family set are dropped") {
    auto controller = Current({MakePool("d", {"10.0.0.0/30"})});
    auto service = LbService("s");
    service.ingress_ips = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
    controller.Apply(service);
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.0"});
    CHECK(
        Events(controller, "default/s").front() ==
        Warning(
            "nolbIPsIPFamily",
            R"(Failed to retrieve LBIPs IPFamily for ["10.0.0.1" "10.0.0.2" "10.0.0.3"]: IPFamilyForAddresses: invalid ips length 3 ["10.0.0.1" "10.0.0.2" "10.0.0.3"])"));
  }
  SECTION("cluster IPs of one family twice") {
    auto controller = Current({MakePool("d", {"10.0.0.0/30"})});
    auto service = LbService("s", {"10.96.0.1", "10.96.0.2"});
    service.ingress_ips = {"10.0.0.1"};
    controller.Apply(service);
    CHECK(
        Events(controller, "default/s") ==
        EventList{Warning(
            "noclusterIPsIPFamily",
            R"(Failed to retrieve ClusterIPs IPFamily for ["10.96.0.1" "10.96.0.2"] 10.96.0.1: IPFamilyForAddresses: same address family ["10.96.0.1" "10.96.0.2"])")});
    CHECK(Ingress(controller, "default/s") == Strings{"10.0.0.1"});  // nothing written
  }
  SECTION("an address of the wrong family is replaced") {
    auto controller = Current({MakePool("d", {"10.0.0.0/30", "2001:db8::/126"})});
    auto service = LbService("s", {"fd00::5"});
    service.ingress_ips = {"10.0.0.3"};
    controller.Apply(service);
    CHECK(Ingress(controller, "default/s") == Strings{"2001:db8::"});
  }
}

TEST_CASE("serviceAllocation through the controller", "[controller][pools]") {
  auto team = MakePool("team-a", {"10.0.1.0/31"});
  team.service_allocation = config::ServiceAllocation{};
  team.service_allocation->priority = 1;
  team.service_allocation->namespaces = {"team-a"};
  auto controller = Current({MakePool("shared", {"10.0.0.0/30"}), team});
  controller.Apply(LbService("s", {"10.96.0.1"}, "team-a"));
  controller.Apply(LbService("s", {"10.96.0.2"}, "team-b"));
  CHECK(Ingress(controller, "team-a/s") == Strings{"10.0.1.0"});
  CHECK(Ingress(controller, "team-b/s") == Strings{"10.0.0.0"});
  auto intruder = LbService("intruder", {"10.96.0.3"}, "team-b");
  intruder.annotations["metallb.io/address-pool"] = "team-a";
  controller.Apply(intruder);
  CHECK(
      Events(controller, "team-b/intruder").back() ==
      Warning(
          "AllocationFailed",
          R"(Failed to allocate IP for "team-b/intruder": pool team-a not compatible for ip assignment)"));
}

}  // namespace
}  // namespace metallab::controller
