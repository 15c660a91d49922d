#include "core/packet/arp_view.h"

#include <algorithm>

#include "core/packet/mac_address.h"

namespace metallab::packet {
namespace {

// Offsets from the start of the frame: the Ethernet header, then ARP for IPv4 over Ethernet.
constexpr size_t kSenderMac = kEthernetHeaderBytes + 8;
constexpr size_t kSenderIp = kEthernetHeaderBytes + 14;
constexpr size_t kTargetIp = kEthernetHeaderBytes + 24;

uint64_t ReadBigEndian(std::span<const uint8_t> frame, size_t at, size_t bytes) {
  uint64_t value = 0;
  for (size_t k = 0; k < bytes; ++k) value = (value << 8) | frame[at + k];
  return value;
}

}  // namespace

std::optional<ArpView> PeekArp(std::span<const uint8_t> frame) {
  if (frame.size() < kTargetIp + 4 || frame[12] != 0x08 || frame[13] != 0x06) return std::nullopt;
  ArpView view;
  view.sender_mac = ReadBigEndian(frame, kSenderMac, 6);
  view.sender_ip = static_cast<uint32_t>(ReadBigEndian(frame, kSenderIp, 4));
  view.target_ip = static_cast<uint32_t>(ReadBigEndian(frame, kTargetIp, 4));
  view.to_broadcast =
      std::all_of(frame.begin(), frame.begin() + 6, [](uint8_t b) { return b == 0xff; });
  return view;
}

}  // namespace metallab::packet
