#include "daemon/packet_socket.h"

#include <array>
#include <cstring>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "daemon/system_error.h"

namespace metallab::daemon {
namespace {

// The whole frame: jumbo frames included, nothing the announcer reads is longer.
constexpr uint32_t kSnapLength = 65535;

// ldh [12] = ethertype; ARP passes; IPv6 passes when the next header (byte 20) is ICMPv6 (58)
// and its type (byte 54) is a Neighbor Solicitation (135). Frames of PACKET_OUTGOING type (what
// this host sent) are dropped first. Jump offsets count from the next instruction:
// 9 accepts, 10 drops.
constexpr std::array<sock_filter, 11> kNeighbourFilter{{
    {BPF_LD | BPF_B | BPF_ABS, 0, 0, static_cast<uint32_t>(SKF_AD_OFF + SKF_AD_PKTTYPE)},
    {BPF_JMP | BPF_JEQ | BPF_K, 8, 0, PACKET_OUTGOING},
    {BPF_LD | BPF_H | BPF_ABS, 0, 0, 12},
    {BPF_JMP | BPF_JEQ | BPF_K, 5, 0, ETH_P_ARP},
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 5, ETH_P_IPV6},
    {BPF_LD | BPF_B | BPF_ABS, 0, 0, 20},
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 58},
    {BPF_LD | BPF_B | BPF_ABS, 0, 0, 54},
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 135},
    {BPF_RET | BPF_K, 0, 0, kSnapLength},
    {BPF_RET | BPF_K, 0, 0, 0},
}};

}  // namespace

std::optional<PacketSocket> PacketSocket::Open(const std::string& interface, std::string& error) {
  const unsigned ifindex = if_nametoindex(interface.c_str());
  if (ifindex == 0) {
    error = ErrnoText("interface " + interface);
    return std::nullopt;
  }
  // Protocol 0 receives nothing until bind: the filter is attached before any frame can queue.
  UniqueFd fd(socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    error = ErrnoText("AF_PACKET socket for " + interface);
    return std::nullopt;
  }
  sock_fprog program{static_cast<unsigned short>(kNeighbourFilter.size()),
                     const_cast<sock_filter*>(kNeighbourFilter.data())};
  if (setsockopt(fd.get(), SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) {
    error = ErrnoText("BPF filter on " + interface);
    return std::nullopt;
  }
  sockaddr_ll address{};
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons(ETH_P_ALL);
  address.sll_ifindex = static_cast<int>(ifindex);
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = ErrnoText("bind AF_PACKET to " + interface);
    return std::nullopt;
  }
  return PacketSocket(std::move(fd), interface, static_cast<int>(ifindex));
}

bool PacketSocket::Receive(std::vector<uint8_t>& frame) {
  frame.resize(kSnapLength);
  const ssize_t got = recv(fd_.get(), frame.data(), frame.size(), MSG_DONTWAIT | MSG_TRUNC);
  if (got < 0) {
    frame.clear();
    return false;
  }
  frame.resize(std::min(static_cast<size_t>(got), frame.size()));
  return true;
}

bool PacketSocket::Send(std::span<const uint8_t> frame, std::string& error) {
  sockaddr_ll address{};
  address.sll_family = AF_PACKET;
  address.sll_ifindex = ifindex_;
  address.sll_halen = ETH_ALEN;
  if (frame.size() >= ETH_ALEN) std::memcpy(address.sll_addr, frame.data(), ETH_ALEN);
  const ssize_t sent = sendto(fd_.get(), frame.data(), frame.size(), 0,
                              reinterpret_cast<const sockaddr*>(&address), sizeof address);
  if (sent == static_cast<ssize_t>(frame.size())) return true;
  error = ErrnoText("send on " + interface_);
  return false;
}

bool PacketSocket::ChangeMembership(const packet::MacAddress& group, int option) {
  packet_mreq request{};
  request.mr_ifindex = ifindex_;
  request.mr_type = PACKET_MR_MULTICAST;
  request.mr_alen = ETH_ALEN;
  std::memcpy(request.mr_address, group.bytes().data(), ETH_ALEN);
  return setsockopt(fd_.get(), SOL_PACKET, option, &request, sizeof request) == 0;
}

bool PacketSocket::JoinMulticast(const packet::MacAddress& group) {
  return ChangeMembership(group, PACKET_ADD_MEMBERSHIP);
}

bool PacketSocket::LeaveMulticast(const packet::MacAddress& group) {
  return ChangeMembership(group, PACKET_DROP_MEMBERSHIP);
}

}  // namespace metallab::daemon
