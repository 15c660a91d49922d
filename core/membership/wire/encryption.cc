#include "core/membership/wire/encryption.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include <openssl/evp.h>

namespace metallab::memberlist_wire {
namespace {

constexpr size_t kVersionSize = 1;

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const EVP_CIPHER* GcmFor(size_t key_size) {
  switch (key_size) {
    case 16:
      return EVP_aes_128_gcm();
    case 24:
      return EVP_aes_192_gcm();
    case 32:
      return EVP_aes_256_gcm();
    default:
      return nullptr;
  }
}

bool FitsInt(size_t size) { return size <= static_cast<size_t>(std::numeric_limits<int>::max()); }

// Go's gcm.Seal: ciphertext followed by the 16-byte tag, appended to `out`.
bool Seal(std::span<const uint8_t> key, const Nonce& nonce, std::span<const uint8_t> plaintext,
          std::span<const uint8_t> additional_data, std::vector<uint8_t>& out) {
  const EVP_CIPHER* cipher = GcmFor(key.size());
  if (cipher == nullptr || !FitsInt(plaintext.size()) || !FitsInt(additional_data.size())) {
    return false;
  }
  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context) return false;
  int written = 0;
  if (EVP_EncryptInit_ex(context.get(), cipher, nullptr, key.data(), nonce.data()) != 1) {
    return false;
  }
  if (!additional_data.empty() &&
      EVP_EncryptUpdate(context.get(), nullptr, &written, additional_data.data(),
                        static_cast<int>(additional_data.size())) != 1) {
    return false;
  }
  const size_t start = out.size();
  out.resize(start + plaintext.size() + kTagSize);
  int total = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(context.get(), out.data() + start, &written, plaintext.data(),
                          static_cast<int>(plaintext.size())) != 1) {
      return false;
    }
    total = written;
  }
  if (EVP_EncryptFinal_ex(context.get(), out.data() + start + total, &written) != 1) return false;
  total += written;
  if (static_cast<size_t>(total) != plaintext.size()) return false;
  return EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                             out.data() + start + total) == 1;
}

// Go's gcm.Open: nullopt when the tag does not verify under this key.
std::optional<std::vector<uint8_t>> Open(std::span<const uint8_t> key,
                                         std::span<const uint8_t> nonce,
                                         std::span<const uint8_t> sealed,
                                         std::span<const uint8_t> additional_data) {
  const EVP_CIPHER* cipher = GcmFor(key.size());
  if (cipher == nullptr || sealed.size() < kTagSize || !FitsInt(sealed.size()) ||
      !FitsInt(additional_data.size())) {
    return std::nullopt;
  }
  const auto ciphertext = sealed.first(sealed.size() - kTagSize);
  std::array<uint8_t, kTagSize> tag;
  std::copy(sealed.end() - kTagSize, sealed.end(), tag.begin());
  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context) return std::nullopt;
  int written = 0;
  if (EVP_DecryptInit_ex(context.get(), cipher, nullptr, key.data(), nonce.data()) != 1) {
    return std::nullopt;
  }
  if (!additional_data.empty() &&
      EVP_DecryptUpdate(context.get(), nullptr, &written, additional_data.data(),
                        static_cast<int>(additional_data.size())) != 1) {
    return std::nullopt;
  }
  std::vector<uint8_t> plaintext(ciphertext.size());
  int total = 0;
  if (!ciphertext.empty()) {
    if (EVP_DecryptUpdate(context.get(), plaintext.data(), &written, ciphertext.data(),
                          static_cast<int>(ciphertext.size())) != 1) {
      return std::nullopt;
    }
    total = written;
  }
  if (EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1) {
    return std::nullopt;
  }
  if (EVP_DecryptFinal_ex(context.get(), plaintext.data() + total, &written) != 1) {
    return std::nullopt;  // the tag did not verify
  }
  return plaintext;
}

}  // namespace

EncryptionVersion EncryptionVersionFor(int protocol_version) {
  return protocol_version == 1 ? EncryptionVersion::kPkcs7Padded : EncryptionVersion::kUnpadded;
}

