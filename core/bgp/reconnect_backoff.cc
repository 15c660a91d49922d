#include "core/bgp/reconnect_backoff.h"

#include <algorithm>

namespace metallab::bgp {

runtime::Duration ReconnectBackoff::Next() {
  const runtime::Duration delay = next_;
  next_ = std::min(next_ == 0 ? kFirstStep : next_ * 2, cap_);
  return delay;
}

}  // namespace metallab::bgp
