// The memberlist key MetalLB's speaker derives from the `memberlist` Secret (key `secretkey`,
// mounted at --ml-secret-key-path; metallb internal/speakerlist/speakerlist.go New):
//
//   sha := sha256.New()
//   memberListConfig.SecretKey = sha.Sum([]byte(secret))[:32]
//
// hash.Hash's Sum(b) appends the digest of what was written (nothing) to b, so the key is the
// first 32 bytes of secret ‖ SHA-256("") — the secret's own first 32 bytes when it is that long,
// not a hash of it. Always 32 bytes, so AES-256. An empty secret turns encryption off.
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_METALLB_KEY_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_METALLB_KEY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace metallab::memberlist_wire {

constexpr size_t kMetallbKeySize = 32;

// nullopt for an empty secret (MetalLB then runs memberlist unencrypted).
std::optional<std::vector<uint8_t>> MetallbMemberlistKey(std::string_view secret);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_METALLB_KEY_H_
