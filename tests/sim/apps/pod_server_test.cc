#include "sim/apps/pod_server.h"

#include <optional>

#include <catch2/catch.hpp>

#include "sim/apps/http_get.h"
#include "sim/network/lan_fixture.h"

namespace metallab::sim {
namespace {

using testing::Ip;
using testing::Lan;

// host1 is a client; host2 runs two pods' servers on port 80 of its own pod addresses, as a
// node does, and host1 routes the pod network through it.
struct PodHost {
  PodHost() : lan(2) {
    lan.host(1).AddRoute(net::IpPrefix(Ip("10.244.1.0"), 24),
                         {NextHop{Ip("192.0.2.2"), &lan.eth0(1)}});
    for (const char* pod : {"10.244.1.2", "10.244.1.3"}) lan.host(2).AddAcceptedAddress(Ip(pod));
    lan.host(2).AddProcess(
        "hname", std::make_unique<PodServer>(lan.host(2), PodServerSpec{"web-abc", Ip("10.244.1.2"),
                                                                        80, PodAnswer::kPodName}));
    lan.host(2).AddProcess(
        "ip", std::make_unique<PodServer>(lan.host(2), PodServerSpec{"ip-xyz", Ip("10.244.1.3"), 80,
                                                                     PodAnswer::kClientAddress}));
  }

  // One GET, given up after `max_time` as curl -m does.
  HttpGetResult Get(const char* address, uint16_t port, SimDuration max_time = Seconds(2)) {
    std::optional<HttpGetResult> result;
    HttpGet get(lan.host(1), Ip(address), port, "/",
                [&result](const HttpGetResult& r) { result = r; });
    lan.simulator.Schedule(max_time, [&get, max_time] { get.Cancel(max_time); });
    lan.simulator.RunFor(max_time + Milliseconds(1));
    REQUIRE(result);
    return *result;
  }

  Lan lan;
};

TEST_CASE("pods on one node share port 80, each on its own address", "[apps]") {
  PodHost pods;
  const HttpGetResult hname = pods.Get("10.244.1.2", 80);
  REQUIRE(hname.ok);
  CHECK(hname.response.status == 200);
  CHECK(hname.response.body == "web-abc\n");
  const HttpGetResult ip = pods.Get("10.244.1.3", 80);
  REQUIRE(ip.ok);
  CHECK(ip.response.body == "192.0.2.1\n");
}

TEST_CASE("image names pick the answer", "[apps]") {
  CHECK(PodAnswerForImage("sysnet4admin/echo-hname") == PodAnswer::kPodName);
  CHECK(PodAnswerForImage("docker.io/sysnet4admin/echo-ip:latest") == PodAnswer::kClientAddress);
  CHECK(PodAnswerForImage("registry.example:5000/sysnet4admin/echo-ip") == PodAnswer::kEmpty);
  CHECK(PodAnswerForImage("nginx") == PodAnswer::kEmpty);
}

TEST_CASE("curl's failures, worded as curl words them", "[apps]") {
  PodHost pods;
  SECTION("nobody listens: refused") {
    const HttpGetResult refused = pods.Get("10.244.1.2", 81);
    CHECK_FALSE(refused.ok);
    CHECK(refused.curl_code == 7);
    CHECK(refused.error == "Failed to connect to 10.244.1.2 port 81: Connection refused");
  }
  SECTION("the node is off: the SYN goes unanswered until curl gives up") {
    pods.lan.host(2).PowerOff();
    const HttpGetResult timeout = pods.Get("10.244.1.2", 80, Milliseconds(2500));
    CHECK(timeout.curl_code == 28);
    CHECK(timeout.error == "Operation timed out after 2500 milliseconds with 0 bytes received");
  }
  SECTION("the pod's server is gone: nothing listens there any more") {
    REQUIRE(pods.lan.host(2).RemoveProcess("hname"));
    CHECK_FALSE(pods.lan.host(2).RemoveProcess("hname"));
    const HttpGetResult refused = pods.Get("10.244.1.2", 80);
    CHECK(refused.curl_code == 7);
  }
}

TEST_CASE("a server comes back with its node's power", "[apps]") {
  PodHost pods;
  pods.lan.host(2).PowerOff();
  pods.lan.simulator.RunFor(Seconds(1));
  pods.lan.host(2).PowerOn();
  const HttpGetResult after = pods.Get("10.244.1.2", 80, Seconds(5));
  REQUIRE(after.ok);
  CHECK(after.response.body == "web-abc\n");
}

TEST_CASE("the UDP side answers a datagram with the same text", "[apps]") {
  PodHost pods;
  std::string answer;
  pods.lan.host(1).BindUdp(5000,
                           [&answer](const packet::IpPacket&, const packet::UdpDatagram& datagram) {
                             answer.assign(datagram.payload.begin(), datagram.payload.end());
                           });
  pods.lan.host(1).SendUdp(Ip("10.244.1.3"), 5000, 80, {'h', 'i'});
  pods.lan.simulator.RunFor(Seconds(1));
  CHECK(answer == "192.0.2.1\n");
}

}  // namespace
}  // namespace metallab::sim
