// The BFD Control packet (RFC 5880 §4.1) to and from bytes: the 24-byte mandatory section that
// carries the sender's state, diagnostic, discriminators and timer wishes. Decoding applies
// every §6.8.6 reception check that can be judged from the packet alone, so a session only ever
// sees packets the RFC lets it act on; a rejection names the field that failed.
//
//    0                   1                   2                   3
//   |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
//   |                       My Discriminator                        |
//   |                      Your Discriminator                       |
//   |                    Desired Min TX Interval                    |
//   |                   Required Min RX Interval                    |
//   |                 Required Min Echo RX Interval                 |
//
// Integers are big-endian, intervals in microseconds. Authentication sections are not
// supported: a packet with the A bit set is discarded, as §6.8.6 requires of a session without
// authentication configured.
#ifndef METALLAB_CORE_BFD_CONTROL_PACKET_H_
#define METALLAB_CORE_BFD_CONTROL_PACKET_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace metallab::bfd {

inline constexpr uint8_t kBfdVersion = 1;
inline constexpr size_t kControlPacketLength = 24;
// §6.8.6: with the A bit set the length must also cover the 2-byte auth type and length.
inline constexpr size_t kMinAuthenticatedLength = 26;

enum class SessionState : uint8_t { kAdminDown = 0, kDown = 1, kInit = 2, kUp = 3 };
const char* SessionStateName(SessionState state);

// §4.1's diagnostic codes. The field is 5 bits wide; values 9–31 are reserved but still carried,
// so a decoded packet re-encodes to the same bytes.
enum class Diagnostic : uint8_t {
  kNone = 0,
  kControlDetectionTimeExpired = 1,
  kEchoFunctionFailed = 2,
  kNeighborSignaledSessionDown = 3,
  kForwardingPlaneReset = 4,
  kPathDown = 5,
  kConcatenatedPathDown = 6,
  kAdministrativelyDown = 7,
  kReverseConcatenatedPathDown = 8,
};
const char* DiagnosticName(Diagnostic diag);

struct ControlPacket {
  Diagnostic diag = Diagnostic::kNone;
  SessionState state = SessionState::kDown;
  bool poll = false;
  bool final = false;
  bool control_plane_independent = false;
  bool authentication_present = false;
  bool demand = false;
  bool multipoint = false;
  uint8_t detect_mult = 0;
  uint32_t my_discriminator = 0;
  uint32_t your_discriminator = 0;
  uint32_t desired_min_tx_us = 0;
  uint32_t required_min_rx_us = 0;
  uint32_t required_min_echo_rx_us = 0;
  friend bool operator==(const ControlPacket&, const ControlPacket&) = default;
};

// Version 1, Length 24: the packet exactly as a session without authentication sends it.
std::vector<uint8_t> EncodeControlPacket(const ControlPacket& packet);

// The field a rejected datagram failed on, in §6.8.6's order of checks.
enum class DecodeField : uint8_t {
  kVersion,
  kLength,
  kDetectMult,
  kMultipoint,
  kMyDiscriminator,
  kYourDiscriminator,
  kAuthentication,
};
const char* DecodeFieldName(DecodeField field);

struct DecodeError {
  DecodeField field;
  std::string message;  // names the field and the offending value
};

// The packet in `datagram` (bytes past its Length field are ignored), or why §6.8.6 discards it.
std::variant<ControlPacket, DecodeError> DecodeControlPacket(std::span<const uint8_t> datagram);

}  // namespace metallab::bfd

#endif  // METALLAB_CORE_BFD_CONTROL_PACKET_H_
