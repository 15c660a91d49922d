// memberlist's compress message: the golden bytes compressPayload wrote for the alive fixture,
// compressed messages inside packets and streams (what a MetalLB speaker with
// EnableCompression sends), and the refusals: unknown algorithm, bad LZW data and a bomb, each
// with the datagram's byte offset.
#include "core/membership/wire/compression.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/membership/wire/compound.h"
#include "core/membership/wire/lzw.h"
#include "core/membership/wire/packet_codec.h"
#include "core/membership/wire/stream_codec.h"
#include "tests/core/membership/wire/fixtures.h"
#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

ReceivedPacket Received(const std::vector<uint8_t>& datagram) {
  auto result = DecodePacket(datagram, {});
  REQUIRE(std::holds_alternative<ReceivedPacket>(result));
  return std::get<ReceivedPacket>(result);
}

std::vector<uint8_t> CompressWrapping(std::vector<uint8_t> buf, uint8_t algo = kLzwAlgo) {
  std::vector<uint8_t> out{static_cast<uint8_t>(MessageType::kCompress)};
  EncodeBody(Compress{algo, std::move(buf)}, out);
  return out;
}

TEST_CASE("compressPayload's bytes for the alive fixture are metallab's",
          "[memberlist_wire][compress]") {
  const auto golden = FromHex(testing::MemberlistGolden().at("compress"));
  CHECK(ToHex(CompressMessage(EncodeMessage(testing::FixtureAlive()))) == ToHex(golden));
  CHECK(Received(golden).messages == std::vector<Message>{testing::FixtureAlive()});
}

TEST_CASE("a compressed compound in a packet gives every part", "[memberlist_wire][compress]") {
  const auto compound = FromHex(testing::MemberlistGolden().at("compound"));
  const auto compressed = CompressMessage(compound);
  const ReceivedPacket packet = Received(compressed);
  CHECK(packet.messages == std::vector<Message>{testing::FixturePing(), testing::FixtureSuspect(),
                                                testing::FixtureAlive()});
  CHECK(packet.dropped.empty());
}

TEST_CASE("EncodePacket compresses only when that is smaller", "[memberlist_wire][compress]") {
  SendOptions options;
  options.compress = true;
  const auto nack = EncodeMessage(NackResp{9});  // 10 bytes: LZW cannot win
  CHECK(std::get<std::vector<uint8_t>>(EncodePacket(nack, options)) == nack);
  std::vector<std::vector<uint8_t>> parts(20, EncodeMessage(testing::FixtureAlive()));
  const auto compound = *EncodeCompound(parts);
  const auto sent = std::get<std::vector<uint8_t>>(EncodePacket(compound, options));
  CHECK(sent[0] == static_cast<uint8_t>(MessageType::kCompress));
  CHECK(sent.size() < compound.size() / 2);
  CHECK(Received(sent).messages.size() == 20);
  // The CRC header goes around the compressed message, as rawSendMsgPacket puts it.
  options.add_crc = true;
  const auto with_crc = std::get<std::vector<uint8_t>>(EncodePacket(compound, options));
  CHECK(with_crc[0] == static_cast<uint8_t>(MessageType::kHasCrc));
  CHECK(with_crc[5] == static_cast<uint8_t>(MessageType::kCompress));
  CHECK(Received(with_crc).had_crc);
}

