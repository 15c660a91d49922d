#include "core/layer2/election_hash_cache.h"

#include <catch2/catch.hpp>

#include "core/layer2/owner_election.h"
#include "core/layer2/ranking.h"

namespace metallab::layer2 {
namespace {

TEST_CASE("cached election digests are the digests, and the cache stays bounded", "[layer2]") {
  ElectionHashCache cache(3);
  CHECK(cache.Get("w1-k8s", "192.168.1.11") == ElectionHash("w1-k8s", "192.168.1.11"));
  CHECK(cache.Get("w1-k8s", "192.168.1.11") == ElectionHash("w1-k8s", "192.168.1.11"));
  CHECK(cache.size() == 1);
  // "w1-k8s#1" + "92..." must not collide with "w1-k8s#19" + "2...": the key keeps the '#'.
  CHECK(cache.Get("w1-k8s#1", "92") == ElectionHash("w1-k8s#1", "92"));
  cache.Get("w2-k8s", "192.168.1.11");
  CHECK(cache.size() == 3);
  cache.Get("w3-k8s", "192.168.1.11");
  CHECK(cache.size() == 1);  // started over instead of growing
}

TEST_CASE("an election with a cache ranks exactly as one without", "[layer2]") {
  ElectionInput input;
  input.service = {"default", "web", "192.168.1.11", ExternalTrafficPolicy::kCluster, false};
  for (const char* node : {"w1-k8s", "w2-k8s", "w3-k8s", "w4-k8s"}) {
    input.nodes.push_back({node, {}, false});
    input.endpoints.push_back({node, true, true});
  }
  input.advertisements.push_back({});
  const ElectionResult plain = ElectOwner(input);
  ElectionHashCache cache;
  input.hash_cache = &cache;
  CHECK(ElectOwner(input).ranking == plain.ranking);
  CHECK(ElectOwner(input).ranking == plain.ranking);  // from the cache this time
  CHECK(cache.size() == 4);
}

}  // namespace
}  // namespace metallab::layer2
