// How long MetalLB's native speaker waits before its next connection attempt after one failed
// (internal/bgp/native/backoff.go): 0 the first time, then 1 s, doubling, capped at 2 minutes.
// No jitter: the sequence is the same for every speaker, so a router that comes back sees all
// of a cluster's speakers retry in step, and the simulator reproduces that.
#ifndef METALLAB_CORE_BGP_RECONNECT_BACKOFF_H_
#define METALLAB_CORE_BGP_RECONNECT_BACKOFF_H_

#include "core/runtime/time.h"

namespace metallab::bgp {

class ReconnectBackoff {
 public:
  static constexpr runtime::Duration kFirstStep = runtime::Seconds(1);
  static constexpr runtime::Duration kDefaultCap = runtime::Seconds(120);

  explicit ReconnectBackoff(runtime::Duration cap = kDefaultCap) : cap_(cap) {}

  // The delay to wait now, advancing the sequence 0, 1 s, 2 s, 4 s, ... cap, cap.
  runtime::Duration Next();
  // Back to 0, after a connection attempt succeeded.
  void Reset() { next_ = 0; }

  // The delay Next() would return.
  runtime::Duration upcoming() const { return next_; }

 private:
  runtime::Duration cap_;
  runtime::Duration next_ = 0;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_RECONNECT_BACKOFF_H_
