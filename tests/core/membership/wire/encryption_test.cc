// AES-GCM as memberlist uses it: a published GCM test vector through EncryptPayload (so the
// layout version ‖ nonce ‖ ciphertext ‖ tag is checked against known bytes), both versions
// round-tripped, the keyring's rotation rules, and every way decryption is refused. That Go's
// memberlist decrypts what this encrypts (and back) is interop_test.cc's.
#include "core/membership/wire/encryption.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

Keyring Ring(std::vector<Keyring::Key> keys, Keyring::Key primary) {
  auto keyring = Keyring::Create(std::move(keys), std::move(primary));
  REQUIRE(std::holds_alternative<Keyring>(keyring));
  return std::get<Keyring>(keyring);
}

std::vector<uint8_t> Encrypted(EncryptionVersion version, const std::vector<uint8_t>& key,
                               const std::vector<uint8_t>& message,
                               const std::vector<uint8_t>& data, const Nonce& nonce = {}) {
  auto encrypted = EncryptPayload(version, key, message, data, nonce);
  REQUIRE(std::holds_alternative<std::vector<uint8_t>>(encrypted));
  return std::get<std::vector<uint8_t>>(encrypted);
}

TEST_CASE("version 1 is version byte, nonce, GCM ciphertext and tag", "[memberlist_wire]") {
  // The GCM specification's test case 16 (AES-256, 96-bit IV, additional data).
  const auto key = FromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const auto iv = FromHex("cafebabefacedbaddecaf888");
  const auto plaintext = FromHex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  const auto data = FromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  Nonce nonce;
  std::copy(iv.begin(), iv.end(), nonce.begin());
  const auto encrypted = Encrypted(EncryptionVersion::kUnpadded, key, plaintext, data, nonce);
  CHECK(ToHex(encrypted) ==
        "01"
        "cafebabefacedbaddecaf888"
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
        "76fc6ece0f4e1768cddf8853bb2d551b");
  auto decrypted = DecryptPayload(Ring({}, key), encrypted, data);
  REQUIRE(std::holds_alternative<std::vector<uint8_t>>(decrypted));
  CHECK(std::get<std::vector<uint8_t>>(decrypted) == plaintext);
  CHECK(encrypted.size() == EncryptedLength(EncryptionVersion::kUnpadded, plaintext.size()));
}

TEST_CASE("version 0 pads with PKCS#7, a whole block when aligned", "[memberlist_wire]") {
  const std::vector<uint8_t> key(16, 0x42);
  for (const size_t size : {0, 1, 15, 16, 17}) {
    INFO(size);
    const std::vector<uint8_t> message(size, 0x61);
    const auto encrypted = Encrypted(EncryptionVersion::kPkcs7Padded, key, message, {});
    CHECK(encrypted.size() == EncryptedLength(EncryptionVersion::kPkcs7Padded, size));
    CHECK(encrypted.size() == 1 + 12 + (size / 16 + 1) * 16 + 16);
    CHECK(encrypted[0] == 0);
    auto decrypted = DecryptPayload(Ring({}, key), encrypted, {});
    REQUIRE(std::holds_alternative<std::vector<uint8_t>>(decrypted));
    CHECK(std::get<std::vector<uint8_t>>(decrypted) == message);
  }
  CHECK(EncryptOverhead(EncryptionVersion::kPkcs7Padded) == 45);
  CHECK(EncryptOverhead(EncryptionVersion::kUnpadded) == 29);
  CHECK(EncryptionVersionFor(1) == EncryptionVersion::kPkcs7Padded);
  CHECK(EncryptionVersionFor(2) == EncryptionVersion::kUnpadded);
}

TEST_CASE("a version-0 payload whose padding is not PKCS#7 is refused", "[memberlist_wire]") {
  // Sealed by hand as version 1, then relabelled version 0: the tag covers only the
  // ciphertext, so it opens, and the padding check must catch "…61 61 61 05".
  const std::vector<uint8_t> key(16, 0x42);
  auto encrypted = Encrypted(EncryptionVersion::kUnpadded, key, FromHex("61616105"), {});
  encrypted[0] = 0;  // 33 bytes, below version 0's minimum of 45
  CHECK(std::get<WireError>(DecryptPayload(Ring({}, key), encrypted, {})).what ==
        "payload of 33 bytes is too small to decrypt (at least 45)");
  auto longer = Encrypted(EncryptionVersion::kUnpadded, key,
                          FromHex("6161616161616161616161616161 6105"), {});
  longer[0] = 0;
  CHECK(std::get<WireError>(DecryptPayload(Ring({}, key), longer, {})) ==
        WireError{13, "decrypted payload does not end in PKCS#7 padding"});
}

