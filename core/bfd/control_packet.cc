#include "core/bfd/control_packet.h"

#include "core/wire/byte_reader.h"
#include "core/wire/byte_writer.h"

namespace metallab::bfd {
namespace {

constexpr uint8_t kPollBit = 0x20;
constexpr uint8_t kFinalBit = 0x10;
constexpr uint8_t kControlPlaneIndependentBit = 0x08;
constexpr uint8_t kAuthenticationBit = 0x04;
constexpr uint8_t kDemandBit = 0x02;
constexpr uint8_t kMultipointBit = 0x01;

uint8_t Bit(bool set, uint8_t mask) { return set ? mask : 0; }

DecodeError Reject(DecodeField field, const std::string& detail) {
  return DecodeError{field, std::string(DecodeFieldName(field)) + ": " + detail};
}

// The fixed header fields; the caller has checked that 24 bytes are there.
ControlPacket ReadFields(std::span<const uint8_t> bytes) {
  wire::ByteReader reader(bytes);
  ControlPacket packet;
  packet.diag = static_cast<Diagnostic>(reader.U8() & 0x1f);
  const uint8_t state_and_flags = reader.U8();
  packet.state = static_cast<SessionState>(state_and_flags >> 6);
  packet.poll = (state_and_flags & kPollBit) != 0;
  packet.final = (state_and_flags & kFinalBit) != 0;
  packet.control_plane_independent = (state_and_flags & kControlPlaneIndependentBit) != 0;
  packet.authentication_present = (state_and_flags & kAuthenticationBit) != 0;
  packet.demand = (state_and_flags & kDemandBit) != 0;
  packet.multipoint = (state_and_flags & kMultipointBit) != 0;
  packet.detect_mult = reader.U8();
  reader.U8();  // Length, which the caller has judged
  packet.my_discriminator = reader.U32();
  packet.your_discriminator = reader.U32();
  packet.desired_min_tx_us = reader.U32();
  packet.required_min_rx_us = reader.U32();
  packet.required_min_echo_rx_us = reader.U32();
  return packet;
}

}  // namespace

const char* SessionStateName(SessionState state) {
  switch (state) {
    case SessionState::kAdminDown:
      return "AdminDown";
    case SessionState::kDown:
      return "Down";
    case SessionState::kInit:
      return "Init";
    case SessionState::kUp:
      return "Up";
  }
  return "unknown";
}

const char* DiagnosticName(Diagnostic diag) {
  switch (diag) {
    case Diagnostic::kNone:
      return "No Diagnostic";
    case Diagnostic::kControlDetectionTimeExpired:
      return "Control Detection Time Expired";
    case Diagnostic::kEchoFunctionFailed:
      return "Echo Function Failed";
    case Diagnostic::kNeighborSignaledSessionDown:
      return "Neighbor Signaled Session Down";
    case Diagnostic::kForwardingPlaneReset:
      return "Forwarding Plane Reset";
    case Diagnostic::kPathDown:
      return "Path Down";
    case Diagnostic::kConcatenatedPathDown:
      return "Concatenated Path Down";
    case Diagnostic::kAdministrativelyDown:
      return "Administratively Down";
    case Diagnostic::kReverseConcatenatedPathDown:
      return "Reverse Concatenated Path Down";
  }
  return "reserved";
}

const char* DecodeFieldName(DecodeField field) {
  switch (field) {
    case DecodeField::kVersion:
      return "version";
    case DecodeField::kLength:
      return "length";
    case DecodeField::kDetectMult:
      return "detect mult";
    case DecodeField::kMultipoint:
      return "multipoint bit";
    case DecodeField::kMyDiscriminator:
      return "my discriminator";
    case DecodeField::kYourDiscriminator:
      return "your discriminator";
    case DecodeField::kAuthentication:
      return "authentication bit";
  }
  return "unknown";
}

std::vector<uint8_t> EncodeControlPacket(const ControlPacket& packet) {
  std::vector<uint8_t> out;
  out.reserve(kControlPacketLength);
  wire::ByteWriter writer(out);
  writer.U8(static_cast<uint8_t>(kBfdVersion << 5 | (static_cast<uint8_t>(packet.diag) & 0x1f)));
  writer.U8(static_cast<uint8_t>(
      static_cast<uint8_t>(packet.state) << 6 | Bit(packet.poll, kPollBit) |
      Bit(packet.final, kFinalBit) |
      Bit(packet.control_plane_independent, kControlPlaneIndependentBit) |
      Bit(packet.authentication_present, kAuthenticationBit) | Bit(packet.demand, kDemandBit) |
      Bit(packet.multipoint, kMultipointBit)));
  writer.U8(packet.detect_mult);
  writer.U8(static_cast<uint8_t>(kControlPacketLength));
  writer.U32(packet.my_discriminator);
  writer.U32(packet.your_discriminator);
  writer.U32(packet.desired_min_tx_us);
  writer.U32(packet.required_min_rx_us);
  writer.U32(packet.required_min_echo_rx_us);
  return out;
}

std::variant<ControlPacket, DecodeError> DecodeControlPacket(std::span<const uint8_t> datagram) {
  const size_t size = datagram.size();
  const auto too_short = [size] {
    return Reject(DecodeField::kLength,
                  "datagram of " + std::to_string(size) + " bytes is shorter than the " +
                      std::to_string(kControlPacketLength) + "-byte control packet");
  };
  if (size == 0) return too_short();
  const unsigned version = datagram[0] >> 5;
  if (version != kBfdVersion) {
    return Reject(DecodeField::kVersion, std::to_string(version) + ", expected 1");
  }
  // The Length field is the fourth byte: anything shorter cannot even state its length.
  if (size < 4) return too_short();
  const size_t length = datagram[3];
  const bool authenticated = (datagram[1] & kAuthenticationBit) != 0;
  const size_t minimum = authenticated ? kMinAuthenticatedLength : kControlPacketLength;
  if (length < minimum) {
    return Reject(DecodeField::kLength,
                  std::to_string(length) + " is below the minimum of " + std::to_string(minimum));
  }
  if (length > size) {
    return Reject(DecodeField::kLength, std::to_string(length) + " exceeds the " +
                                            std::to_string(size) + "-byte datagram");
  }
  const ControlPacket packet = ReadFields(datagram);
  if (packet.detect_mult == 0) return Reject(DecodeField::kDetectMult, "0");
  if (packet.multipoint) return Reject(DecodeField::kMultipoint, "set (multipoint is reserved)");
  if (packet.my_discriminator == 0) return Reject(DecodeField::kMyDiscriminator, "0");
  if (packet.your_discriminator == 0 && packet.state != SessionState::kDown &&
      packet.state != SessionState::kAdminDown) {
    return Reject(DecodeField::kYourDiscriminator,
                  std::string("0 in state ") + SessionStateName(packet.state));
  }
  if (authenticated) {
    return Reject(DecodeField::kAuthentication, "set, but authentication is not supported");
  }
  return packet;
}

}  // namespace metallab::bfd
