// Every memberlist message against the bytes memberlist itself wrote for the same value
// (fixtures.h), both ways; then how liberal decoding is (go-msgpack's rules) and how bad bodies
// are refused: the field, the byte offset, nothing allocated beyond the input.
#include "core/membership/wire/message_codec.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/wire/msgpack_reader.h"
#include "tests/core/membership/wire/fixtures.h"
#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

TEST_CASE("every message encodes to memberlist's bytes", "[memberlist_wire]") {
  const auto golden = testing::MemberlistGolden();
  const auto v2 = testing::GoMsgpackV2Golden();
  for (const auto& [name, bytes] : testing::MetallabFixtures()) {
    INFO(name);
    const auto expected = v2.contains(name) ? v2.at(name) : golden.at(name);
    CHECK(ToHex(bytes) == ToHex(FromHex(expected)));
  }
}

template <typename Body>
Body DecodeGolden(const std::string& name) {
  const auto bytes = FromHex(testing::MemberlistGolden().at(name));
  wire::MsgpackReader reader(std::span<const uint8_t>(bytes).subspan(1), 1);
  Body body;
  INFO(name << ": " << (reader.error() ? reader.error()->what : ""));
  REQUIRE(DecodeBody(reader, body));
  CHECK(reader.remaining() == 0);
  return body;
}

TEST_CASE("memberlist's bytes decode to the fixtures", "[memberlist_wire]") {
  CHECK(DecodeGolden<Ping>("ping") == testing::FixturePing());
  CHECK(DecodeGolden<Ping>("ping-with-source") ==
        Ping{0x01020304, "node-b", testing::Ipv4(1), 7946, "node-a"});
  CHECK(
      DecodeGolden<IndirectPing>("indirect-ping") ==
      IndirectPing{300, testing::Ipv4(3), 7946, "node-c", true, testing::Ipv4(1), 7946, "node-a"});
  CHECK(DecodeGolden<AckResp>("ack") == AckResp{7, std::nullopt});
  CHECK(DecodeGolden<AckResp>("ack-with-payload") == AckResp{70000, std::vector<uint8_t>{1, 2, 3}});
  CHECK(DecodeGolden<NackResp>("nack") == NackResp{9});
  CHECK(DecodeGolden<ErrResp>("err") == ErrResp{"remote error"});
  CHECK(DecodeGolden<Suspect>("suspect") == testing::FixtureSuspect());
  CHECK(DecodeGolden<Alive>("alive") == testing::FixtureAlive());
  CHECK(DecodeGolden<Dead>("dead") == Dead{2, "node-c", "node-c"});
  CHECK(DecodeGolden<PushPullHeader>("push-pull-header") == PushPullHeader{2, 0, true});
  // go-msgpack 0.5.5's uint forms of a Go int decode as well as v2's int16.
  CHECK(DecodeGolden<PushPullHeader>("push-pull-header-wide") == PushPullHeader{200, 1000, false});
  CHECK(DecodeGolden<PushNodeState>("push-node-state") ==
        PushNodeState{"node-a", testing::Ipv4(1), 7946, std::nullopt, 5, NodeState::kSuspect,
                      testing::Vsn()});
  CHECK(DecodeGolden<UserMsgHeader>("user-msg-header") == UserMsgHeader{5});
  const Compress compress = DecodeGolden<Compress>("compress");
  CHECK(compress.algo == kLzwAlgo);
  CHECK(compress.buf->size() == 0x46);
}

TEST_CASE("DecodeMessage takes packet messages and refuses framing and stream ones",
          "[memberlist_wire]") {
  const auto golden = testing::MemberlistGolden();
  auto ping = DecodeMessage(FromHex(golden.at("ping")));
  REQUIRE(std::holds_alternative<Message>(ping));
  CHECK(std::get<Message>(ping) == Message{testing::FixturePing()});
  auto user = DecodeMessage(FromHex(golden.at("user")));
  REQUIRE(std::holds_alternative<Message>(user));
  CHECK(std::get<Message>(user) == Message{UserMessage{{'h', 'e', 'l', 'l', 'o'}}});

  auto compound = DecodeMessage(FromHex(golden.at("compound")), 10);
  REQUIRE(std::holds_alternative<WireError>(compound));
  CHECK(std::get<WireError>(compound) ==
        WireError{10, "compound is framing, not a message (packet_codec.h unwraps it)"});
  auto push_pull = DecodeMessage(FromHex(golden.at("push-pull-header")));
  CHECK(std::get<WireError>(push_pull).what == "pushPull travels over a stream, not in a packet");
  const std::vector<uint8_t> unknown = {0x63, 0x80};
  CHECK(std::get<WireError>(DecodeMessage(unknown)).what == "message type 99 is not supported");
  CHECK(std::get<WireError>(DecodeMessage({})).truncated);
}

