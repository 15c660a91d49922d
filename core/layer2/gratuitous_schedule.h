// When a speaker sends gratuitous rounds (MetalLB internal/layer2/announcer.go spamLoop, spec
// §3.6): every time the speaker (re)confirms an IP it owns, the IP's deadline becomes now + 5 s;
// an IP not already in the table gets a round at once; a ticker every 1100 ms sends a round for
// every IP in the table that is still announced and whose deadline has not passed, and drops the
// IPs whose deadline has. A fresh take-over therefore sends about five rounds: at once, then at
// 1.1, 2.2, 3.3 and 4.4 s. Releasing an IP sends nothing and leaves it in the table until its
// deadline (MetalLB's gratuitous() only skips it), so an IP taken back within 5 s gets no
// immediate round.
//
// The ticker's phase is MetalLB's per release: v0.9 and v0.10 start it with the speaker and let
// it run; from v0.11 it starts (Reset) when an IP enters an empty table and stops when the table
// empties, so a take-over's rounds are 1.1 s apart from its first.
//
// Extension (opt-in, named in the scenario as periodic gratuitous ARP, after MetalLB PR#3125):
// `periodic_interval` > 0 also sends a round for every announced IP at that interval, for
// networks whose gateways outlive switch FDB ageing (metallb#2910).
#ifndef METALLAB_CORE_LAYER2_GRATUITOUS_SCHEDULE_H_
#define METALLAB_CORE_LAYER2_GRATUITOUS_SCHEDULE_H_

#include <map>
#include <set>
#include <vector>

#include "core/net/ip_address.h"
#include "core/runtime/time.h"

namespace metallab::layer2 {

struct GratuitousParameters {
  runtime::Duration burst = runtime::Seconds(5);
  runtime::Duration tick = runtime::Milliseconds(1100);
  runtime::Duration periodic_interval = 0;  // extension; 0 = MetalLB's behaviour
  // v0.11 and later: the ticker restarts when an IP enters an empty table (else: runs from the
  // speaker's start, as in v0.9 and v0.10).
  bool ticker_restarts_when_idle = true;
};

class GratuitousSchedule {
 public:
  GratuitousSchedule(GratuitousParameters parameters, runtime::Instant started);

  // The speaker keeps or takes `ip`. True when a round is due right now (the IP is new).
  bool Confirm(const net::IpAddress& ip, runtime::Instant now);
  // The speaker no longer announces `ip`.
  void Release(const net::IpAddress& ip);

  // IPs due a round at `now` (call at NextTimeout()); advances the ticker.
  std::vector<net::IpAddress> Tick(runtime::Instant now);
  runtime::Instant NextTimeout() const;

 private:
  GratuitousParameters parameters_;
  runtime::Instant next_tick_;
  std::map<net::IpAddress, runtime::Instant> deadlines_;  // bursting IPs
  std::set<net::IpAddress> announced_;
  runtime::Instant next_periodic_ = runtime::kNoDeadline;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_GRATUITOUS_SCHEDULE_H_
