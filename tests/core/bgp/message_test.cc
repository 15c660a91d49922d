#include "core/bgp/message.h"

#include <catch2/catch.hpp>

#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using testing::Bytes;
using testing::MessageBytes;

const Bytes kMarker(16, 0xff);

template <typename T>
T DecodeAs(const Bytes& bytes, const CodecContext& context = {}) {
  const auto decoded = DecodeMessage(bytes, context);
  const auto* message = std::get_if<DecodedMessage>(&decoded);
  REQUIRE(message != nullptr);
  const T* value = std::get_if<T>(&message->message);
  REQUIRE(value != nullptr);
  return *value;
}

DecodeError ErrorOf(const Bytes& bytes, const CodecContext& context = {}) {
  const auto decoded = DecodeMessage(bytes, context);
  const auto* error = std::get_if<DecodeError>(&decoded);
  REQUIRE(error != nullptr);
  return *error;
}

TEST_CASE("KEEPALIVE is the 19-byte header alone", "[bgp]") {
  const Bytes golden = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04};
  CHECK(EncodeMessage(Keepalive{}) == golden);
  DecodeAs<Keepalive>(golden);
}

TEST_CASE("NOTIFICATION Cease / Administrative Shutdown carries its message", "[bgp]") {
  const Bytes golden = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x21, 0x03, 0x06, 0x02, 0x0b,
                        'm',  'a',  'i',  'n',  't',  'e',  'n',  'a',  'n',  'c',  'e'};
  const Notification cease = MakeCease(CeaseSubcode::kAdministrativeShutdown, "maintenance");
  CHECK(EncodeMessage(cease) == golden);
  const auto back = DecodeAs<Notification>(golden);
  CHECK(back == cease);
  CHECK(ShutdownCommunication(back) == "maintenance");
  CHECK(Describe(back) == "Cease / Administrative Shutdown: \"maintenance\"");
}

TEST_CASE("ROUTE-REFRESH names a family", "[bgp]") {
  const Bytes golden = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0x00, 0x17, 0x05, 0x00, 0x02, 0x00, 0x01};
  CHECK(EncodeMessage(RouteRefresh{kIpv6Unicast, 0}) == golden);
  CHECK(DecodeAs<RouteRefresh>(golden) == RouteRefresh{kIpv6Unicast, 0});
}

TEST_CASE("a ROUTE-REFRESH of the wrong length is refused", "[bgp]") {
  SECTION("too short: Bad Message Length with the length field") {
    const DecodeError error = ErrorOf(MessageBytes(5, {0x00, 0x01, 0x00}));
    CHECK(error.notification == Notification{1, 2, {0x00, 0x16}});
  }
  SECTION("too long: ROUTE-REFRESH Message Error / Invalid Message Length with the message") {
    const Bytes long_refresh = MessageBytes(5, {0x00, 0x01, 0x00, 0x01, 0x00});
    const DecodeError error = ErrorOf(long_refresh);
    CHECK(error.notification == Notification{7, 1, long_refresh});
  }
}

TEST_CASE("a header with a broken marker is Connection Not Synchronized", "[bgp]") {
  Bytes bytes = testing::MessageBytes(4, {});
  bytes[3] = 0xfe;
  const DecodeError error = ErrorOf(bytes);
  CHECK(error.notification == Notification{1, 1, {}});
  CHECK(error.offset == 0);
}

TEST_CASE("a length outside 19..4096 is Bad Message Length with the length field", "[bgp]") {
  for (const uint16_t length : {uint16_t{0}, uint16_t{18}, uint16_t{4097}, uint16_t{0xffff}}) {
    Bytes header = kMarker;
    header.push_back(static_cast<uint8_t>(length >> 8));
    header.push_back(static_cast<uint8_t>(length));
    header.push_back(4);
    const auto decoded = DecodeHeader(header);
    const auto* error = std::get_if<DecodeError>(&decoded);
    REQUIRE(error != nullptr);
    CHECK(error->notification ==
          Notification{1, 2, {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)}});
    CHECK(error->offset == 16);
  }
}

TEST_CASE("each type's minimum length is enforced in the header", "[bgp]") {
  SECTION("KEEPALIVE longer than 19") {
    CHECK(ErrorOf(MessageBytes(4, {0x00})).notification == Notification{1, 2, {0x00, 0x14}});
  }
  SECTION("OPEN shorter than 29") {
    CHECK(ErrorOf(MessageBytes(1, Bytes(9, 0))).notification == Notification{1, 2, {0x00, 0x1c}});
  }
  SECTION("UPDATE shorter than 23") {
    CHECK(ErrorOf(MessageBytes(2, {0x00, 0x00, 0x00})).notification ==
          Notification{1, 2, {0x00, 0x16}});
  }
  SECTION("NOTIFICATION shorter than 21") {
    CHECK(ErrorOf(MessageBytes(3, {0x06})).notification == Notification{1, 2, {0x00, 0x14}});
  }
}

TEST_CASE("an unknown message type is Bad Message Type with the type", "[bgp]") {
  const DecodeError error = ErrorOf(MessageBytes(9, {}));
  CHECK(error.notification == Notification{1, 3, {9}});
  CHECK(error.offset == 18);
}

TEST_CASE("bytes disagreeing with the length field are refused", "[bgp]") {
  Bytes bytes = MessageBytes(4, {});
  bytes.push_back(0);
  CHECK(ErrorOf(bytes).notification == Notification{1, 2, {0x00, 0x13}});
  CHECK(ErrorOf(Bytes(10, 0xff)).notification.code == 1);
}

TEST_CASE("a NOTIFICATION keeps whatever data it carries", "[bgp]") {
  const Notification hold = DecodeAs<Notification>(MessageBytes(3, {0x04, 0x00}));
  CHECK(hold == Notification{4, 0, {}});
  CHECK(Describe(hold) == "Hold Timer Expired");
  const Notification bad_length = DecodeAs<Notification>(MessageBytes(3, {0x01, 0x02, 0x00, 0x12}));
  CHECK(Describe(bad_length) == "Message Header Error / Bad Message Length (data 00 12)");
}

TEST_CASE("an UPDATE too big for one message is not encoded", "[bgp]") {
  Update update;
  update.attributes.communities.assign(1100, MakeCommunity(64512, 1));
  CHECK(EncodeMessage(update).empty());
}

}  // namespace
}  // namespace metallab::bgp
