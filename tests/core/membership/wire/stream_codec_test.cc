// Stream messages: the push-pull memberlist's sendLocalState wrote (pinned from the reference
// program), need-more-bytes on every prefix, encryption required or refused as memberlist's
// readStream does, and bounds on what a peer announces.
#include "core/membership/wire/stream_codec.h"

#include <cstdint>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/core/membership/wire/fixtures.h"
#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

// memberlist's sendLocalState for a join, with two nodes (GoldenSendState).
const char* const kJoinPushPull =
    "06 83 a4 4a6f696e c3 a5 4e6f646573 02 ac 5573657253746174654c656e 00"
    " 87 a4 41646472 a4 c0000201 ab 496e6361726e6174696f6e 01 a4 4d657461 c0 a4 4e616d65"
    " a6 6e6f64652d61 a4 506f7274 cd 1f0a a5 5374617465 00 a3 56736e a6 010502000000"
    " 87 a4 41646472 a4 c0000203 ab 496e6361726e6174696f6e 07 a4 4d657461 c0 a4 4e616d65"
    " a6 6e6f64652d63 a4 506f7274 cd 1f0a a5 5374617465 02 a3 56736e a6 010502000000";

PushPull JoinPushPull() {
  return PushPull{true,
                  {PushNodeState{"node-a", testing::Ipv4(1), 7946, std::nullopt, 1,
                                 NodeState::kAlive, testing::Vsn()},
                   PushNodeState{"node-c", testing::Ipv4(3), 7946, std::nullopt, 7,
                                 NodeState::kDead, testing::Vsn()}},
                  {}};
}

TEST_CASE("a push-pull encodes to what sendLocalState writes", "[memberlist_wire]") {
  CHECK(ToHex(EncodeStreamMessage(JoinPushPull())) == ToHex(FromHex(kJoinPushPull)));
}

TEST_CASE("a push-pull decodes only once complete", "[memberlist_wire]") {
  auto stream = FromHex(kJoinPushPull);
  const size_t size = stream.size();
  for (size_t cut = 0; cut < size; ++cut) {
    INFO(cut);
    const auto decoded = DecodeStreamMessage(std::span(stream).first(cut), {});
    CHECK(std::holds_alternative<NeedMoreBytes>(decoded));
  }
  stream.push_back(0x00);  // the next message's first byte stays unread
  const auto decoded = DecodeStreamMessage(stream, {});
  REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
  CHECK(std::get<DecodedStreamMessage>(decoded) ==
        DecodedStreamMessage{JoinPushPull(), size, false});
}

TEST_CASE("user state and user messages carry their bytes after the header", "[memberlist_wire]") {
  PushPull with_state = JoinPushPull();
  with_state.user_state = {1, 2, 3};
  for (const StreamMessage& message :
       {StreamMessage{with_state}, StreamMessage{StreamUserMessage{{9, 9}}},
        StreamMessage{testing::FixturePing()}, StreamMessage{AckResp{7, std::nullopt}},
        StreamMessage{ErrResp{"remote error"}}}) {
    const auto bytes = EncodeStreamMessage(message);
    const auto decoded = DecodeStreamMessage(bytes, {});
    REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
    CHECK(std::get<DecodedStreamMessage>(decoded).message == message);
    CHECK(std::get<DecodedStreamMessage>(decoded).consumed == bytes.size());
    CHECK(std::holds_alternative<NeedMoreBytes>(
        DecodeStreamMessage(std::span(bytes).first(bytes.size() - 1), {})));
  }
  CHECK(ToHex(EncodeStreamMessage(StreamUserMessage{{0x68, 0x69}})) ==
        "0881aa557365724d73674c656e026869");
}

TEST_CASE("encryption on a stream: required when configured, decrypted whole",
          "[memberlist_wire]") {
  const std::vector<uint8_t> key(32, 0x5a);
  const Keyring keyring = std::get<Keyring>(Keyring::Create({}, key));
  StreamOptions options;
  options.keyring = &keyring;
  options.label = "lab";
  const auto plain = EncodeStreamMessage(JoinPushPull());
  CHECK(std::get<WireError>(DecodeStreamMessage(plain, options)).what ==
        "encryption is configured but remote state is not encrypted");

  auto encrypted = std::get<std::vector<uint8_t>>(
      EncryptStreamMessage(EncryptionVersion::kUnpadded, key, plain, "lab", Nonce{}));
  for (const size_t cut : {size_t{1}, size_t{5}, encrypted.size() - 1}) {
    CHECK(std::holds_alternative<NeedMoreBytes>(
        DecodeStreamMessage(std::span(encrypted).first(cut), options)));
  }
  const auto decoded = DecodeStreamMessage(encrypted, options);
  REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
  CHECK(std::get<DecodedStreamMessage>(decoded) ==
        DecodedStreamMessage{JoinPushPull(), encrypted.size(), true});
  CHECK(std::get<WireError>(DecodeStreamMessage(encrypted, {})).what ==
        "remote state is encrypted and encryption is not configured");

  // A complete encrypted message whose plaintext is cut short is garbage, not "wait".
  auto cut_plain = std::get<std::vector<uint8_t>>(EncryptStreamMessage(
      EncryptionVersion::kUnpadded, key, std::span(plain).first(plain.size() - 1), "lab", Nonce{}));
  CHECK(std::get<WireError>(DecodeStreamMessage(cut_plain, options)).truncated);
}

TEST_CASE("bad stream messages are refused with the byte offset", "[memberlist_wire]") {
  CHECK(std::get<WireError>(DecodeStreamMessage(FromHex("06 81 a5 4e6f646573 ff"), {})) ==
        WireError{1, "pushPullHeader Nodes -1 is negative"});
  CHECK(std::get<WireError>(
            DecodeStreamMessage(FromHex("08 81 aa 557365724d73674c656e d2 7fffffff"), {}))
            .what == "user message of 2147483647 bytes is above the limit of 20971520");
  CHECK(std::get<WireError>(DecodeStreamMessage(FromHex("04 80"), {})).what ==
        "a alive message (type 4) is not expected on a stream");
  CHECK(std::get<WireError>(DecodeStreamMessage(FromHex("09 80"), {})) ==
        WireError{2, "compress Buf: lzw: the compressed data ends before its end code"});
}

TEST_CASE("a push-pull announcing more nodes than arrive waits, too many is refused",
          "[memberlist_wire]") {
  const auto waiting = FromHex("06 81 a5 4e6f646573 cd 03e8 80");  // 1,000 nodes, one arrived
  CHECK(std::holds_alternative<NeedMoreBytes>(DecodeStreamMessage(waiting, {})));
  const auto too_many = FromHex("06 81 a5 4e6f646573 d3 4000000000000000 80");
  CHECK(std::get<WireError>(DecodeStreamMessage(too_many, {})) ==
        WireError{1, "pushPullHeader Nodes 4611686018427387904 is above the limit of 65536"});
}

}  // namespace
}  // namespace metallab::memberlist_wire
