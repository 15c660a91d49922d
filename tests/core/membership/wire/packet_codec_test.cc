// Compound messages, the CRC and label headers, and whole packets through every layer: golden
// bytes (the CRC datagram is what memberlist's rawSendMsgPacket wrote), then how a receiver
// takes bad packets: refused whole only for bad outer layers, otherwise per message.
#include "core/membership/wire/packet_codec.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/membership/wire/compound.h"
#include "core/membership/wire/framing.h"
#include "tests/core/membership/wire/fixtures.h"
#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

const std::vector<uint8_t> kKey(32, 0x11);

TEST_CASE("CRC-32 is IEEE's", "[memberlist_wire]") {
  CHECK(Crc32Ieee(testing::Text("123456789")) == 0xcbf43926u);
  CHECK(Crc32Ieee({}) == 0);
}

TEST_CASE("the CRC header is what rawSendMsgPacket writes for a protocol-5 peer",
          "[memberlist_wire]") {
  const auto ping = EncodeMessage(testing::FixturePing());
  // memberlist's own datagram for the ping fixture to a node with PMax 5.
  const auto golden = FromHex("0c 0aa08625 0082a44e6f6465a66e6f64652d62a55365714e6f07");
  CHECK(AddCrcHeader(ping) == golden);
  auto removed = RemoveCrcHeader(golden, 3);
  REQUIRE(std::holds_alternative<Unwrapped>(removed));
  CHECK(ToHex(std::get<Unwrapped>(removed).rest) == ToHex(ping));
  CHECK(std::get<Unwrapped>(removed).rest_offset == 8);

  auto corrupt = golden;
  corrupt.back() ^= 1;
  auto refused = RemoveCrcHeader(corrupt);
  REQUIRE(std::holds_alternative<WireError>(refused));
  char expected[80];
  std::snprintf(expected, sizeof expected,
                "hasCrc: checksum 0aa08625 does not match the message's %08x",
                Crc32Ieee(std::span(corrupt).subspan(5)));
  CHECK(std::get<WireError>(refused) == WireError{1, expected});
  // Fewer than five bytes is no CRC header at all, as in ingestPacket.
  const std::vector<uint8_t> short_packet = {0x0c, 0, 0, 0};
  CHECK(std::get<Unwrapped>(RemoveCrcHeader(short_packet)).rest.size() == 4);
}

TEST_CASE("the label header: 244, length, label", "[memberlist_wire]") {
  const std::vector<uint8_t> packet = {0x0b, 0x81};
  CHECK(*AddLabelHeader(packet, "prod") == FromHex("f4 04 70726f64 0b81"));
  CHECK(*AddLabelHeader(packet, "") == packet);
  CHECK_FALSE(AddLabelHeader(packet, std::string(256, 'l')).has_value());

  auto labeled = RemoveLabelHeader(FromHex("f4 04 70726f64 0b81"));
  REQUIRE(std::holds_alternative<Labeled>(labeled));
  CHECK(std::get<Labeled>(labeled).label == "prod");
  CHECK(std::get<Labeled>(labeled).inner.rest_offset == 6);
  CHECK(std::get<Labeled>(labeled).inner.rest.size() == 2);

  CHECK(std::get<WireError>(RemoveLabelHeader(FromHex("f4 00 00"))) ==
        WireError{1, "hasLabel: a label header must not be empty"});
  CHECK(std::get<WireError>(RemoveLabelHeader(FromHex("f4 05 6162"))) ==
        WireError{2, "hasLabel: a label of 5 bytes, 2 left", true});
  CHECK(std::get<WireError>(RemoveLabelHeader(FromHex("f4"))).truncated);
}

TEST_CASE("compounds: the golden one, 255 a piece, and truncated parts", "[memberlist_wire]") {
  const auto fixtures = testing::MetallabFixtures();
  CHECK(ToHex(fixtures.at("compound")) ==
        ToHex(FromHex(testing::MemberlistGolden().at("compound"))));

  const std::vector<std::vector<uint8_t>> many(256, std::vector<uint8_t>{0x0b, 0x80});
  CHECK_FALSE(EncodeCompound(many).has_value());
  const auto compounds = EncodeCompounds(many);
  REQUIRE(compounds.has_value());
  REQUIRE(compounds->size() == 2);
  CHECK((*compounds)[0][1] == 255);
  CHECK((*compounds)[1][1] == 1);
  CHECK_FALSE(EncodeCompound({std::vector<uint8_t>(65536)}).has_value());

  // Two parts announced, the second cut off: the first is still delivered.
  const auto body = FromHex("02 0002 0005 0b80 0b");
  auto split = SplitCompound(body, 1);
  REQUIRE(std::holds_alternative<CompoundParts>(split));
  CHECK(std::get<CompoundParts>(split).parts.size() == 1);
  CHECK(std::get<CompoundParts>(split).parts[0].offset == 6);
  CHECK(std::get<CompoundParts>(split).truncated == 1);

  CHECK(std::get<WireError>(SplitCompound(FromHex("03 0001"), 1)) ==
        WireError{2, "compound: 3 lengths need 6 bytes, 2 left", true});
}

ReceivedPacket Received(const std::vector<uint8_t>& datagram, const ReceiveOptions& options) {
  auto decoded = DecodePacket(datagram, options);
  if (auto* error = std::get_if<WireError>(&decoded)) FAIL(error->what << " at " << error->offset);
  return std::get<ReceivedPacket>(decoded);
}