TEST_CASE("bad compress messages are dropped with the byte offset", "[memberlist_wire][compress]") {
  const auto good = EncodeMessage(NackResp{1});
  const auto unknown_algo = CompressWrapping(LzwCompress(good), 1);
  const auto cut = [&] {
    auto lzw = LzwCompress(good);
    lzw.pop_back();
    return CompressWrapping(lzw);
  }();
  // A compressed message whose content is bad: the error says where in the decompressed bytes.
  const auto bad_inside = CompressMessage(FromHex("00 81 a5 5365714e6f ff"));
  const auto compound = *EncodeCompound({good, unknown_algo, cut, bad_inside});
  const ReceivedPacket packet = Received(compound);
  CHECK(packet.messages == std::vector<Message>{NackResp{1}});
  REQUIRE(packet.dropped.size() == 3);
  const size_t unknown_at = 2 + 2 * 4 + good.size();
  CHECK(packet.dropped[0] ==
        WireError{unknown_at + 1, "compress: cannot decompress unknown algorithm 1"});
  const size_t cut_at = unknown_at + unknown_algo.size();
  CHECK(packet.dropped[1] ==
        WireError{cut_at + cut.size(),
                  "compress Buf: lzw: the compressed data ends before its end code"});
  const size_t bad_at = cut_at + cut.size();
  CHECK(packet.dropped[2] == WireError{bad_at,
                                       "in the message decompressed from byte " +
                                           std::to_string(bad_at) +
                                           ", at its byte 8: ping SeqNo: -1 is negative"});
}

TEST_CASE("a compressed packet may not expand past a UDP payload", "[memberlist_wire][compress]") {
  // 64 KiB of a user message in 1.1 KB of datagram.
  std::vector<uint8_t> huge(kMaxDecompressedPacketBytes + 1, 'x');
  huge[0] = static_cast<uint8_t>(MessageType::kUser);
  const auto bomb = CompressMessage(huge);
  REQUIRE(bomb.size() < 1400);
  const ReceivedPacket packet = Received(bomb);
  CHECK(packet.messages.empty());
  REQUIRE(packet.dropped.size() == 1);
  CHECK(packet.dropped[0].what ==
        "compress Buf: lzw: decompressed data exceeds the limit of 65535 bytes");
  huge.pop_back();
  CHECK(Received(CompressMessage(huge)).messages.size() == 1);
}

TEST_CASE("a compressed push-pull over a stream, plain and encrypted",
          "[memberlist_wire][compress]") {
  const PushPull state{true,
                       {PushNodeState{"node-a", testing::Ipv4(1), 7946, std::nullopt, 1,
                                      NodeState::kAlive, testing::Vsn()}},
                       {}};
  const Keyring ring = std::get<Keyring>(Keyring::Create({}, std::vector<uint8_t>(32, 7)));
  for (const bool encrypted : {false, true}) {
    INFO("encrypted " << encrypted);
    StreamSendOptions send;
    send.compress = true;
    if (encrypted) send.keyring = &ring;
    const auto bytes = std::get<std::vector<uint8_t>>(EncodeStreamForSend(state, send));
    CHECK(bytes[0] == static_cast<uint8_t>(encrypted ? MessageType::kEncrypt
                                                     : MessageType::kCompress));
    StreamOptions receive;
    if (encrypted) receive.keyring = &ring;
    // Byte by byte: "need more" until the compress message is whole.
    for (size_t size = 1; size < bytes.size(); ++size) {
      REQUIRE(std::holds_alternative<NeedMoreBytes>(
          DecodeStreamMessage(std::span(bytes).first(size), receive)));
    }
    auto with_more = bytes;
    with_more.push_back(0x99);  // the next message's first byte
    const auto decoded = DecodeStreamMessage(with_more, receive);
    REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
    CHECK(std::get<DecodedStreamMessage>(decoded) ==
          DecodedStreamMessage{state, bytes.size(), encrypted});
  }
}

TEST_CASE("a compressed stream message that is bad inside is an error, not a wait",
          "[memberlist_wire][compress]") {
  // A push-pull announcing two states with one inside: complete once decompressed.
  const auto inner = FromHex("06 83 a4 4a6f696e c3 a5 4e6f646573 02 ac 5573657253746174654c656e 00");
  const auto error = std::get<WireError>(DecodeStreamMessage(CompressMessage(inner), {}));
  CHECK_FALSE(error.truncated);
  CHECK(error.offset == 0);
  CHECK(error.what.starts_with("in the message decompressed from byte 0, at its byte 29: "));
  CHECK(std::get<WireError>(DecodeStreamMessage(CompressMessage(CompressMessage(inner)), {}))
            .what == "in the message decompressed from byte 0, another compress message");
}

}  // namespace
}  // namespace metallab::memberlist_wire