TEST_CASE("decryption tries every key, and says why it failed", "[memberlist_wire]") {
  const std::vector<uint8_t> old_key(32, 1), new_key(32, 2), stranger(32, 3);
  const auto message = testing::Text("alive");
  const auto under_old = Encrypted(EncryptionVersion::kUnpadded, old_key, message, {});
  // Mid-rotation: the new key is primary, the old one still decrypts.
  auto decrypted = DecryptPayload(Ring({old_key}, new_key), under_old, {});
  REQUIRE(std::holds_alternative<std::vector<uint8_t>>(decrypted));
  CHECK(std::get<std::vector<uint8_t>>(decrypted) == message);

  CHECK(std::get<WireError>(DecryptPayload(Ring({}, stranger), under_old, {}, 7)) ==
        WireError{7, "no installed key could decrypt the message"});
  CHECK(
      std::get<WireError>(DecryptPayload(Ring({}, old_key), under_old, testing::Text("x"))).what ==
      "no installed key could decrypt the message");
  auto tampered = under_old;
  tampered[20] ^= 0x80;
  CHECK(std::holds_alternative<WireError>(DecryptPayload(Ring({}, old_key), tampered, {})));
  CHECK(std::get<WireError>(DecryptPayload(Ring({}, old_key), FromHex("02 00"), {})).what ==
        "unsupported encryption version 2");
  CHECK(std::get<WireError>(DecryptPayload(Ring({}, old_key), {}, {})).truncated);
  CHECK(std::get<WireError>(DecryptPayload(Ring({}, old_key), std::vector<uint8_t>(28, 1), {}))
            .what == "payload of 28 bytes is too small to decrypt (at least 29)");
  CHECK(std::get<WireError>(DecryptPayload(Keyring{}, under_old, {})).what ==
        "no keys installed to decrypt with");
  auto bad_key =
      EncryptPayload(EncryptionVersion::kUnpadded, std::vector<uint8_t>(20), message, {}, Nonce{});
  CHECK(std::get<std::string>(bad_key) == "a key of 20 bytes; it must be 16, 24 or 32");
}

TEST_CASE("the keyring keeps memberlist's order: primary first", "[memberlist_wire]") {
  const std::vector<uint8_t> a(16, 'a'), b(24, 'b'), c(32, 'c');
  Keyring ring = Ring({b, a, c}, a);
  CHECK(ring.keys() == std::vector<Keyring::Key>{a, b, c});
  CHECK(std::vector<uint8_t>(ring.primary().begin(), ring.primary().end()) == a);
  CHECK_FALSE(ring.UseKey(c).has_value());
  CHECK(ring.keys() == std::vector<Keyring::Key>{c, a, b});
  CHECK(ring.RemoveKey(c) == std::optional<std::string>("removing the primary key is not allowed"));
  CHECK_FALSE(ring.RemoveKey(a).has_value());
  CHECK(ring.keys() == std::vector<Keyring::Key>{c, b});
  CHECK(ring.UseKey(a) == std::optional<std::string>("the requested key is not in the keyring"));
  CHECK(ring.AddKey(std::vector<uint8_t>(5)) ==
        std::optional<std::string>("a key of 5 bytes; it must be 16, 24 or 32"));
  CHECK(std::get<std::string>(Keyring::Create({a}, {})) == "an empty primary key is not allowed");
  CHECK(Ring({}, {}).empty());
}

TEST_CASE("an encrypted stream message authenticates its header and label", "[memberlist_wire]") {
  const std::vector<uint8_t> key(32, 9);
  const Keyring ring = Ring({}, key);
  const auto message = testing::Text("\x06state");
  auto encrypted = EncryptStreamMessage(EncryptionVersion::kUnpadded, key, message, "lab", Nonce{});
  REQUIRE(std::holds_alternative<std::vector<uint8_t>>(encrypted));
  auto stream = std::get<std::vector<uint8_t>>(encrypted);
  CHECK(ToHex(std::span(stream).first(5)) == "0a00000023");  // 1 + 12 + 6 + 16 = 35
  stream.push_back(0xee);                                    // the next message's first byte

  auto decrypted = DecryptStreamMessage(ring, stream, "lab");
  REQUIRE(std::holds_alternative<DecryptedStream>(decrypted));
  CHECK(std::get<DecryptedStream>(decrypted).plaintext == message);
  CHECK(std::get<DecryptedStream>(decrypted).consumed == stream.size() - 1);

  CHECK(std::get<WireError>(DecryptStreamMessage(ring, stream, "other")).what ==
        "no installed key could decrypt the message");
  CHECK(std::get<WireError>(DecryptStreamMessage(ring, std::span(stream).first(20), "lab"))
            .truncated);
  CHECK(std::get<WireError>(DecryptStreamMessage(ring, FromHex("0a 7fffffff"), "lab")).what ==
        "encrypt: remote state of 2147483647 bytes is larger than the limit (20971520)");
}

}  // namespace
}  // namespace metallab::memberlist_wire
