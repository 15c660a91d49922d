#include "core/layer2/neighbour_answers.h"

#include <string>

#include "core/packet/packet_codec.h"

namespace metallab::layer2 {
namespace {

const net::IpAddress kAllNodes = *net::IpAddress::Parse("ff02::1");

std::optional<NeighbourRequest> AnswerArp(const packet::DecodedFrame& frame,
                                          const packet::ArpPacket& arp, const ResponderLink& link,
                                          const IsAnnounced& announced) {
  if (!arp.request) return std::nullopt;
  if (frame.destination != packet::kBroadcastMac && frame.destination != link.mac) {
    return std::nullopt;
  }
  NeighbourRequest request{arp.target_ip, false, {}};
  if (!announced(arp.target_ip)) return request;
  const packet::ArpPacket reply{false, link.mac, arp.target_ip, arp.sender_mac, arp.sender_ip};
  request.answered = true;
  request.reply = packet::EncodeArp(arp.sender_mac, link.mac, reply);
  return request;
}

std::optional<NeighbourRequest> AnswerSolicitation(const packet::IpPacket& ip,
                                                   const packet::NeighbourSolicitation& ns,
                                                   const ResponderLink& link,
                                                   const IsAnnounced& announced) {
  NeighbourRequest request{ns.target, false, {}};
  // Without a source link-layer address there is nobody to answer to (a DAD probe from ::).
  if (!ns.source_lla || !announced(ns.target)) return request;
  const packet::IpPacket advertisement{
      link.link_local, ip.source, 255,
      packet::NeighbourAdvertisement{ns.target, /*router=*/false, /*solicited=*/true,
                                     /*override=*/false, link.mac}};
  request.answered = true;
  request.reply = packet::EncodeEthernet(*ns.source_lla, link.mac, packet::EncodeIp(advertisement));
  return request;
}

// Whether a frame can hold an ARP packet or an ICMPv6 message, from its fixed header bytes. A
// responder sees every frame on its links; most are neither, and decoding them is the cost.
bool MayBeNeighbourRequest(std::span<const uint8_t> frame) {
  if (frame.size() < 14) return false;
  const uint16_t ether_type = static_cast<uint16_t>(frame[12] << 8 | frame[13]);
  constexpr size_t kIpv6NextHeader = 14 + 6;
  switch (ether_type) {
    case packet::kEtherTypeArp:
    case 0x8100:  // 802.1Q: left to the full decoder
      return true;
    case packet::kEtherTypeIpv6:
      return frame.size() > kIpv6NextHeader && frame[kIpv6NextHeader] == packet::kIpProtocolIcmpv6;
    default:
      return false;
  }
}

}  // namespace

std::optional<NeighbourRequest> AnswerNeighbourRequest(std::span<const uint8_t> frame,
                                                       const ResponderLink& link,
                                                       const IsAnnounced& announced) {
  if (!MayBeNeighbourRequest(frame)) return std::nullopt;
  std::string error;
  const auto decoded =
      packet::DecodeFrame(std::vector<uint8_t>(frame.begin(), frame.end()), &error);
  if (!decoded) return std::nullopt;
  if (const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body)) {
    return AnswerArp(*decoded, *arp, link, announced);
  }
  const auto* ip = std::get_if<packet::IpPacket>(&decoded->body);
  if (ip == nullptr) return std::nullopt;
  if (const auto* ns = std::get_if<packet::NeighbourSolicitation>(&ip->payload)) {
    return AnswerSolicitation(*ip, *ns, link, announced);
  }
  return std::nullopt;
}

std::vector<std::vector<uint8_t>> GratuitousRound(const net::IpAddress& ip,
                                                  const ResponderLink& link) {
  if (ip.is_v4()) {
    const packet::ArpPacket request{true, link.mac, ip, packet::kBroadcastMac, ip};
    packet::ArpPacket reply = request;
    reply.request = false;
    return {packet::EncodeArp(packet::kBroadcastMac, link.mac, request),
            packet::EncodeArp(packet::kBroadcastMac, link.mac, reply)};
  }
  const packet::IpPacket advertisement{
      link.link_local, kAllNodes, 255,
      packet::NeighbourAdvertisement{ip, /*router=*/false, /*solicited=*/false,
                                     /*override=*/true, link.mac}};
  return {packet::EncodeEthernet(packet::MulticastMac(kAllNodes), link.mac,
                                 packet::EncodeIp(advertisement))};
}

}  // namespace metallab::layer2
