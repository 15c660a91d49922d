#include "core/layer2/ranking.h"

#include <algorithm>
#include <utility>

#include "core/layer2/election_hash_cache.h"

namespace metallab::layer2 {
namespace {

struct RankKey {
  int score;
  crypto::Sha256Digest hash;
  std::string node;
};

// Larger preference sum first; then the digest, where std::array's element-wise comparison is
// the big-endian byte comparison MetalLB's bytes.Compare makes.
bool RanksBefore(const RankKey& a, const RankKey& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.hash < b.hash;
}

}  // namespace

crypto::Sha256Digest ElectionHash(std::string_view node, std::string_view key_suffix) {
  crypto::Sha256Hasher hasher;
  hasher.Update(node);
  hasher.Update(std::string_view("#"));
  hasher.Update(key_suffix);
  return hasher.Finish();
}

std::string ElectionKeySuffix(const ElectionService& service, ElectionProfile profile) {
  if (profile == ElectionProfile::kV0_9) return service.ns + "/" + service.name;
  return service.first_ip;
}

int PreferenceScore(std::string_view node, const std::vector<ElectionAdvertisement>& ads) {
  int score = 0;
  for (const ElectionAdvertisement& ad : ads) {
    for (const ElectionPreference& preference : ad.preferences) {
      if (preference.nodes.contains(std::string(node))) score += preference.weight;
    }
  }
  return score;
}

std::vector<std::string> Rank(const std::set<std::string>& candidates, const ElectionInput& input) {
  const std::string suffix = ElectionKeySuffix(input.service, input.profile);
  const bool weighted = input.profile == ElectionProfile::kCurrent;
  std::vector<RankKey> keys;
  keys.reserve(candidates.size());
  for (const std::string& node : candidates) {
    keys.push_back({weighted ? PreferenceScore(node, input.advertisements) : 0,
                    input.hash_cache != nullptr ? input.hash_cache->Get(node, suffix)
                                                : ElectionHash(node, suffix),
                    node});
  }
  std::sort(keys.begin(), keys.end(), RanksBefore);
  std::vector<std::string> ranking;
  ranking.reserve(keys.size());
  for (RankKey& key : keys) ranking.push_back(std::move(key.node));
  return ranking;
}

}  // namespace metallab::layer2
