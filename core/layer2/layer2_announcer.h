// A speaker's Layer 2 side on one node (MetalLB internal/layer2/announcer.go), sans-I/O: the
// driver reports the node's links and the frames that arrive on them; the announcer answers
// ARP and NDP for the IPs this node owns, sends the gratuitous rounds of a take-over, and
// counts what it did (MetalLB's layer2 metrics). Which IPs it owns is decided elsewhere (the
// owner election); it is told through SetBalancer and DeleteBalancer.
#ifndef METALLAB_CORE_LAYER2_LAYER2_ANNOUNCER_H_
#define METALLAB_CORE_LAYER2_LAYER2_ANNOUNCER_H_

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/layer2/gratuitous_schedule.h"
#include "core/layer2/link_info.h"
#include "core/layer2/neighbour_answers.h"
#include "core/layer2/responder_interfaces.h"
#include "core/runtime/time.h"

namespace metallab::layer2 {

struct OutgoingFrame {
  std::string link;
  std::vector<uint8_t> bytes;
};

// One gratuitous round sent for `ip` on `link`.
struct GratuitousRoundSent {
  std::string link;
  net::IpAddress ip;
  uint32_t packets = 0;
};

// metallb_layer2_requests_received, _responses_sent, _gratuitous_sent, per IP.
struct Layer2Counters {
  uint64_t requests_received = 0;
  uint64_t responses_sent = 0;
  uint64_t gratuitous_sent = 0;
};

class Layer2Announcer {
 public:
  Layer2Announcer(GratuitousParameters gratuitous, runtime::Instant started,
                  std::vector<std::string> excluded_links = DefaultExcludedInterfaces());

  // The node's links, re-read (MetalLB rescans every 10 s and on changes).
  void SetLinks(std::vector<LinkInfo> links);

  // Service `service` (namespace/name) is announced from this node with `ips`, restricted to
  // `links` (empty: every responder link). Re-confirming restarts the gratuitous burst.
  void SetBalancer(runtime::Instant now, const std::string& service,
                   const std::vector<net::IpAddress>& ips, const std::vector<std::string>& links);
  void DeleteBalancer(const std::string& service);

  void HandleFrame(runtime::Instant now, const std::string& link, std::span<const uint8_t> frame);
  void HandleTimeout(runtime::Instant now);
  runtime::Instant NextTimeout() const { return gratuitous_.NextTimeout(); }
  std::vector<OutgoingFrame> TakeFrames();
  // The gratuitous rounds among the frames taken, in the order sent.
  std::vector<GratuitousRoundSent> TakeGratuitousRounds();

  bool Announces(const net::IpAddress& ip) const { return owners_.count(ip) > 0; }
  std::vector<net::IpAddress> AnnouncedIps() const;
  // The links `ip` is answered on: responder links of its family, within the restriction.
  std::vector<std::string> LinksFor(const net::IpAddress& ip) const;
  const std::map<net::IpAddress, Layer2Counters>& counters() const { return counters_; }
  const ResponderInterfaces& responders() const { return responders_; }

 private:
  // The services announcing one IP, each with its link restriction (empty: every link).
  struct Owner {
    std::map<std::string, std::vector<std::string>> links_by_service;
  };

  bool AllowedOn(const net::IpAddress& ip, const std::string& link) const;
  const LinkInfo* FindLink(const std::string& name) const;
  ResponderLink ResponderFor(const LinkInfo& link) const;
  void SendRound(const net::IpAddress& ip);

  std::vector<std::string> excluded_links_;
  std::vector<LinkInfo> links_;
  ResponderInterfaces responders_;
  std::map<net::IpAddress, Owner> owners_;
  GratuitousSchedule gratuitous_;
  std::map<net::IpAddress, Layer2Counters> counters_;
  std::vector<OutgoingFrame> outbox_;
  std::vector<GratuitousRoundSent> rounds_;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_LAYER2_ANNOUNCER_H_
