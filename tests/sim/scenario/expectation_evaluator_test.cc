#include "sim/scenario/expectation_evaluator.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

ExpectationSpec EventExpectation(const std::string& contains) {
  ExpectationSpec spec;
  spec.kind = ExpectationSpec::Kind::kEvent;
  spec.contains = contains;
  spec.text = "the transcript shows \"" + contains + "\"";
  return spec;
}

TEST_CASE("event expectations match the words of typed events", "[scenario][expectation]") {
  RunResult result;
  result.events.push_back({5, ServiceEvent{"default/web", "Normal", "IPAllocated", "Assigned IP"}});
  result.events.push_back({6, RouterSessionChange{"tor", *net::IpAddress::Parse("192.0.2.1"), false,
                                                  true, "sent Hold Timer Expired"}});
  // A session that never came up has no words: nothing to match.
  result.events.push_back({7, RouterSessionChange{"tor", *net::IpAddress::Parse("192.0.2.2"), false,
                                                  false, "refused"}});

  CHECK(EvaluateExpectation(EventExpectation("default/web Normal IPAllocated"), result).passed);
  CHECK(EvaluateExpectation(EventExpectation("tor: BGP session with 192.0.2.1 down (sent Hold"),
                            result)
            .passed);
  const ExpectationResult missing =
      EvaluateExpectation(EventExpectation("BGP session with 192.0.2.2"), result);
  CHECK_FALSE(missing.passed);
  CHECK(missing.detail == "no event says so");
}

TEST_CASE("route expectations read the route sampled at their time", "[scenario][expectation]") {
  ExpectationSpec spec;
  spec.kind = ExpectationSpec::Kind::kRoute;
  spec.router = "tor";
  spec.at = 90;
  spec.prefix = net::IpPrefix::Parse("203.0.113.10/32");
  spec.next_hops = {*net::IpAddress::Parse("192.0.2.11")};
  spec.local_pref = 100;

  RunResult result;
  RibRoute route{*spec.prefix, spec.next_hops, {}, {}, 1};
  route.attributes.local_pref = 100;
  // Another time's sample and another router's do not count.
  result.events.push_back({80, RouteSampled{"tor", *spec.prefix, std::nullopt}});
  result.events.push_back({90, RouteSampled{"edge", *spec.prefix, std::nullopt}});
  result.events.push_back({90, RouteSampled{"tor", *spec.prefix, route}});
  const ExpectationResult held = EvaluateExpectation(spec, result);
  CHECK(held.passed);
  CHECK(held.detail == "via 192.0.2.11; LOCAL_PREF 100");

  result.events.pop_back();
  const ExpectationResult gone = EvaluateExpectation(spec, result);
  CHECK_FALSE(gone.passed);
  CHECK(gone.detail == "no route; LOCAL_PREF none");
}

}  // namespace
}  // namespace metallab::sim
