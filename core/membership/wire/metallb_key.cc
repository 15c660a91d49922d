#include "core/membership/wire/metallb_key.h"

#include <algorithm>

#include "core/crypto/sha256.h"

namespace metallab::memberlist_wire {

std::optional<std::vector<uint8_t>> MetallbMemberlistKey(std::string_view secret) {
  if (secret.empty()) return std::nullopt;
  std::vector<uint8_t> key(secret.begin(), secret.end());
  const crypto::Sha256Digest empty_digest = crypto::Sha256(std::string_view{});
  key.insert(key.end(), empty_digest.begin(), empty_digest.end());
  key.resize(kMetallbKeySize);
  return key;
}

}  // namespace metallab::memberlist_wire
