// A memo of election digests, SHA-256(`<node>#<key>`): they never change, while every speaker
// recomputes every Service's election on every membership or cluster change. One cache can
// serve every speaker of a simulation, since the digests are the same for all.
#ifndef METALLAB_CORE_LAYER2_ELECTION_HASH_CACHE_H_
#define METALLAB_CORE_LAYER2_ELECTION_HASH_CACHE_H_

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/crypto/sha256.h"

namespace metallab::layer2 {

class ElectionHashCache {
 public:
  // Beyond `max_entries` the cache starts over, so memory stays bounded whatever the inputs.
  explicit ElectionHashCache(size_t max_entries = 1 << 20) : max_entries_(max_entries) {}

  crypto::Sha256Digest Get(std::string_view node, std::string_view key_suffix);
  size_t size() const { return digests_.size(); }

 private:
  size_t max_entries_;
  std::unordered_map<std::string, crypto::Sha256Digest> digests_;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_ELECTION_HASH_CACHE_H_
