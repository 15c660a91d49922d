#include "sim/scenario/announcement_intervals.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

RunEvent Change(SimTime at, const std::string& node, const std::string& service,
                const std::string& ip, bool announcing,
                speaker::AnnouncementProtocol protocol = speaker::AnnouncementProtocol::kLayer2) {
  return {at, speaker::SpeakerEvent{speaker::AnnouncementChange{
                  at, node, service, *net::IpAddress::Parse(ip), announcing, protocol}}};
}

TEST_CASE("Services sharing an IP make one interval per node and protocol", "[scenario]") {
  const std::vector<RunEvent> events{
      Change(1, "w1", "default/tcp", "192.0.2.10", true),
      Change(2, "w1", "default/udp", "192.0.2.10", true),
      Change(2, "w1", "default/tcp", "192.0.2.10", true, speaker::AnnouncementProtocol::kBgp),
      Change(5, "w1", "default/tcp", "192.0.2.10", false),
      Change(7, "w1", "default/udp", "192.0.2.10", false),
      Change(8, "w2", "default/udp", "192.0.2.10", true),
  };
  const std::vector<AnnouncementInterval> intervals = AnnouncementIntervals(events);
  REQUIRE(intervals.size() == 3);
  CHECK(intervals[0].node == "w1");
  CHECK(intervals[0].protocol == "layer2");
  CHECK(intervals[0].from == 1);
  CHECK(intervals[0].to == SimTime{7});  // the last of the two Services went at 7
  CHECK(intervals[1].protocol == "bgp");
  CHECK_FALSE(intervals[1].to);
  CHECK(intervals[2].node == "w2");
  CHECK(intervals[2].from == 8);
  CHECK_FALSE(intervals[2].to);
}

TEST_CASE("a withdrawal of a Service never announced closes nothing", "[scenario]") {
  const std::vector<RunEvent> events{
      Change(1, "w1", "default/a", "192.0.2.10", true),
      Change(2, "w1", "default/b", "192.0.2.10", false),
  };
  const std::vector<AnnouncementInterval> intervals = AnnouncementIntervals(events);
  REQUIRE(intervals.size() == 1);
  CHECK_FALSE(intervals[0].to);
}

}  // namespace
}  // namespace metallab::sim
