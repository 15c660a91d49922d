#include "core/bfd/control_packet.h"

#include <catch2/catch.hpp>

namespace metallab::bfd {
namespace {

ControlPacket UpPacket() {
  ControlPacket packet;
  packet.diag = Diagnostic::kControlDetectionTimeExpired;
  packet.state = SessionState::kUp;
  packet.poll = true;
  packet.detect_mult = 3;
  packet.my_discriminator = 0x11223344;
  packet.your_discriminator = 0x55667788;
  packet.desired_min_tx_us = 300'000;
  packet.required_min_rx_us = 300'000;
  packet.required_min_echo_rx_us = 50'000;
  return packet;
}

// The golden bytes of UpPacket(), written out field by field from RFC 5880 §4.1.
const std::vector<uint8_t> kUpPacketBytes = {
    0x21,                    // version 1 (001) | diag 1 (00001)
    0xe0,                    // state Up (11) | P (1) F C A D M (00000)
    0x03,                    // detect mult 3
    0x18,                    // length 24
    0x11, 0x22, 0x33, 0x44,  // my discriminator
    0x55, 0x66, 0x77, 0x88,  // your discriminator
    0x00, 0x04, 0x93, 0xe0,  // desired min tx 300000 µs
    0x00, 0x04, 0x93, 0xe0,  // required min rx 300000 µs
    0x00, 0x00, 0xc3, 0x50,  // required min echo rx 50000 µs
};

// UpPacket()'s bytes with one byte changed.
std::vector<uint8_t> With(size_t at, uint8_t value) {
  std::vector<uint8_t> bytes = kUpPacketBytes;
  bytes[at] = value;
  return bytes;
}

DecodeError Rejection(const std::vector<uint8_t>& bytes) {
  const auto decoded = DecodeControlPacket(bytes);
  REQUIRE(std::holds_alternative<DecodeError>(decoded));
  return std::get<DecodeError>(decoded);
}

TEST_CASE("a control packet encodes to the RFC 5880 layout", "[bfd]") {
  CHECK(EncodeControlPacket(UpPacket()) == kUpPacketBytes);
}

TEST_CASE("a control packet decodes from the RFC 5880 layout", "[bfd]") {
  const auto decoded = DecodeControlPacket(kUpPacketBytes);
  REQUIRE(std::holds_alternative<ControlPacket>(decoded));
  CHECK(std::get<ControlPacket>(decoded) == UpPacket());
}

TEST_CASE("every flag bit and state survives a round trip", "[bfd]") {
  ControlPacket packet = UpPacket();
  packet.poll = false;
  packet.final = true;
  packet.control_plane_independent = true;
  packet.demand = true;
  packet.diag = static_cast<Diagnostic>(31);  // reserved, still carried
  const std::vector<uint8_t> bytes = EncodeControlPacket(packet);
  CHECK(bytes[0] == 0x3f);
  CHECK(bytes[1] == (0xc0 | 0x10 | 0x08 | 0x02));
  const auto decoded = DecodeControlPacket(bytes);
  REQUIRE(std::holds_alternative<ControlPacket>(decoded));
  CHECK(std::get<ControlPacket>(decoded) == packet);
  CHECK(std::string(DiagnosticName(packet.diag)) == "reserved");
}

TEST_CASE("bytes past the Length field are ignored", "[bfd]") {
  std::vector<uint8_t> bytes = kUpPacketBytes;
  bytes.insert(bytes.end(), {0xde, 0xad});
  const auto decoded = DecodeControlPacket(bytes);
  REQUIRE(std::holds_alternative<ControlPacket>(decoded));
  CHECK(std::get<ControlPacket>(decoded) == UpPacket());
}

TEST_CASE("a datagram too short for the header is rejected on its length", "[bfd]") {
  for (size_t size : {0, 1, 3}) {
    INFO("size " << size);
    const DecodeError error =
        Rejection(std::vector<uint8_t>(kUpPacketBytes.begin(), kUpPacketBytes.begin() + size));
    CHECK(error.field == DecodeField::kLength);
    CHECK(error.message == "length: datagram of " + std::to_string(size) +
                               " bytes is shorter than the 24-byte control packet");
  }
}

TEST_CASE("a version other than 1 is rejected", "[bfd]") {
  const DecodeError error = Rejection(With(0, 0x41));  // version 2
  CHECK(error.field == DecodeField::kVersion);
  CHECK(error.message == "version: 2, expected 1");
  CHECK(Rejection(With(0, 0x01)).field == DecodeField::kVersion);  // version 0
}

TEST_CASE("a Length below 24 is rejected", "[bfd]") {
  const DecodeError error = Rejection(With(3, 23));
  CHECK(error.field == DecodeField::kLength);
  CHECK(error.message == "length: 23 is below the minimum of 24");
}

TEST_CASE("a Length beyond the datagram is rejected", "[bfd]") {
  const DecodeError error = Rejection(With(3, 25));
  CHECK(error.field == DecodeField::kLength);
  CHECK(error.message == "length: 25 exceeds the 24-byte datagram");
  const std::vector<uint8_t> truncated(kUpPacketBytes.begin(), kUpPacketBytes.begin() + 20);
  CHECK(Rejection(truncated).message == "length: 24 exceeds the 20-byte datagram");
}

TEST_CASE("a zero Detect Mult is rejected", "[bfd]") {
  const DecodeError error = Rejection(With(2, 0));
  CHECK(error.field == DecodeField::kDetectMult);
  CHECK(error.message == "detect mult: 0");
}

TEST_CASE("the Multipoint bit is rejected", "[bfd]") {
  const DecodeError error = Rejection(With(1, 0xe1));
  CHECK(error.field == DecodeField::kMultipoint);
  CHECK(error.message == "multipoint bit: set (multipoint is reserved)");
}

TEST_CASE("a zero My Discriminator is rejected", "[bfd]") {
  ControlPacket packet = UpPacket();
  packet.my_discriminator = 0;
  const DecodeError error = Rejection(EncodeControlPacket(packet));
  CHECK(error.field == DecodeField::kMyDiscriminator);
  CHECK(error.message == "my discriminator: 0");
}

TEST_CASE("a zero Your Discriminator is only accepted in Down and AdminDown", "[bfd]") {
  ControlPacket packet = UpPacket();
  packet.your_discriminator = 0;
  for (SessionState state : {SessionState::kInit, SessionState::kUp}) {
    packet.state = state;
    const DecodeError error = Rejection(EncodeControlPacket(packet));
    CHECK(error.field == DecodeField::kYourDiscriminator);
    CHECK(error.message ==
          std::string("your discriminator: 0 in state ") + SessionStateName(state));
  }
  for (SessionState state : {SessionState::kDown, SessionState::kAdminDown}) {
    packet.state = state;
    CHECK(std::holds_alternative<ControlPacket>(DecodeControlPacket(EncodeControlPacket(packet))));
  }
}

TEST_CASE("the Authentication bit is rejected: no authentication is configured", "[bfd]") {
  ControlPacket packet = UpPacket();
  packet.authentication_present = true;
  std::vector<uint8_t> bytes = EncodeControlPacket(packet);
  // With A set, Length must cover the auth type and length bytes too.
  const DecodeError short_auth = Rejection(bytes);
  CHECK(short_auth.field == DecodeField::kLength);
  CHECK(short_auth.message == "length: 24 is below the minimum of 26");
  bytes[3] = 26;
  bytes.insert(bytes.end(), {0x01, 0x02});  // simple password, length 2
  const DecodeError error = Rejection(bytes);
  CHECK(error.field == DecodeField::kAuthentication);
  CHECK(error.message == "authentication bit: set, but authentication is not supported");
}

TEST_CASE("checks run in RFC 5880 §6.8.6's order", "[bfd]") {
  // Bad version and zero detect mult: the version is reported.
  std::vector<uint8_t> bytes = With(0, 0x41);
  bytes[2] = 0;
  CHECK(Rejection(bytes).field == DecodeField::kVersion);
  // Zero detect mult and multipoint: the detect mult is reported.
  bytes = With(2, 0);
  bytes[1] |= 0x01;
  CHECK(Rejection(bytes).field == DecodeField::kDetectMult);
}

}  // namespace
}  // namespace metallab::bfd