TEST_CASE("a packet through every layer and back", "[memberlist_wire]") {
  auto keyring = std::get<Keyring>(Keyring::Create({}, kKey));
  const auto fixtures = testing::MetallabFixtures();
  SendOptions send;
  send.label = "cluster-a";
  send.add_crc = true;
  send.keyring = &keyring;
  send.nonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  auto datagram = EncodePacket(fixtures.at("compound"), send);
  REQUIRE(std::holds_alternative<std::vector<uint8_t>>(datagram));
  const auto& bytes = std::get<std::vector<uint8_t>>(datagram);
  CHECK(bytes.size() ==
        2 + 9 + EncryptedLength(EncryptionVersion::kUnpadded, 5 + fixtures.at("compound").size()));
  CHECK(ToHex(std::span(bytes).first(11)) ==
        "f4"
        "09" +
            ToHex(testing::Text("cluster-a")));

  ReceiveOptions receive;
  receive.label = "cluster-a";
  receive.keyring = &keyring;
  const ReceivedPacket packet = Received(bytes, receive);
  CHECK(packet.label == "cluster-a");
  CHECK(packet.decrypted);
  CHECK(packet.had_crc);
  CHECK(packet.messages == std::vector<Message>{testing::FixturePing(), testing::FixtureSuspect(),
                                                testing::FixtureAlive()});
  CHECK(packet.dropped.empty());

  SECTION("the label is authenticated: another label does not decrypt") {
    auto relabeled = std::vector<uint8_t>(bytes.begin() + 11, bytes.end());
    relabeled = *AddLabelHeader(relabeled, "cluster-b");
    receive.label = "cluster-b";
    auto refused = DecodePacket(relabeled, receive);
    REQUIRE(std::holds_alternative<WireError>(refused));
    CHECK(std::get<WireError>(refused) ==
          WireError{11, "no installed key could decrypt the message"});
  }
  SECTION("a label other than ours is refused before decryption") {
    receive.label = "cluster-b";
    CHECK(std::get<WireError>(DecodePacket(bytes, receive)) ==
          WireError{0, "unacceptable label \"cluster-a\""});
  }
  SECTION("SkipInboundLabelCheck takes an unlabeled packet as ours, refuses a labeled one") {
    receive.skip_inbound_label_check = true;
    CHECK(std::get<WireError>(DecodePacket(bytes, receive)).what ==
          "unexpected double packet label header");
    const std::vector<uint8_t> unlabeled(bytes.begin() + 11, bytes.end());
    CHECK(Received(unlabeled, receive).messages.size() == 3);
  }
}

TEST_CASE("with GossipVerifyIncoming off, a packet that does not decrypt is read as plain",
          "[memberlist_wire]") {
  auto keyring = std::get<Keyring>(Keyring::Create({}, kKey));
  ReceiveOptions receive;
  receive.keyring = &keyring;
  const auto plain = EncodeMessage(NackResp{9});
  CHECK(std::holds_alternative<WireError>(DecodePacket(plain, receive)));
  receive.verify_incoming = false;
  const ReceivedPacket packet = Received(plain, receive);
  CHECK_FALSE(packet.decrypted);
  CHECK(packet.messages == std::vector<Message>{NackResp{9}});
}

TEST_CASE("one bad message costs only itself", "[memberlist_wire]") {
  const auto good = EncodeMessage(NackResp{1});
  const auto bad = FromHex("00 81 a5 5365714e6f ff");  // ping with SeqNo -1
  const auto unknown = FromHex("63");
  const auto compress = FromHex(testing::MemberlistGolden().at("compress"));
  const auto compound = *EncodeCompound({good, bad, unknown, compress, good});
  const ReceivedPacket packet = Received(compound, {});
  CHECK(packet.messages == std::vector<Message>{NackResp{1}, testing::FixtureAlive(), NackResp{1}});
  REQUIRE(packet.dropped.size() == 2);
  const size_t bad_at = 2 + 2 * 5 + good.size();
  CHECK(packet.dropped[0] == WireError{bad_at + 8, "ping SeqNo: -1 is negative"});
  CHECK(packet.dropped[1].what == "message type 99 is not supported");
}

TEST_CASE("compounds nest only so deep", "[memberlist_wire]") {
  std::vector<uint8_t> message = EncodeMessage(NackResp{1});
  for (size_t depth = 0; depth < kMaxPacketNesting; ++depth) message = *EncodeCompound({message});
  CHECK(Received(message, {}).messages == std::vector<Message>{NackResp{1}});
  message = *EncodeCompound({message});
  const ReceivedPacket too_deep = Received(message, {});
  CHECK(too_deep.messages.empty());
  REQUIRE(too_deep.dropped.size() == 1);
  CHECK(too_deep.dropped[0].what == "compound nested deeper than 4 levels");
  CHECK(too_deep.dropped[0].offset == 4 * kMaxPacketNesting);  // type, count, length per level
}

TEST_CASE("an empty packet and an empty compound part are dropped messages", "[memberlist_wire]") {
  const ReceivedPacket empty = Received({}, {});
  REQUIRE(empty.dropped.size() == 1);
  CHECK(empty.dropped[0].what == "missing message type byte");
  const ReceivedPacket empty_part = Received(FromHex("07 01 0000"), {});
  REQUIRE(empty_part.dropped.size() == 1);
  CHECK(empty_part.dropped[0].offset == 4);
}

}  // namespace
}  // namespace metallab::memberlist_wire
