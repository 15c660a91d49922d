#include "core/net/interval_set.h"

#include <catch2/catch.hpp>

namespace metallab::net {
namespace {

using Intervals = std::vector<std::pair<Uint128, Uint128>>;

TEST_CASE("adding merges touching and overlapping intervals", "[net]") {
  IntervalSet set;
  set.Add(10, 20);
  set.Add(30, 40);
  CHECK(set.interval_count() == 2);
  set.Add(21, 29);
  CHECK(set.Intervals() == Intervals{{10, 40}});
  set.Add(5, 12);
  set.Add(38, 50);
  CHECK(set.Intervals() == Intervals{{5, 50}});
  set.Add(1, 100);
  CHECK(set.Intervals() == Intervals{{1, 100}});
}

TEST_CASE("removing splits intervals", "[net]") {
  IntervalSet set;
  set.Add(0, 100);
  set.Remove(40, 60);
  CHECK(set.Intervals() == Intervals{{0, 39}, {61, 100}});
  set.Remove(0);
  set.Remove(100);
  CHECK(set.Intervals() == Intervals{{1, 39}, {61, 99}});
  set.Remove(0, 1000);
  CHECK(set.empty());
}

TEST_CASE("first absent value skips a covering interval", "[net]") {
  IntervalSet set;
  CHECK(set.FirstAbsent(5, 10) == Uint128{5});
  set.Add(5, 7);
  CHECK(set.FirstAbsent(5, 10) == Uint128{8});
  CHECK(set.FirstAbsent(3, 10) == Uint128{3});
  set.Add(8, 10);
  CHECK_FALSE(set.FirstAbsent(5, 10));
}

TEST_CASE("the whole 128-bit space is representable", "[net]") {
  IntervalSet set;
  const Uint128 max = ~Uint128{0};
  set.Add(0, max);
  CHECK(set.Contains(max));
  CHECK_FALSE(set.FirstAbsent(0, max));
  set.Remove(max);
  CHECK(set.FirstAbsent(0, max) == max);
  set.Add(max);
  CHECK(set.Intervals() == Intervals{{0, max}});
}

TEST_CASE("intersection queries", "[net]") {
  IntervalSet set;
  set.Add(10, 20);
  CHECK(set.Intersects(0, 10));
  CHECK(set.Intersects(15, 16));
  CHECK(set.Intersects(20, 30));
  CHECK(set.Intersects(0, 100));
  CHECK_FALSE(set.Intersects(0, 9));
  CHECK_FALSE(set.Intersects(21, 30));
}

}  // namespace
}  // namespace metallab::net
