#include "sim/network/connection_tracker.h"

#include <vector>

namespace metallab::sim {
namespace {

// nf_conntrack's default timeouts (net.netfilter.nf_conntrack_*_timeout*).
constexpr SimDuration kUdpUnreplied = Seconds(30);
constexpr SimDuration kUdpReplied = Seconds(120);
constexpr SimDuration kTcpSynSent = Seconds(120);
constexpr SimDuration kTcpEstablished = Seconds(432000);
constexpr SimDuration kTcpClosing = Seconds(120);
constexpr SimDuration kTcpReset = Seconds(10);

}  // namespace

std::string FlowTuple::ToString() const {
  const char* name = protocol == packet::kIpProtocolTcp ? "tcp" : "udp";
  return std::string(name) + " " + source.ToString() + ":" + std::to_string(source_port) + " > " +
         destination.ToString() + ":" + std::to_string(destination_port);
}

std::optional<FlowTuple> FlowTupleOf(const packet::IpPacket& packet) {
  if (const auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload)) {
    return FlowTuple{packet::kIpProtocolTcp, packet.source, tcp->source_port, packet.destination,
                     tcp->destination_port};
  }
  if (const auto* udp = std::get_if<packet::UdpDatagram>(&packet.payload)) {
    return FlowTuple{packet::kIpProtocolUdp, packet.source, udp->source_port, packet.destination,
                     udp->destination_port};
  }
  return std::nullopt;
}

void RewriteTo(packet::IpPacket& packet, const FlowTuple& tuple) {
  packet.source = tuple.source;
  packet.destination = tuple.destination;
  if (auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload)) {
    tcp->source_port = tuple.source_port;
    tcp->destination_port = tuple.destination_port;
  } else if (auto* udp = std::get_if<packet::UdpDatagram>(&packet.payload)) {
    udp->source_port = tuple.source_port;
    udp->destination_port = tuple.destination_port;
  }
}

void ConnectionTracker::Add(SimTime now, const FlowTuple& original, const FlowTuple& translated) {
  if (entries_.size() >= size_after_sweep_ + kSweepGrowth) Sweep(now);
  bool unused = false;
  if (const auto existing = Lookup(now, original, &unused)) Erase(*existing);
  const EntryId id = next_id_++;
  entries_.emplace(id, Entry{original, translated, now + kUdpUnreplied, false, std::nullopt});
  originals_[original] = id;
  replies_[translated.Reversed()] = id;
}

bool ConnectionTracker::Translate(SimTime now, packet::IpPacket& packet) {
  const auto tuple = FlowTupleOf(packet);
  if (!tuple) return false;
  bool reply = false;
  const auto id = Lookup(now, *tuple, &reply);
  if (!id) return false;
  Entry& entry = entries_.at(*id);
  entry.replied = entry.replied || reply;
  Refresh(now, entry, packet);
  RewriteTo(packet, reply ? entry.original.Reversed() : entry.translated);
  return true;
}

bool ConnectionTracker::ReplyTupleInUse(SimTime now, const FlowTuple& reply) {
  bool reply_direction = false;
  return Lookup(now, reply, &reply_direction).has_value() && reply_direction;
}

void ConnectionTracker::Clear() {
  entries_.clear();
  originals_.clear();
  replies_.clear();
  size_after_sweep_ = 0;
}

std::optional<ConnectionTracker::EntryId> ConnectionTracker::Lookup(SimTime now,
                                                                    const FlowTuple& tuple,
                                                                    bool* reply_direction) {
  std::optional<EntryId> id;
  if (const auto found = originals_.find(tuple); found != originals_.end()) {
    id = found->second;
    *reply_direction = false;
  } else if (const auto back = replies_.find(tuple); back != replies_.end()) {
    id = back->second;
    *reply_direction = true;
  }
  if (id && entries_.at(*id).expires <= now) {
    Erase(*id);
    return std::nullopt;
  }
  return id;
}

void ConnectionTracker::Refresh(SimTime now, Entry& entry, const packet::IpPacket& packet) {
  const auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload);
  if (tcp == nullptr) {
    entry.expires = now + (entry.replied ? kUdpReplied : kUdpUnreplied);
    return;
  }
  // Once closing, a connection keeps its short timeout: later ACKs do not revive it.
  if (tcp->Has(packet::kTcpRst)) {
    entry.closing_timeout = kTcpReset;
  } else if (tcp->Has(packet::kTcpFin) && !entry.closing_timeout) {
    entry.closing_timeout = kTcpClosing;
  }
  const SimDuration open = entry.replied ? kTcpEstablished : kTcpSynSent;
  entry.expires = now + entry.closing_timeout.value_or(open);
}

void ConnectionTracker::Erase(EntryId id) {
  const auto found = entries_.find(id);
  if (found == entries_.end()) return;
  originals_.erase(found->second.original);
  replies_.erase(found->second.translated.Reversed());
  entries_.erase(found);
}

void ConnectionTracker::Sweep(SimTime now) {
  std::vector<EntryId> expired;
  for (const auto& [id, entry] : entries_) {
    if (entry.expires <= now) expired.push_back(id);
  }
  for (const EntryId id : expired) Erase(id);
  size_after_sweep_ = entries_.size();
}

}  // namespace metallab::sim
