// memberlist's encryption (security.go, keyring.go): AES-GCM under one of the keyring's keys,
//
//   encrypted = version:u8 nonce:12 ciphertext‖tag:16
//
// version 1 encrypts the message as it is; version 0 (spoken only at protocol version 1)
// first pads it with PKCS#7 to a multiple of 16 bytes. The key's size picks AES-128, -192 or
// -256 (MetalLB's 32-byte key: AES-256, whatever security.go's comment says). The additional
// data is the packet's label (empty without one) for packets; for a stream it is the stream
// header `10:u8 length:u32be` followed by the label.
//
// A packet is encrypted whole after any CRC header, with no type byte of its own: the
// receiver knows from its configuration that packets are encrypted. A stream message is
//   10:u8 length:u32be encrypted      (encryptLocalState)
//
// Sans-I/O: the nonce comes from the caller, who must draw it from a cryptographically secure
// source (memberlist reads crypto/rand): GCM with a repeated nonce under one key leaks the
// key stream. OpenSSL stays inside encryption.cc.
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_ENCRYPTION_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_ENCRYPTION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/membership/wire/message_codec.h"

namespace metallab::memberlist_wire {

enum class EncryptionVersion : uint8_t { kPkcs7Padded = 0, kUnpadded = 1 };
// memberlist encryptionVersion(): 0 at protocol version 1, 1 above (DefaultLANConfig: 2).
EncryptionVersion EncryptionVersionFor(int protocol_version);

constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr size_t kAesBlockSize = 16;
using Nonce = std::array<uint8_t, kNonceSize>;

// encryptedLength: the size of `plaintext_size` bytes once encrypted.
size_t EncryptedLength(EncryptionVersion version, size_t plaintext_size);
// encryptOverhead: the most encryption adds (45 for version 0, 29 for version 1).
size_t EncryptOverhead(EncryptionVersion version);

// 16, 24 or 32 bytes (ValidateKey).
bool IsValidKeySize(size_t size);

// The keys a member may decrypt with, primary first; it encrypts with the primary only, so a
// rotation installs the new key everywhere, then makes it primary, then removes the old one.
class Keyring {
 public:
  using Key = std::vector<uint8_t>;

  // NewKeyring: `primary` first, then `keys` in order, duplicates dropped. The error names the
  // bad key; an empty primary with keys is refused. No keys at all: encryption off.
  static std::variant<Keyring, std::string> Create(std::vector<Key> keys, Key primary);

  bool empty() const { return keys_.empty(); }
  // The primary key, keys()[0]; empty when the ring is.
  std::span<const uint8_t> primary() const;
  const std::vector<Key>& keys() const { return keys_; }

  // AddKey: installs a key for decryption (a no-op when present); the first key added becomes
  // primary. Returns the reason when the key is refused.
  std::optional<std::string> AddKey(Key key);
  // UseKey: makes an installed key the primary.
  std::optional<std::string> UseKey(std::span<const uint8_t> key);
  // RemoveKey: the primary cannot be removed; an absent key is a no-op.
  std::optional<std::string> RemoveKey(std::span<const uint8_t> key);

 private:
  std::vector<Key> keys_;
};

// encryptPayload. Fails only for a key of the wrong size (or if OpenSSL does).
std::variant<std::vector<uint8_t>, std::string> EncryptPayload(
    EncryptionVersion version, std::span<const uint8_t> key, std::span<const uint8_t> message,
    std::span<const uint8_t> additional_data, const Nonce& nonce);

// decryptPayload: tries every key of the ring in order. The error says why: empty, an
// unknown version, too short, no key opened it, or (version 0) padding that is not PKCS#7 —
// memberlist trusts the padding once the tag verified; metallab checks it anyway.
std::variant<std::vector<uint8_t>, WireError> DecryptPayload(
    const Keyring& keyring, std::span<const uint8_t> encrypted,
    std::span<const uint8_t> additional_data, size_t base_offset = 0);

// The largest encrypted stream message memberlist reads (net.go maxPushStateBytes).
constexpr size_t kMaxEncryptedStreamBytes = size_t{20} * 1024 * 1024;
constexpr size_t kStreamEncryptHeaderSize = 5;

// encryptLocalState: `10:u8 length:u32be` then the encrypted `message`, the header and
// `label` authenticated as additional data.
std::variant<std::vector<uint8_t>, std::string> EncryptStreamMessage(
    EncryptionVersion version, std::span<const uint8_t> key, std::span<const uint8_t> message,
    std::string_view label, const Nonce& nonce);

struct DecryptedStream {
  std::vector<uint8_t> plaintext;
  size_t consumed = 0;  // bytes of the stream the encrypted message took
};

// decryptRemoteState on the bytes a stream has delivered so far, starting at the encryptMsg
// byte. A truncated error means the message is not complete yet; a length above
// kMaxEncryptedStreamBytes is refused before waiting for it.
std::variant<DecryptedStream, WireError> DecryptStreamMessage(const Keyring& keyring,
                                                              std::span<const uint8_t> stream,
                                                              std::string_view label);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_ENCRYPTION_H_
