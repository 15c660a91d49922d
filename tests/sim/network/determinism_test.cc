#include <catch2/catch.hpp>

#include "traffic_mix.h"

namespace metallab::sim {
namespace {

using testing::RunTrafficMix;

void CheckTrafficOutcome(const testing::TrafficMixResult& result) {
  CHECK(result.echo_replies == 10);
  CHECK(result.udp_received == 5);
  CHECK(result.tcp_received == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("the same seed gives the same trace fingerprint and the same pcap bytes", "[network]") {
  const auto first = RunTrafficMix({.seed = 11});
  const auto second = RunTrafficMix({.seed = 11});
  CheckTrafficOutcome(first);
  CHECK(first.fingerprint == second.fingerprint);
  CHECK(first.events == second.events);
  CHECK(first.pcap == second.pcap);
  CHECK(first.pcap.size() > 5000);
}

TEST_CASE("another seed changes the jitter draws, hence the fingerprint", "[network]") {
  const auto a = RunTrafficMix({.seed = 11});
  const auto b = RunTrafficMix({.seed = 12});
  CheckTrafficOutcome(b);
  CHECK(a.fingerprint != b.fingerprint);
}

TEST_CASE("shuffled same-time ties keep every outcome", "[network]") {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    INFO("seed " << seed);
    CheckTrafficOutcome(RunTrafficMix({.seed = seed, .shuffle_ties = true}));
  }
}

}  // namespace
}  // namespace metallab::sim
