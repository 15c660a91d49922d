#include "core/bgp/notification.h"

#include <catch2/catch.hpp>

namespace metallab::bgp {
namespace {

TEST_CASE("codes and subcodes read as their registered names", "[bgp]") {
  CHECK(Describe(Notification{4, 0, {}}) == "Hold Timer Expired");
  CHECK(Describe(MakeNotification(OpenSubcode::kUnacceptableHoldTime)) ==
        "OPEN Message Error / Unacceptable Hold Time");
  CHECK(Describe(MakeNotification(UpdateSubcode::kMalformedAttributeList)) ==
        "UPDATE Message Error / Malformed Attribute List");
  CHECK(Describe(MakeCease(CeaseSubcode::kOtherConfigurationChange)) ==
        "Cease / Other Configuration Change");
  CHECK(Describe(MakeCease(CeaseSubcode::kAdministrativeReset)) == "Cease / Administrative Reset");
  CHECK(Describe(Notification{5, 2, {}}) ==
        "Finite State Machine Error / Receive Unexpected Message in OpenConfirm State");
  CHECK(Describe(Notification{3, 42, {}}) == "UPDATE Message Error / subcode 42");
  CHECK(Describe(Notification{9, 1, {}}) == "error code 9 / subcode 1");
}

TEST_CASE("long data is shortened in descriptions", "[bgp]") {
  const std::string text = Describe(Notification{3, 9, std::vector<uint8_t>(40, 0xab)});
  CHECK(text.size() < 160);  // 40 bytes in full would take 175
  CHECK(text.find("ab ab ...") != std::string::npos);
}

TEST_CASE("a shutdown communication is cut at 255 bytes on a character boundary", "[bgp]") {
  std::string text(254, 'a');
  text += "\xc3\xa9";  // é straddles byte 255
  const Notification cease = MakeCease(CeaseSubcode::kAdministrativeShutdown, text);
  REQUIRE(cease.data.size() == 255);
  CHECK(cease.data[0] == 254);
  CHECK(ShutdownCommunication(cease) == std::string(254, 'a'));
}

TEST_CASE("a communication is only for Administrative Shutdown and Reset", "[bgp]") {
  CHECK(MakeCease(CeaseSubcode::kPeerDeconfigured, "bye").data.empty());
  CHECK(MakeCease(CeaseSubcode::kAdministrativeShutdown, "").data.empty());
}

TEST_CASE("a malformed communication is not shown as text", "[bgp]") {
  SECTION("length overruns the data") {
    const Notification bad{6, 2, {0x05, 'a', 'b'}};
    CHECK_FALSE(ShutdownCommunication(bad).has_value());
    CHECK(Describe(bad) == "Cease / Administrative Shutdown (data 05 61 62)");
  }
  SECTION("not UTF-8") {
    CHECK_FALSE(ShutdownCommunication(Notification{6, 2, {0x02, 0xc0, 0x80}}).has_value());
    CHECK_FALSE(ShutdownCommunication(Notification{6, 2, {0x03, 0xed, 0xa0, 0x80}}).has_value());
  }
  SECTION("control characters are escaped in descriptions") {
    const Notification cease = MakeCease(CeaseSubcode::kAdministrativeShutdown, "a\nb");
    CHECK(Describe(cease) == "Cease / Administrative Shutdown: \"a\\x0ab\"");
  }
  SECTION("valid multi-byte text") {
    CHECK(ShutdownCommunication(Notification{6, 4, {0x03, 0xe2, 0x82, 0xac}}) == "\xe2\x82\xac");
  }
}

}  // namespace
}  // namespace metallab::bgp
