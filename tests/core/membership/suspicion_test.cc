#include "core/membership/suspicion.h"

#include <catch2/catch.hpp>

#include "core/membership/gossip_queue.h"

namespace metallab::membership {
namespace {

using runtime::Milliseconds;
using runtime::Seconds;

TEST_CASE("the minimum suspicion timeout scales with log10 of the cluster size", "[membership]") {
  const MemberlistConfig lan;
  CHECK(MinSuspicionTimeout(lan, 1) == Seconds(4));
  CHECK(MinSuspicionTimeout(lan, 3) == Seconds(4));
  CHECK(MinSuspicionTimeout(lan, 10) == Seconds(4));
  CHECK(MinSuspicionTimeout(lan, 100) == Seconds(8));
  // 4 × log10(50) × 1 s = 6.7959 s, truncated to whole milliseconds.
  CHECK(MinSuspicionTimeout(lan, 50) == Milliseconds(6795));
  MemberlistConfig fast;
  fast.probe_interval = Milliseconds(100);
  CHECK(MinSuspicionTimeout(fast, 3) == Milliseconds(400));
}

TEST_CASE("a suspicion starts at the maximum and shrinks with each confirmation", "[membership]") {
  const MemberlistConfig lan;
  Suspicion suspicion(lan, 10, "n1", Seconds(100));
  CHECK(suspicion.min() == Seconds(4));
  CHECK(suspicion.max() == Seconds(24));
  CHECK(suspicion.expected_confirmations() == 2);
  CHECK(suspicion.deadline() == Seconds(124));
  CHECK_FALSE(suspicion.Confirm("n1", Seconds(101)));  // the accuser does not confirm itself
  CHECK(suspicion.Confirm("n2", Seconds(101)));
  // 24 s − ln 2 / ln 3 × 20 s = 11.3814 s.
  CHECK(suspicion.deadline() == Seconds(100) + Milliseconds(11381));
  CHECK_FALSE(suspicion.Confirm("n2", Seconds(101)));
  CHECK(suspicion.Confirm("n3", Seconds(101)));
  CHECK(suspicion.deadline() == Seconds(104));
  // Confirmed after the shortened deadline has passed: due at once.
  Suspicion late(lan, 10, "n1", 0);
  CHECK(late.Confirm("n2", Seconds(5)));
  CHECK(late.Confirm("n3", Seconds(6)));
  CHECK(late.deadline() == Seconds(6));
  CHECK_FALSE(suspicion.Confirm("n4", Seconds(101)));  // k reached: nothing more to shorten
  CHECK(suspicion.confirmations() == 2);
}

TEST_CASE("in a cluster too small to confirm, the suspicion is the minimum from the start",
          "[membership]") {
  const MemberlistConfig lan;
  Suspicion suspicion(lan, 3, "n0", 0);
  CHECK(suspicion.expected_confirmations() == 0);
  CHECK(suspicion.deadline() == Seconds(4));
  CHECK_FALSE(suspicion.Confirm("n2", Seconds(101)));
  CHECK(suspicion.deadline() == Seconds(4));
}

TEST_CASE("broadcasts are retransmitted retransmit_mult × ceil(log10(N + 1)) times",
          "[membership]") {
  CHECK(RetransmitLimit(4, 3) == 4);
  CHECK(RetransmitLimit(4, 9) == 4);
  CHECK(RetransmitLimit(4, 10) == 8);
  CHECK(RetransmitLimit(4, 100) == 12);

  GossipQueue queue;
  queue.Queue("a", {1, 1, 1});
  queue.Queue("b", {2});
  queue.Queue("a", {3, 3});  // replaces the older news about a
  CHECK(queue.size() == 2);
  // Larger first among equally-sent messages; the budget counts the overhead.
  CHECK(queue.Take(2, 100, 2) == std::vector<std::vector<uint8_t>>{{3, 3}, {2}});
  CHECK(queue.Take(2, 4, 2) == std::vector<std::vector<uint8_t>>{{3, 3}});
  CHECK(queue.size() == 1);  // {3, 3} reached its limit of 2
  CHECK(queue.Take(2, 100, 2) == std::vector<std::vector<uint8_t>>{{2}});
  CHECK(queue.empty());
}

}  // namespace
}  // namespace metallab::membership
