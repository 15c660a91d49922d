// An open-addressing hash index of 32-bit handles whose keys live in the caller's own storage.
// A node-based map would spend ~70 bytes per entry on the node, the copied key and the malloc
// header; this index spends 8-16 bytes (one uint32 per bucket, load factor 1/4 to 1/2), which is
// what keeps an allocation under the 200-byte budget. It is only ever probed, never iterated,
// so its layout cannot leak into any behaviour.
#ifndef METALLAB_CORE_ALLOCATOR_FLAT_INDEX_H_
#define METALLAB_CORE_ALLOCATOR_FLAT_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace metallab::allocator {

class FlatIndex {
 public:
  static constexpr uint32_t kEmpty = 0xffffffffu;

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return buckets_.capacity() * sizeof(uint32_t); }

  // The handle for which `matches(handle)` holds, probing from `hash`.
  template <class Matches>
  std::optional<uint32_t> Find(size_t hash, Matches&& matches) const {
    const size_t at = Position(hash, matches);
    if (at == kNotFound) return std::nullopt;
    return buckets_[at];
  }

  // Swaps the stored handle for a key already present; false when absent.
  template <class Matches>
  bool Replace(size_t hash, Matches&& matches, uint32_t handle) {
    const size_t at = Position(hash, matches);
    if (at == kNotFound) return false;
    buckets_[at] = handle;
    return true;
  }

  // Adds a handle whose key is known to be absent. `hash_of(handle)` rehashes entries on growth.
  template <class HashOf>
  void Insert(size_t hash, uint32_t handle, HashOf&& hash_of) {
    if ((size_ + 1) * 2 > buckets_.size()) Grow(hash_of);
    const size_t mask = buckets_.size() - 1;
    size_t at = hash & mask;
    while (buckets_[at] != kEmpty) at = (at + 1) & mask;
    buckets_[at] = handle;
    ++size_;
  }

  // Removes the matching handle. Linear probing with backward shifting leaves no tombstones, so
  // probe lengths stay short however many entries come and go.
  template <class Matches, class HashOf>
  bool Erase(size_t hash, Matches&& matches, HashOf&& hash_of) {
    size_t hole = Position(hash, matches);
    if (hole == kNotFound) return false;
    const size_t mask = buckets_.size() - 1;
    size_t next = hole;
    while (true) {
      next = (next + 1) & mask;
      if (buckets_[next] == kEmpty) break;
      const size_t home = hash_of(buckets_[next]) & mask;
      // The entry may move into the hole only if its home is not cyclically inside (hole, next].
      const bool stays =
          hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
      if (stays) continue;
      buckets_[hole] = buckets_[next];
      hole = next;
    }
    buckets_[hole] = kEmpty;
    --size_;
    return true;
  }

  void Clear() {
    buckets_.clear();
    size_ = 0;
  }

 private:
  static constexpr size_t kNotFound = ~size_t{0};

  template <class Matches>
  size_t Position(size_t hash, Matches& matches) const {
    if (buckets_.empty()) return kNotFound;
    const size_t mask = buckets_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      if (buckets_[at] == kEmpty) return kNotFound;
      if (matches(buckets_[at])) return at;
    }
  }

  template <class HashOf>
  void Grow(HashOf& hash_of) {
    std::vector<uint32_t> old = std::move(buckets_);
    buckets_.assign(old.empty() ? 16 : old.size() * 2, kEmpty);
    const size_t mask = buckets_.size() - 1;
    for (const uint32_t handle : old) {
      if (handle == kEmpty) continue;
      size_t at = hash_of(handle) & mask;
      while (buckets_[at] != kEmpty) at = (at + 1) & mask;
      buckets_[at] = handle;
    }
  }

  std::vector<uint32_t> buckets_;  // size is zero or a power of two
  size_t size_ = 0;
};

// 64-bit finaliser (splitmix64): spreads sequential addresses over the buckets.
constexpr uint64_t MixBits(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_FLAT_INDEX_H_
