#include "core/layer2/gratuitous_schedule.h"

#include <catch2/catch.hpp>

namespace metallab::layer2 {
namespace {

using runtime::Milliseconds;
using runtime::Seconds;

const net::IpAddress kVip = *net::IpAddress::Parse("192.168.1.11");

// Runs the schedule from `from` to `to`, returning when kVip got a round.
std::vector<runtime::Instant> RoundsUntil(GratuitousSchedule& schedule, runtime::Instant to) {
  std::vector<runtime::Instant> rounds;
  while (schedule.NextTimeout() <= to) {
    const runtime::Instant now = schedule.NextTimeout();
    for (const net::IpAddress& ip : schedule.Tick(now)) {
      if (ip == kVip) rounds.push_back(now);
    }
  }
  return rounds;
}

TEST_CASE("a take-over sends a round at once and then every 1.1 s from it, for 5 s", "[layer2]") {
  // v0.11 and later: the ticker starts when the IP enters the empty table.
  GratuitousSchedule schedule({}, 0);
  CHECK(schedule.Confirm(kVip, Milliseconds(2500)));
  // Ticks 3.6, 4.7, 5.8, 6.9 fall inside the deadline 7.5; 8.0 does not.
  CHECK(RoundsUntil(schedule, Seconds(20)) ==
        std::vector<runtime::Instant>{Milliseconds(3600), Milliseconds(4700), Milliseconds(5800),
                                      Milliseconds(6900)});
  CHECK(schedule.NextTimeout() == runtime::kNoDeadline);  // the table emptied: ticker stopped
  // The next take-over starts the ticker afresh.
  CHECK(schedule.Confirm(kVip, Seconds(30)));
  CHECK(RoundsUntil(schedule, Seconds(32)) == std::vector<runtime::Instant>{Milliseconds(31100)});
}

TEST_CASE("under v0.9 the 1.1 s ticker runs from the speaker's start", "[layer2]") {
  GratuitousParameters v0_9;
  v0_9.ticker_restarts_when_idle = false;
  GratuitousSchedule schedule(v0_9, 0);  // the speaker started at 0: ticks at 1.1, 2.2, ...
  CHECK(schedule.Confirm(kVip, Milliseconds(2500)));
  // Ticks 3.3, 4.4, 5.5, 6.6 fall inside the deadline 7.5; 7.7 does not.
  CHECK(RoundsUntil(schedule, Seconds(20)) ==
        std::vector<runtime::Instant>{Milliseconds(3300), Milliseconds(4400), Milliseconds(5500),
                                      Milliseconds(6600)});
  CHECK(schedule.NextTimeout() == runtime::kNoDeadline);  // idle: nothing bursting
}

TEST_CASE("re-confirming an IP extends its burst without an extra round", "[layer2]") {
  GratuitousSchedule schedule({}, 0);
  CHECK(schedule.Confirm(kVip, 0));
  CHECK(RoundsUntil(schedule, Seconds(4)).size() == 3);  // 1.1, 2.2, 3.3
  CHECK_FALSE(schedule.Confirm(kVip, Seconds(4)));       // already bursting: no immediate round
  const auto rounds = RoundsUntil(schedule, Seconds(20));
  CHECK(rounds == std::vector<runtime::Instant>{Milliseconds(4400), Milliseconds(5500),
                                                Milliseconds(6600), Milliseconds(7700),
                                                Milliseconds(8800)});  // deadline 9 s
}

TEST_CASE("a released IP gets no more rounds", "[layer2]") {
  GratuitousSchedule schedule({}, 0);
  schedule.Confirm(kVip, 0);
  schedule.Release(kVip);
  CHECK(RoundsUntil(schedule, Seconds(20)).empty());
}

TEST_CASE("an IP taken back within its burst gets no immediate round, as in MetalLB", "[layer2]") {
  // spamLoop keeps a released IP in its table until the deadline; gratuitous() only skips it.
  GratuitousSchedule schedule({}, 0);
  CHECK(schedule.Confirm(kVip, 0));
  schedule.Release(kVip);
  CHECK(RoundsUntil(schedule, Seconds(2)).empty());  // the tick at 1.1 s skips it
  CHECK_FALSE(schedule.Confirm(kVip, Seconds(2)));   // still in the table: no round now
  CHECK(RoundsUntil(schedule, Seconds(3)) == std::vector<runtime::Instant>{Milliseconds(2200)});
  // Past the deadline it is a fresh take-over again.
  CHECK(RoundsUntil(schedule, Seconds(20)).size() == 4);  // 3.3 ... 6.6, deadline 7 s
  CHECK(schedule.Confirm(kVip, Seconds(30)));
}

TEST_CASE("the periodic extension repeats rounds for as long as the IP is announced", "[layer2]") {
  GratuitousParameters parameters;
  parameters.periodic_interval = Seconds(60);
  GratuitousSchedule schedule(parameters, 0);
  schedule.Confirm(kVip, 0);
  const auto rounds = RoundsUntil(schedule, Seconds(200));
  CHECK(rounds.size() == 4 + 3);  // the burst, then 60, 120, 180 s
  CHECK(rounds.back() == Seconds(180));
}

}  // namespace
}  // namespace metallab::layer2
