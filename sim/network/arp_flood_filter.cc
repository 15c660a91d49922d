#include "sim/network/arp_flood_filter.h"

#include <algorithm>

#include "core/packet/packet_codec.h"

namespace metallab::sim {

void ArpFloodFilter::AddPort() {
  host_opaque_.push_back(true);
  Refresh(host_opaque_.size() - 1);
}

void ArpFloodFilter::SetHostOpaque(size_t port, bool opaque) {
  host_opaque_.at(port) = opaque;
  Refresh(port);
}

void ArpFloodFilter::Refresh(size_t port) {
  if (host_opaque_[port]) {
    opaque_.insert(port);
  } else {
    opaque_.erase(port);
  }
}

void ArpFloodFilter::AddOwned(size_t port, uint32_t ipv4) {
  std::vector<Owner>& owners = owners_[ipv4];
  for (Owner& owner : owners) {
    if (owner.port == port) {
      ++owner.references;
      return;
    }
  }
  owners.push_back(Owner{port, 1});
}

void ArpFloodFilter::RemoveOwned(size_t port, uint32_t ipv4) {
  const auto found = owners_.find(ipv4);
  if (found == owners_.end()) return;
  std::vector<Owner>& owners = found->second;
  for (auto owner = owners.begin(); owner != owners.end(); ++owner) {
    if (owner->port != port) continue;
    if (--owner->references == 0) owners.erase(owner);
    break;
  }
  if (owners.empty()) owners_.erase(found);
}

void ArpFloodFilter::SetEntry(size_t port, uint32_t ipv4, std::optional<uint64_t> valid_mac) {
  std::vector<CachedEntry>& entries = entries_[ipv4];
  for (CachedEntry& entry : entries) {
    if (entry.port == port) {
      entry.valid_mac = valid_mac;
      return;
    }
  }
  entries.push_back(CachedEntry{port, valid_mac});
}

void ArpFloodFilter::RemoveEntry(size_t port, uint32_t ipv4) {
  const auto found = entries_.find(ipv4);
  if (found == entries_.end()) return;
  std::erase_if(found->second, [port](const CachedEntry& entry) { return entry.port == port; });
  if (found->second.empty()) entries_.erase(found);
}

void ArpFloodFilter::PortsFor(uint32_t sender, uint64_t sender_mac, uint32_t target,
                              std::vector<size_t>& ports) const {
  ports.assign(opaque_.begin(), opaque_.end());
  if (const auto owners = owners_.find(target); owners != owners_.end()) {
    for (const Owner& owner : owners->second) ports.push_back(owner.port);
  }
  if (const auto entries = entries_.find(sender); entries != entries_.end()) {
    for (const CachedEntry& entry : entries->second) {
      // A valid entry that already holds this MAC is left as it is: nothing to deliver.
      if (entry.valid_mac != sender_mac) ports.push_back(entry.port);
    }
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
}

uint64_t MacValue(const packet::MacAddress& mac) {
  uint64_t value = 0;
  for (const uint8_t byte : mac) value = (value << 8) | byte;
  return value;
}

std::optional<packet::ArpView> BroadcastArpKey(const std::vector<uint8_t>& frame) {
  const auto arp = packet::PeekArp(frame);
  if (!arp || !arp->to_broadcast) return std::nullopt;
  return arp;
}

}  // namespace metallab::sim