TEST_CASE("decoding is as liberal as go-msgpack", "[memberlist_wire]") {
  // Fields out of order, an unknown field holding a nested map, SeqNo as int16, Node as bin8,
  // a nil Payload, bytes after the body.
  const auto bytes = FromHex(
      "02 84 a5 4578747261 81 a1 6b 91 c0"  // Extra: {"k": [nil]}
      " a5 5365714e6f d1 0102"              // SeqNo: int16 258
      " a7 5061796c6f6164 c4 02 0a0b"       // Payload: bin8
      " a4 4e6f6465 c0"                     // Node: nil (not a field of ackResp)
      " ff ff");                            // trailing bytes, ignored
  auto decoded = DecodeMessage(bytes);
  REQUIRE(std::holds_alternative<Message>(decoded));
  CHECK(std::get<Message>(decoded) == Message{AckResp{258, std::vector<uint8_t>{0x0a, 0x0b}}});

  // Every field missing: Go's zero values.
  const auto empty = FromHex("04 80");
  CHECK(std::get<Message>(DecodeMessage(empty)) == Message{Alive{}});
  // A nil body too: go-msgpack decodes nil into a struct as its zero value.
  const auto nil_body = FromHex("04 c0");
  CHECK(std::get<Message>(DecodeMessage(nil_body)) == Message{Alive{}});
}

TEST_CASE("bad bodies are refused with the field and the byte offset", "[memberlist_wire]") {
  struct Case {
    std::string hex;
    WireError error;
  };
  const std::vector<Case> cases = {
      {"00 81 a5 5365714e6f cf 0000000100000000",
       {8, "ping SeqNo: 4294967296 is above 4294967295"}},
      {"00 81 a5 5365714e6f ff", {8, "ping SeqNo: -1 is negative"}},
      {"00 91 00", {1, "ping: expected a map, found array"}},
      {"04 81 07 00", {2, "alive: a field name must be a string, found unsigned integer"}},
      {"04 81 a4 41646472 91 00", {7, "alive Addr: expected a string, found array"}},
      {"01 81 a4 4e61636b 01", {7, "indirectPing Nack: expected a bool, found unsigned integer"}},
      {"04 82 a4 4e6f6465 a6 6e6f", {7, "needs 6 more bytes, 2 left", true}},
      {"04 8f a4 4e6f6465", {1, "map of 15 pairs but only 5 bytes left", true}},
      {"04 81 a1 78 c1", {4, "byte 0xc1 is not a msgpack value"}},
      {"0b 81 a5 5365714e6f", {8, "needs a value, the input ended", true}},
  };
  for (const Case& c : cases) {
    INFO(c.hex);
    auto decoded = DecodeMessage(FromHex(c.hex));
    REQUIRE(std::holds_alternative<WireError>(decoded));
    CHECK(std::get<WireError>(decoded) == c.error);
  }
}

TEST_CASE("an unknown field nested too deep is refused, not recursed into", "[memberlist_wire]") {
  std::vector<uint8_t> bytes = FromHex("00 81 a1 78");
  bytes.insert(bytes.end(), wire::MsgpackReader::kMaxSkipDepth + 1, 0x91);
  bytes.push_back(0x00);
  auto decoded = DecodeMessage(bytes);
  REQUIRE(std::holds_alternative<WireError>(decoded));
  CHECK(std::get<WireError>(decoded).what == "nested deeper than 32 levels");
}

TEST_CASE("every message round-trips through the codec", "[memberlist_wire]") {
  const std::vector<Message> messages = {
      Ping{1, "n", {1, 2, 3, 4}, 1, "m"},
      IndirectPing{2, std::vector<uint8_t>{}, 0, "", false, {}, 0, ""},
      AckResp{3, std::vector<uint8_t>{}},
      NackResp{4},
      Suspect{5, std::string(70000, 's'), ""},
      Alive{6, "a", std::nullopt, 1, std::vector<uint8_t>(300, 7), std::nullopt},
      Dead{7, "d", "e"},
      UserMessage{{}},
  };
  for (const Message& message : messages) {
    auto decoded = DecodeMessage(EncodeMessage(message));
    REQUIRE(std::holds_alternative<Message>(decoded));
    CHECK(std::get<Message>(decoded) == message);
  }
}

}  // namespace
}  // namespace metallab::memberlist_wire