size_t EncryptedLength(EncryptionVersion version, size_t plaintext_size) {
  if (version == EncryptionVersion::kUnpadded) {
    return kVersionSize + kNonceSize + plaintext_size + kTagSize;
  }
  const size_t padding = kAesBlockSize - plaintext_size % kAesBlockSize;
  return kVersionSize + kNonceSize + plaintext_size + padding + kTagSize;
}

size_t EncryptOverhead(EncryptionVersion version) {
  return version == EncryptionVersion::kUnpadded ? 29 : 45;
}

bool IsValidKeySize(size_t size) { return size == 16 || size == 24 || size == 32; }

std::variant<Keyring, std::string> Keyring::Create(std::vector<Key> keys, Key primary) {
  Keyring keyring;
  if (keys.empty() && primary.empty()) return keyring;
  if (primary.empty()) return std::string("an empty primary key is not allowed");
  if (auto error = keyring.AddKey(std::move(primary))) return *error;
  for (Key& key : keys) {
    if (auto error = keyring.AddKey(std::move(key))) return *error;
  }
  return keyring;
}

std::span<const uint8_t> Keyring::primary() const {
  if (keys_.empty()) return {};
  return keys_.front();
}

std::optional<std::string> Keyring::AddKey(Key key) {
  if (!IsValidKeySize(key.size())) {
    return "a key of " + std::to_string(key.size()) + " bytes; it must be 16, 24 or 32";
  }
  if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) keys_.push_back(std::move(key));
  return std::nullopt;
}

std::optional<std::string> Keyring::UseKey(std::span<const uint8_t> key) {
  const auto found = std::find_if(keys_.begin(), keys_.end(), [&](const Key& installed) {
    return std::equal(installed.begin(), installed.end(), key.begin(), key.end());
  });
  if (found == keys_.end()) return std::string("the requested key is not in the keyring");
  std::rotate(keys_.begin(), found, found + 1);  // to the front, the others keep their order
  return std::nullopt;
}

std::optional<std::string> Keyring::RemoveKey(std::span<const uint8_t> key) {
  if (!keys_.empty() && std::equal(keys_[0].begin(), keys_[0].end(), key.begin(), key.end())) {
    return std::string("removing the primary key is not allowed");
  }
  std::erase_if(keys_, [&](const Key& installed) {
    return std::equal(installed.begin(), installed.end(), key.begin(), key.end());
  });
  return std::nullopt;
}

std::variant<std::vector<uint8_t>, std::string> EncryptPayload(
    EncryptionVersion version, std::span<const uint8_t> key, std::span<const uint8_t> message,
    std::span<const uint8_t> additional_data, const Nonce& nonce) {
  if (!IsValidKeySize(key.size())) {
    return "a key of " + std::to_string(key.size()) + " bytes; it must be 16, 24 or 32";
  }
  std::vector<uint8_t> out;
  out.reserve(EncryptedLength(version, message.size()));
  out.push_back(static_cast<uint8_t>(version));
  out.insert(out.end(), nonce.begin(), nonce.end());
  std::vector<uint8_t> padded;
  std::span<const uint8_t> plaintext = message;
  if (version == EncryptionVersion::kPkcs7Padded) {
    // pkcs7encode: 1 to 16 bytes, each holding the count, so a whole block when aligned.
    const size_t padding = kAesBlockSize - message.size() % kAesBlockSize;
    padded.assign(message.begin(), message.end());
    padded.insert(padded.end(), padding, static_cast<uint8_t>(padding));
    plaintext = padded;
  }
  if (!Seal(key, nonce, plaintext, additional_data, out)) {
    return std::string("AES-GCM encryption failed");
  }
  return out;
}

