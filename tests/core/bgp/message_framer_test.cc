#include "core/bgp/message_framer.h"

#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using testing::Bytes;
using testing::Concat;

Bytes Keepalive() { return EncodeMessage(bgp::Keepalive{}); }
Bytes Open() { return EncodeMessage(MakeOpen(64512, 90, 0x0a000005u, {})); }
Bytes Update() {
  bgp::Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = SequenceOf({64512});
  update.attributes.next_hop = *net::IpAddress::Parse("10.0.0.5");
  update.nlri = {*net::IpPrefix::Parse("192.168.10.1/32")};
  return EncodeMessage(update);
}

Bytes HeaderWithLength(uint16_t length) {
  Bytes header(16, 0xff);
  header.push_back(static_cast<uint8_t>(length >> 8));
  header.push_back(static_cast<uint8_t>(length));
  header.push_back(2);
  return header;
}

TEST_CASE("the framer splits concatenated messages", "[bgp]") {
  MessageFramer framer;
  const FramerOutput out = framer.Push(Concat({Open(), Keepalive(), Update(), Keepalive()}));
  CHECK_FALSE(out.error.has_value());
  CHECK(out.messages == std::vector<Bytes>{Open(), Keepalive(), Update(), Keepalive()});
  CHECK(framer.buffered() == 0);
}

TEST_CASE("the framer takes the stream one byte at a time", "[bgp]") {
  MessageFramer framer;
  const Bytes stream = Concat({Open(), Update(), Keepalive()});
  std::vector<Bytes> messages;
  for (const uint8_t byte : stream) {
    FramerOutput out = framer.Push(Bytes{byte});
    REQUIRE_FALSE(out.error.has_value());
    for (Bytes& message : out.messages) messages.push_back(std::move(message));
    CHECK(framer.buffered() < 4096);
  }
  CHECK(messages == std::vector<Bytes>{Open(), Update(), Keepalive()});
}

TEST_CASE("the framer joins messages split across pushes anywhere", "[bgp]") {
  const Bytes stream = Concat({Open(), Update(), Keepalive(), Update()});
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    MessageFramer framer;
    FramerOutput first = framer.Push(std::span(stream).first(cut));
    FramerOutput second = framer.Push(std::span(stream).subspan(cut));
    first.messages.insert(first.messages.end(), second.messages.begin(), second.messages.end());
    CHECK(first.messages == std::vector<Bytes>{Open(), Update(), Keepalive(), Update()});
  }
}

TEST_CASE("the framer rejects a length of 18 or 4097 with Bad Message Length", "[bgp]") {
  for (const uint16_t length : {uint16_t{18}, uint16_t{4097}}) {
    MessageFramer framer;
    const FramerOutput out = framer.Push(Concat({Keepalive(), HeaderWithLength(length)}));
    CHECK(out.messages == std::vector<Bytes>{Keepalive()});
    REQUIRE(out.error.has_value());
    CHECK(out.error->notification ==
          Notification{1, 2, {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)}});
    CHECK(framer.buffered() == 0);
  }
}

TEST_CASE("the framer checks a header as soon as its 19 bytes are in", "[bgp]") {
  MessageFramer framer;
  const Bytes header = HeaderWithLength(4097);
  CHECK_FALSE(framer.Push(std::span(header).first(10)).error.has_value());
  const FramerOutput out = framer.Push(std::span(header).subspan(10));
  REQUIRE(out.error.has_value());
  CHECK(out.error->notification.subcode == 2);
}

TEST_CASE("a broken stream stays broken", "[bgp]") {
  MessageFramer framer;
  Bytes bad = Keepalive();
  bad[0] = 0;
  CHECK(framer.Push(bad).error->notification == Notification{1, 1, {}});
  const FramerOutput later = framer.Push(Keepalive());
  CHECK(later.messages.empty());
  REQUIRE(later.error.has_value());
  CHECK(later.error->notification == Notification{1, 1, {}});
}

TEST_CASE("the framer never holds a whole message's worth of bytes", "[bgp]") {
  MessageFramer framer;
  bgp::Update big;
  big.attributes.communities.assign(1000, 1);
  const Bytes message = EncodeMessage(big);
  REQUIRE(message.size() == 4027);
  const FramerOutput first = framer.Push(std::span(message).first(message.size() - 1));
  CHECK(first.messages.empty());
  CHECK(framer.buffered() == message.size() - 1);
  CHECK(framer.Push(std::span(message).last(1)).messages == std::vector<Bytes>{message});
  CHECK(framer.buffered() == 0);
}

}  // namespace
}  // namespace metallab::bgp
