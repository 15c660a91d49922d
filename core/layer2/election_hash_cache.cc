#include "core/layer2/election_hash_cache.h"

#include "core/layer2/ranking.h"

namespace metallab::layer2 {

crypto::Sha256Digest ElectionHashCache::Get(std::string_view node, std::string_view key_suffix) {
  std::string key;
  key.reserve(node.size() + 1 + key_suffix.size());
  key.append(node).append("#").append(key_suffix);
  if (const auto found = digests_.find(key); found != digests_.end()) return found->second;
  if (digests_.size() >= max_entries_) digests_.clear();
  const crypto::Sha256Digest digest = ElectionHash(node, key_suffix);
  digests_.emplace(std::move(key), digest);
  return digest;
}

}  // namespace metallab::layer2
