#include "sim/network/vlan_tag.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

// An ARP request (dst broadcast, src 02:00:00:00:00:01), cut after the EtherType and two bytes.
const std::vector<uint8_t> kUntagged = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00,
                                        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01};
// The same frame tagged for VLAN 300 (0x12c): TPID 0x8100, TCI 0x012c.
const std::vector<uint8_t> kTagged300 = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
                                         0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00,
                                         0x01, 0x2c, 0x08, 0x06, 0x00, 0x01};

TEST_CASE("802.1Q tags are pushed and popped as exact bytes", "[network][vlan]") {
  CHECK(PushDot1qTag(kUntagged, 300) == kTagged300);
  CHECK(PopDot1qTag(kTagged300) == kUntagged);
  CHECK(PopDot1qTag(kUntagged) == kUntagged);
  CHECK(HasDot1qTag(kTagged300));
  CHECK_FALSE(HasDot1qTag(kUntagged));
  CHECK(Dot1qVlanId(kTagged300) == 300);
  CHECK(Dot1qVlanId(kUntagged) == 0);
  // The highest VLAN ID fills all 12 bits and leaves priority and DEI clear.
  CHECK(Dot1qVlanId(PushDot1qTag(kUntagged, 4094)) == 4094);
  CHECK(PushDot1qTag(kUntagged, 4094)[14] == 0x0f);
}

TEST_CASE("priority bits and DEI do not change the VLAN ID read", "[network][vlan]") {
  std::vector<uint8_t> frame = kTagged300;
  frame[14] |= 0xf0;  // priority 7, DEI 1
  CHECK(Dot1qVlanId(frame) == 300);
}

TEST_CASE("a frame too short for a tag is not tagged", "[network][vlan]") {
  const std::vector<uint8_t> runt = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
                                     0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x00};
  CHECK_FALSE(HasDot1qTag(runt));
  CHECK(Dot1qVlanId(runt) == 0);
  CHECK(PopDot1qTag(runt) == runt);
}

}  // namespace
}  // namespace metallab::sim