std::variant<std::vector<uint8_t>, WireError> DecryptPayload(
    const Keyring& keyring, std::span<const uint8_t> encrypted,
    std::span<const uint8_t> additional_data, size_t base_offset) {
  if (encrypted.empty()) return WireError{base_offset, "cannot decrypt an empty payload", true};
  const uint8_t version_byte = encrypted[0];
  if (version_byte > static_cast<uint8_t>(EncryptionVersion::kUnpadded)) {
    return WireError{base_offset, "unsupported encryption version " + std::to_string(version_byte)};
  }
  const auto version = static_cast<EncryptionVersion>(version_byte);
  if (encrypted.size() < EncryptedLength(version, 0)) {
    return WireError{base_offset, "payload of " + std::to_string(encrypted.size()) +
                                      " bytes is too small to decrypt (at least " +
                                      std::to_string(EncryptedLength(version, 0)) + ")"};
  }
  const auto nonce = encrypted.subspan(kVersionSize, kNonceSize);
  const auto sealed = encrypted.subspan(kVersionSize + kNonceSize);
  for (const Keyring::Key& key : keyring.keys()) {
    auto plaintext = Open(key, nonce, sealed, additional_data);
    if (!plaintext) continue;
    if (version == EncryptionVersion::kPkcs7Padded) {
      const size_t padding = plaintext->empty() ? 0 : plaintext->back();
      const bool valid =
          padding >= 1 && padding <= kAesBlockSize && padding <= plaintext->size() &&
          std::all_of(plaintext->end() - static_cast<std::ptrdiff_t>(padding), plaintext->end(),
                      [&](uint8_t byte) { return byte == padding; });
      if (!valid) {
        return WireError{base_offset + kVersionSize + kNonceSize,
                         "decrypted payload does not end in PKCS#7 padding"};
      }
      plaintext->resize(plaintext->size() - padding);
    }
    return std::move(*plaintext);
  }
  return WireError{base_offset, keyring.empty() ? "no keys installed to decrypt with"
                                                : "no installed key could decrypt the message"};
}

std::variant<std::vector<uint8_t>, std::string> EncryptStreamMessage(
    EncryptionVersion version, std::span<const uint8_t> key, std::span<const uint8_t> message,
    std::string_view label, const Nonce& nonce) {
  const size_t length = EncryptedLength(version, message.size());
  if (length > std::numeric_limits<uint32_t>::max()) return std::string("message too long");
  std::vector<uint8_t> out = {static_cast<uint8_t>(MessageType::kEncrypt),
                              static_cast<uint8_t>(length >> 24),
                              static_cast<uint8_t>(length >> 16), static_cast<uint8_t>(length >> 8),
                              static_cast<uint8_t>(length)};
  std::vector<uint8_t> additional_data(out.begin(), out.end());
  additional_data.insert(additional_data.end(), label.begin(), label.end());
  auto encrypted = EncryptPayload(version, key, message, additional_data, nonce);
  if (auto* error = std::get_if<std::string>(&encrypted)) return std::move(*error);
  const auto& bytes = std::get<std::vector<uint8_t>>(encrypted);
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

std::variant<DecryptedStream, WireError> DecryptStreamMessage(const Keyring& keyring,
                                                              std::span<const uint8_t> stream,
                                                              std::string_view label) {
  if (stream.empty() || stream[0] != static_cast<uint8_t>(MessageType::kEncrypt)) {
    return WireError{0, "an encrypted stream message starts with byte 10 (encrypt)",
                     stream.empty()};
  }
  if (stream.size() < kStreamEncryptHeaderSize) {
    return WireError{1, "encrypt: the length is cut short", true};
  }
  const size_t length = (size_t{stream[1]} << 24) | (size_t{stream[2]} << 16) |
                        (size_t{stream[3]} << 8) | size_t{stream[4]};
  if (length > kMaxEncryptedStreamBytes) {
    return WireError{1, "encrypt: remote state of " + std::to_string(length) +
                            " bytes is larger than the limit (" +
                            std::to_string(kMaxEncryptedStreamBytes) + ")"};
  }
  if (stream.size() - kStreamEncryptHeaderSize < length) {
    return WireError{kStreamEncryptHeaderSize,
                     "encrypt: " + std::to_string(length) + " bytes announced, " +
                         std::to_string(stream.size() - kStreamEncryptHeaderSize) + " so far",
                     true};
  }
  std::vector<uint8_t> additional_data(stream.begin(), stream.begin() + kStreamEncryptHeaderSize);
  additional_data.insert(additional_data.end(), label.begin(), label.end());
  auto plaintext = DecryptPayload(keyring, stream.subspan(kStreamEncryptHeaderSize, length),
                                  additional_data, kStreamEncryptHeaderSize);
  if (auto* error = std::get_if<WireError>(&plaintext)) return std::move(*error);
  return DecryptedStream{std::move(std::get<std::vector<uint8_t>>(plaintext)),
                         kStreamEncryptHeaderSize + length};
}

}  // namespace metallab::memberlist_wire
