// Feeds arbitrary bytes to the decoders of memberlist's wire format (core/membership/wire):
// packets through label, decryption, CRC and compounds, stream messages (push-pull and the
// rest), and the msgpack reader's skipping. The first byte picks how: bit 0 encrypts the rest
// with the fuzzer's key before decoding it (so the layers inside the encryption get coverage),
// bit 1 expects the label "lab", bit 2 decodes it as a stream instead of a packet, bit 4 wraps
// the rest in a compress message first (so the layers inside LZW get coverage), and bit 5 also
// feeds the rest to the LZW reader alone.
// Traps when a decoded message does not re-encode to something that decodes the same, when
// a stream decoder claims more bytes than it was given, when LZW output passes its limit, or
// when what LZW decompressed does not survive a compress and decompress again.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/membership/wire/compression.h"
#include "core/membership/wire/encryption.h"
#include "core/membership/wire/lzw.h"
#include "core/membership/wire/message_codec.h"
#include "core/membership/wire/packet_codec.h"
#include "core/membership/wire/stream_codec.h"
#include "core/wire/msgpack_reader.h"

namespace {

using namespace metallab::memberlist_wire;

const Keyring& FuzzKeyring() {
  static const Keyring keyring = std::get<Keyring>(
      Keyring::Create({std::vector<uint8_t>(16, 0x22)}, std::vector<uint8_t>(32, 0x11)));
  return keyring;
}

void CheckMessages(const std::vector<Message>& messages) {
  for (const Message& message : messages) {
    const auto again = DecodeMessage(EncodeMessage(message));
    const auto* back = std::get_if<Message>(&again);
    if (back == nullptr || !(*back == message)) __builtin_trap();
  }
}

void FuzzPacket(std::span<const uint8_t> bytes, bool label) {
  ReceiveOptions options;
  options.keyring = &FuzzKeyring();
  if (label) options.label = "lab";
  for (const bool verify : {true, false}) {
    options.verify_incoming = verify;
    const auto decoded = DecodePacket(bytes, options);
    if (const auto* packet = std::get_if<ReceivedPacket>(&decoded)) CheckMessages(packet->messages);
  }
  ReceiveOptions plain_options;
  if (label) plain_options.label = "lab";
  const auto plain = DecodePacket(bytes, plain_options);
  if (const auto* packet = std::get_if<ReceivedPacket>(&plain)) CheckMessages(packet->messages);
}

void FuzzStream(std::span<const uint8_t> bytes, bool encrypted, bool label) {
  StreamOptions options;
  if (label) options.label = "lab";
  if (encrypted) options.keyring = &FuzzKeyring();
  const auto decoded = DecodeStreamMessage(bytes, options);
  const auto* message = std::get_if<DecodedStreamMessage>(&decoded);
  if (message == nullptr) return;
  if (message->consumed > bytes.size()) __builtin_trap();
  const auto again = DecodeStreamMessage(EncodeStreamMessage(message->message), {});
  const auto* back = std::get_if<DecodedStreamMessage>(&again);
  if (back == nullptr || !(back->message == message->message)) __builtin_trap();
}

void FuzzLzw(std::span<const uint8_t> bytes) {
  constexpr size_t kLimit = 1 << 16;
  const auto decompressed = LzwDecompress(bytes, kLimit);
  const auto* out = std::get_if<std::vector<uint8_t>>(&decompressed);
  if (out == nullptr) return;
  if (out->size() > kLimit) __builtin_trap();
  const auto again = LzwDecompress(LzwCompress(*out), kLimit);
  const auto* back = std::get_if<std::vector<uint8_t>>(&again);
  if (back == nullptr || *back != *out) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const bool encrypt = mode & 1, label = mode & 2, stream = mode & 4;
  std::span<const uint8_t> bytes(data + 1, size - 1);

  metallab::wire::MsgpackReader reader(bytes);
  while (!reader.failed() && reader.remaining() > 0) reader.Skip();
  if (mode & 32) FuzzLzw(bytes);

  std::vector<uint8_t> compressed;
  if (mode & 16) {
    compressed = CompressMessage(bytes);
    bytes = compressed;
  }

  std::vector<uint8_t> sealed;
  if (encrypt) {
    const std::span<const uint8_t> additional_data =
        label ? std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("lab"), 3)
              : std::span<const uint8_t>();
    const Nonce nonce{};
    auto encrypted =
        stream ? EncryptStreamMessage(EncryptionVersion::kUnpadded, FuzzKeyring().primary(), bytes,
                                      label ? "lab" : "", nonce)
               : EncryptPayload(
                     mode & 8 ? EncryptionVersion::kPkcs7Padded : EncryptionVersion::kUnpadded,
                     FuzzKeyring().primary(), bytes, additional_data, nonce);
    sealed = std::move(std::get<std::vector<uint8_t>>(encrypted));
    if (label && !stream) {
      sealed.insert(sealed.begin(), {244, 3, 'l', 'a', 'b'});
    }
    bytes = sealed;
  }
  if (stream) {
    FuzzStream(bytes, encrypt, label);
  } else {
    FuzzPacket(bytes, label);
  }
  return 0;
}
