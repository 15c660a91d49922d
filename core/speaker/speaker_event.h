// What a speaker reports, typed and timestamped: a node starting or stopping to announce one
// of a Service's IPs (either protocol), why it does not announce a Layer 2 Service, the
// gratuitous ARP and NDP it sends, the membership news its memberlist hears, and the
// ServiceL2Status objects it writes and deletes (v0.14 and later). Drivers turn them into
// transcripts, reports and API writes.
#ifndef METALLAB_CORE_SPEAKER_SPEAKER_EVENT_H_
#define METALLAB_CORE_SPEAKER_SPEAKER_EVENT_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/bgpadvert/node_eligibility.h"
#include "core/membership/memberlist.h"
#include "core/net/ip_address.h"
#include "core/runtime/time.h"
#include "core/speaker/not_announced_reason.h"

namespace metallab::speaker {

enum class AnnouncementProtocol { kLayer2, kBgp };
inline const char* ProtocolName(AnnouncementProtocol protocol) {
  return protocol == AnnouncementProtocol::kBgp ? "bgp" : "layer2";
}

struct AnnouncementChange {
  runtime::Instant at = 0;
  std::string node;
  std::string service;  // namespace/name
  net::IpAddress ip;
  bool announcing = false;  // started (nodeAssigned) or stopped
  AnnouncementProtocol protocol = AnnouncementProtocol::kLayer2;
};

struct MembershipNews {
  std::string observer;  // the speaker's node
  membership::MembershipEvent event;
};

// The ServiceL2Status object of `service` on `node`: written when the node starts announcing
// the Service, deleted when it stops.
struct Layer2StatusChange {
  runtime::Instant at = 0;
  std::string node;
  std::string service;
  std::vector<std::string> interfaces;  // status.interfaces; empty: every interface
  bool present = false;
};

// This node does not announce a Layer 2 Service, or not any more, or for another reason than
// before: reported when the reason (or the owner) changes, not at every reconciliation. A node
// that starts announcing reports an AnnouncementChange instead.
struct NotAnnounced {
  runtime::Instant at = 0;
  std::string node;
  std::string service;
  NotAnnouncedReason reason = NotAnnouncedReason::kNotOwner;
  std::string owner;  // kNotOwner: the node that wins the election
};

// Likewise over BGP: this node does not advertise a Service of a pool that has
// BGPAdvertisements, for MetalLB's reason (bgpadvert::VerdictReason names it).
struct NotAdvertised {
  runtime::Instant at = 0;
  std::string node;
  std::string service;
  bgpadvert::Verdict verdict = bgpadvert::Verdict::kNotOwner;
};

// One gratuitous round for an announced IP on one link: an ARP request and reply (IPv4) or an
// unsolicited Neighbor Advertisement (IPv6).
struct GratuitousSent {
  runtime::Instant at = 0;
  std::string node;
  net::IpAddress ip;
  std::string link;
  uint32_t packets = 0;
};

using SpeakerEvent = std::variant<AnnouncementChange, MembershipNews, Layer2StatusChange,
                                  NotAnnounced, NotAdvertised, GratuitousSent>;

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_SPEAKER_EVENT_H_
