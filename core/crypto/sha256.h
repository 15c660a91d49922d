// SHA-256 as FIPS 180-4 defines it. MetalLB's Layer 2 speakers order candidate nodes by SHA-256
// digests, so metallab needs bit-exact digests without pulling in a crypto library.
#ifndef METALLAB_CORE_CRYPTO_SHA256_H_
#define METALLAB_CORE_CRYPTO_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace metallab::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

// Incremental hashing, for input that arrives in pieces. Named apart from the one-shot Sha256()
// functions because a class and a function of one name in one namespace hide each other.
class Sha256Hasher {
 public:
  Sha256Hasher();

  void Update(std::span<const uint8_t> bytes);
  void Update(std::string_view text);

  // Digest of everything given so far. The hasher is left as it was, so more input can follow
  // and a later Finish() covers the longer message.
  Sha256Digest Finish() const;

 private:
  static constexpr size_t kBlockBytes = 64;

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, kBlockBytes> pending_{};  // the tail that does not fill a block yet
  size_t pending_size_ = 0;
  uint64_t total_bytes_ = 0;  // the padding encodes the length modulo 2^64 bits
};

Sha256Digest Sha256(std::span<const uint8_t> bytes);
Sha256Digest Sha256(std::string_view text);

// Lowercase hexadecimal, as sha256sum prints it.
std::string ToHex(const Sha256Digest& digest);

}  // namespace metallab::crypto

#endif  // METALLAB_CORE_CRYPTO_SHA256_H_
