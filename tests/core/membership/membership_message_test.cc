#include "core/membership/membership_message.h"

#include <catch2/catch.hpp>

namespace metallab::membership {
namespace {

runtime::UdpEndpoint Endpoint(const char* address, uint16_t port) {
  return {*net::IpAddress::Parse(address), port};
}

TEST_CASE("a ping encodes to exact bytes", "[membership]") {
  const Ping ping{0x01020304, "w1", Endpoint("192.0.2.1", 7946), "m"};
  CHECK(EncodeMessage(ping) == std::vector<uint8_t>{0x00, 0x01, 0x02, 0x03, 0x04, 0x02, 'w', '1',
                                                    0x04, 0xc0, 0x00, 0x02, 0x01, 0x1f, 0x0a, 0x01,
                                                    'm'});
}

TEST_CASE("a compound carries each part's length up front", "[membership]") {
  const auto ack = EncodeMessage(Ack{7});
  const auto dead = EncodeMessage(Dead{2, "a", "b"});
  CHECK(EncodeCompound({ack, dead}) ==
        std::vector<uint8_t>{0x07, 0x02, 0x00, 0x05, 0x00, 0x09,  // header
                             0x02, 0x00, 0x00, 0x00, 0x07,        // ack 7
                             0x05, 0x00, 0x00, 0x00, 0x02, 0x01, 'a', 0x01, 'b'});
  CHECK(EncodeCompound({ack}) == ack);  // one message is sent bare
}

TEST_CASE("every message decodes to what was encoded", "[membership]") {
  const std::vector<Message> messages = {
      Ping{1, "n1", Endpoint("192.0.2.1", 7946), "n0"},
      IndirectPing{2, Endpoint("2001:db8::2", 7946), "n2", Endpoint("192.0.2.1", 1), "n0"},
      Ack{0xffffffff},
      Suspect{3, "n2", "n0"},
      Alive{4, "n3", Endpoint("2001:db8::3", 7946)},
      Dead{5, "n3", "n3"},
      PushPull{true,
               false,
               {{"n0", Endpoint("192.0.2.1", 7946), 1, MemberState::kAlive},
                {"n1", Endpoint("2001:db8::1", 7946), 9, MemberState::kLeft}}},
      PushPull{false, true, {}},
  };
  std::vector<std::vector<uint8_t>> parts;
  for (const Message& message : messages) {
    const auto bytes = EncodeMessage(message);
    const auto decoded = DecodeDatagram(bytes);
    REQUIRE(std::holds_alternative<std::vector<Message>>(decoded));
    CHECK(std::get<std::vector<Message>>(decoded) == std::vector<Message>{message});
    parts.push_back(bytes);
  }
  const auto compound = DecodeDatagram(EncodeCompound(parts));
  REQUIRE(std::holds_alternative<std::vector<Message>>(compound));
  CHECK(std::get<std::vector<Message>>(compound) == messages);
}

TEST_CASE("bad datagrams are refused with the byte offset of the problem", "[membership]") {
  struct Case {
    std::vector<uint8_t> bytes;
    size_t offset;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, 0, "empty datagram"},
      {{0x09}, 0, "unknown message type 9"},
      {{0x02, 0x00}, 1, "ack seq: 2 bytes needed, 1 left"},
      {{0x02, 0x00, 0x00, 0x00}, 3, "ack seq: 2 bytes needed, 1 left"},
      {{0x02, 0x00, 0x00, 0x00, 0x01, 0xaa}, 5, "1 trailing bytes"},
      {{0x03, 0x00, 0x00, 0x00, 0x01, 0x05, 'a'}, 6, "node: 5 bytes needed, 1 left"},
      {{0x04, 0x00, 0x00, 0x00, 0x01, 0x01, 'a', 0x05},
       7,
       "alive address: address family 5 is neither 4 nor 6"},
      {{0x06, 0x00, 0xff, 0xff}, 4, "push-pull count 65535 exceeds the datagram"},
      {{0x07, 0x01, 0x00, 0x01, 0x07}, 4, "a compound inside a compound"},
      {{0x07, 0x02, 0x00, 0x05}, 4, "compound length: 2 bytes needed, 0 left"},
      {{0x07, 0x01, 0x00, 0x09, 0x02}, 4, "compound part of 9 bytes, 1 left"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const auto decoded = DecodeDatagram(c.bytes);
    REQUIRE(std::holds_alternative<DecodeError>(decoded));
    CHECK(std::get<DecodeError>(decoded).offset == c.offset);
    CHECK(std::get<DecodeError>(decoded).message == c.message);
  }
}

}  // namespace
}  // namespace metallab::membership
