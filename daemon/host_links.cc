#include "daemon/host_links.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/system_error.h"

namespace metallab::daemon {
namespace {

std::optional<net::IpAddress> AddressOf(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return net::IpAddress::V4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    std::array<uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &v6->sin6_addr, 16);
    return net::IpAddress::FromBytes(bytes);
  }
  return std::nullopt;
}

bool Enslaved(const std::string& name) {
  std::error_code ignored;
  return std::filesystem::exists("/sys/class/net/" + name + "/master", ignored);
}

}  // namespace

std::vector<layer2::LinkInfo> ReadHostLinks() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {};
  std::map<std::string, layer2::LinkInfo> links;
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if ((entry->ifa_flags & IFF_LOOPBACK) != 0) continue;
    layer2::LinkInfo& link = links[entry->ifa_name];
    link.name = entry->ifa_name;
    link.up = (entry->ifa_flags & IFF_UP) != 0 && (entry->ifa_flags & IFF_RUNNING) != 0;
    link.broadcast = (entry->ifa_flags & IFF_BROADCAST) != 0;
    link.noarp = (entry->ifa_flags & IFF_NOARP) != 0;
    if (entry->ifa_addr != nullptr && entry->ifa_addr->sa_family == AF_PACKET) {
      const auto* hardware = reinterpret_cast<const sockaddr_ll*>(entry->ifa_addr);
      if (hardware->sll_halen == packet::MacAddress::kLength) {
        link.mac = packet::MacAddress(hardware->sll_addr);
      }
    } else if (const auto address = AddressOf(entry->ifa_addr)) {
      link.addresses.push_back(*address);
    }
  }
  freeifaddrs(list);
  std::vector<layer2::LinkInfo> result;
  for (auto& [name, link] : links) {
    link.enslaved = Enslaved(name);
    // getifaddrs lists IPv4 before IPv6 and each family in the kernel's order; the speaker's
    // own address is the first IPv4, as MetalLB's pod IP is the node's primary address.
    std::stable_sort(
        link.addresses.begin(), link.addresses.end(),
        [](const net::IpAddress& a, const net::IpAddress& b) { return !a.is_v6() && b.is_v6(); });
    result.push_back(std::move(link));
  }
  return result;
}

LinkChanges::LinkChanges()
    : fd_(socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE)) {
  if (!fd_.valid()) ThrowErrno("netlink socket");
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
  if (bind(fd_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ThrowErrno("bind netlink");
  }
}

bool LinkChanges::Drain() {
  std::array<char, 8192> buffer{};
  bool any = false;
  for (int round = 0; round < 64; ++round) {
    const ssize_t got = recv(fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    // ENOBUFS: notifications were lost; a re-read of everything is what follows anyway.
    if (got < 0 && errno != ENOBUFS) break;
    any = true;
  }
  return any;
}

}  // namespace metallab::daemon
