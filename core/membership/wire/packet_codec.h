// A whole UDP packet of memberlist, in both directions, in the order memberlist applies the
// layers (net.go rawSendMsgPacket; ingestPacket, handleCommand):
//
//   send:    message (or compound) → compress (when on and smaller) → CRC header (peer speaks protocol ≥ 5) → encrypt (keyring's
//            primary, label as additional data) → label header
//   receive: label header (must equal ours) → decrypt (every key) → CRC check → the message,
//            a compound's parts and a compressed message's contents each in turn
//
// Like handleCommand, one bad message costs only itself: the packet's other messages are still
// delivered, and the bad one is reported beside them. A packet is refused whole only when its
// outer layers are wrong (label, decryption, checksum, a compound's length table).
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_PACKET_CODEC_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_PACKET_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/membership/wire/encryption.h"
#include "core/membership/wire/message_codec.h"

namespace metallab::memberlist_wire {

// Compounds inside compounds (and compressed messages inside them) nest at most this deep;
// memberlist recurses without a bound, metallab refuses what no memberlist sends.
constexpr size_t kMaxPacketNesting = 4;

struct ReceiveOptions {
  std::string label;                      // Config.Label; a packet's label must equal it
  bool skip_inbound_label_check = false;  // SkipInboundLabelCheck: take unlabeled packets as ours
  const Keyring* keyring = nullptr;       // nullptr or empty: encryption off
  // GossipVerifyIncoming: with it off, a packet that does not decrypt is read as plaintext.
  bool verify_incoming = true;
};

struct ReceivedPacket {
  std::string label;
  bool decrypted = false;
  bool had_crc = false;
  std::vector<Message> messages;   // in packet order, compounds flattened
  std::vector<WireError> dropped;  // messages memberlist would log and skip
  size_t truncated_parts = 0;      // compound parts cut off by the packet's end
};

std::variant<ReceivedPacket, WireError> DecodePacket(std::span<const uint8_t> datagram,
                                                     const ReceiveOptions& options);

struct SendOptions {
  std::string label;
  bool compress = false;             // EnableCompression: LZW when it shrinks the message
  bool add_crc = false;              // the peer's protocol max is 5 or more
  const Keyring* keyring = nullptr;  // nullptr or empty: no encryption
  EncryptionVersion version = EncryptionVersion::kUnpadded;
  Nonce nonce{};  // from a secure random source, fresh for every packet (encryption.h)
};

// `message` is one encoded message or compound. The error: a label too long, or encryption
// failed.
std::variant<std::vector<uint8_t>, std::string> EncodePacket(std::span<const uint8_t> message,
                                                             const SendOptions& options);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_PACKET_CODEC_H_
