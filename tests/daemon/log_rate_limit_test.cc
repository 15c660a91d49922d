#include "daemon/log_rate_limit.h"

#include <catch2/catch.hpp>

namespace metallab::daemon {
namespace {

TEST_CASE("a flood is logged as a burst, then counted until its window ends") {
  LogRateLimit limit(2, runtime::Seconds(10));
  const runtime::Instant start = runtime::Seconds(100);
  CHECK(limit.Admit(start));
  CHECK(limit.Admit(start + 1));
  CHECK_FALSE(limit.Admit(start + 2));
  CHECK_FALSE(limit.Admit(start + 3));
  CHECK(limit.TakeSuppressed(start + runtime::Seconds(1)) == 0);  // window still open
  CHECK(limit.TakeSuppressed(start + runtime::Seconds(11)) == 2);
  CHECK(limit.TakeSuppressed(start + runtime::Seconds(12)) == 0);
  CHECK(limit.Admit(start + runtime::Seconds(12)));
}

}  // namespace
}  // namespace metallab::daemon
