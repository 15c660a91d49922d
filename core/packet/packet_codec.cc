#include "core/packet/packet_codec.h"

#include <cstring>

#include <tins/arp.h>
#include <tins/ethernetII.h>
#include <tins/exceptions.h>
#include <tins/hw_address.h>
#include <tins/icmp.h>
#include <tins/icmpv6.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

namespace metallab::packet {
namespace {

Tins::IPv4Address ToTins4(const net::IpAddress& address) {
  const auto bytes = address.Bytes();
  uint32_t network_order;
  std::memcpy(&network_order, bytes.data(), 4);
  return Tins::IPv4Address(network_order);
}

Tins::IPv6Address ToTins6(const net::IpAddress& address) {
  const auto bytes = address.Bytes();
  return Tins::IPv6Address(bytes.data());
}

net::IpAddress FromTins(const Tins::IPv4Address& address) {
  const uint32_t network_order = static_cast<uint32_t>(address);
  uint8_t bytes[4];
  std::memcpy(bytes, &network_order, 4);
  return net::IpAddress::V4((uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
                            (uint32_t{bytes[2]} << 8) | bytes[3]);
}

net::IpAddress FromTins(const Tins::IPv6Address& address) {
  std::array<uint8_t, 16> bytes{};
  address.copy(bytes.begin());
  return net::IpAddress::FromBytes(bytes);
}

Tins::HWAddress<6> ToTins(const MacAddress& mac) { return Tins::HWAddress<6>(mac.begin()); }

MacAddress FromTins(const Tins::HWAddress<6>& mac) { return MacAddress(mac.begin()); }

std::vector<uint8_t> RawPayload(const Tins::PDU& pdu) {
  const auto* raw = pdu.find_pdu<Tins::RawPDU>();
  return raw == nullptr ? std::vector<uint8_t>{} : raw->payload();
}

// The transport layer under an IPv4 or IPv6 header. Returns false for unknown payloads.
struct TransportEncoder {
  bool v6;

  std::unique_ptr<Tins::PDU> operator()(const UdpDatagram& udp) const {
    auto pdu = std::make_unique<Tins::UDP>(udp.destination_port, udp.source_port);
    if (!udp.payload.empty()) pdu->inner_pdu(Tins::RawPDU(udp.payload));
    return pdu;
  }
  std::unique_ptr<Tins::PDU> operator()(const TcpSegment& tcp) const {
    auto pdu = std::make_unique<Tins::TCP>(tcp.destination_port, tcp.source_port);
    pdu->seq(tcp.seq);
    pdu->ack_seq(tcp.ack);
    pdu->flags(tcp.flags);
    pdu->window(tcp.window);
    if (!tcp.payload.empty()) pdu->inner_pdu(Tins::RawPDU(tcp.payload));
    return pdu;
  }
  std::unique_ptr<Tins::PDU> operator()(const IcmpEcho& echo) const {
    std::unique_ptr<Tins::PDU> pdu;
    if (v6) {
      auto icmp = std::make_unique<Tins::ICMPv6>(echo.reply ? Tins::ICMPv6::ECHO_REPLY
                                                            : Tins::ICMPv6::ECHO_REQUEST);
      icmp->identifier(echo.id);
      icmp->sequence(echo.sequence);
      pdu = std::move(icmp);
    } else {
      auto icmp = std::make_unique<Tins::ICMP>(echo.reply ? Tins::ICMP::ECHO_REPLY
                                                          : Tins::ICMP::ECHO_REQUEST);
      icmp->id(echo.id);
      icmp->sequence(echo.sequence);
      pdu = std::move(icmp);
    }
    if (!echo.payload.empty()) pdu->inner_pdu(Tins::RawPDU(echo.payload));
    return pdu;
  }
  std::unique_ptr<Tins::PDU> operator()(const IcmpUnreachable& unreachable) const {
    std::unique_ptr<Tins::PDU> pdu;
    if (v6) {
      auto icmp = std::make_unique<Tins::ICMPv6>(Tins::ICMPv6::DEST_UNREACHABLE);
      icmp->code(unreachable.code);
      pdu = std::move(icmp);
    } else {
      auto icmp = std::make_unique<Tins::ICMP>(Tins::ICMP::DEST_UNREACHABLE);
      icmp->code(unreachable.code);
      pdu = std::move(icmp);
    }
    if (!unreachable.original.empty()) pdu->inner_pdu(Tins::RawPDU(unreachable.original));
    return pdu;
  }
  std::unique_ptr<Tins::PDU> operator()(const NeighbourSolicitation& ns) const {
    auto icmp = std::make_unique<Tins::ICMPv6>(Tins::ICMPv6::NEIGHBOUR_SOLICIT);
    icmp->target_addr(ToTins6(ns.target));
    if (ns.source_lla) icmp->source_link_layer_addr(ToTins(*ns.source_lla));
    return icmp;
  }
  std::unique_ptr<Tins::PDU> operator()(const NeighbourAdvertisement& na) const {
    auto icmp = std::make_unique<Tins::ICMPv6>(Tins::ICMPv6::NEIGHBOUR_ADVERT);
    icmp->target_addr(ToTins6(na.target));
    icmp->router(na.router ? 1 : 0);
    icmp->solicited(na.solicited ? 1 : 0);
    icmp->override(na.override ? 1 : 0);
    if (na.target_lla) icmp->target_link_layer_addr(ToTins(*na.target_lla));
    return icmp;
  }
  std::unique_ptr<Tins::PDU> operator()(const OtherIpPayload& other) const {
    return std::make_unique<Tins::RawPDU>(other.bytes);
  }
};

struct ProtocolOfPayload {
  bool v6;
  uint8_t operator()(const UdpDatagram&) const { return kIpProtocolUdp; }
  uint8_t operator()(const TcpSegment&) const { return kIpProtocolTcp; }
  uint8_t operator()(const OtherIpPayload& other) const { return other.protocol; }
  template <typename IcmpMessage>
  uint8_t operator()(const IcmpMessage&) const {
    return v6 ? kIpProtocolIcmpv6 : kIpProtocolIcmp;
  }
};

uint8_t ProtocolOf(const IpPayload& payload, bool v6) {
  return std::visit(ProtocolOfPayload{v6}, payload);
}

IpPayload DecodeTransport(const Tins::PDU& ip, uint8_t protocol, bool v6) {
  if (const auto* udp = ip.find_pdu<Tins::UDP>()) {
    return UdpDatagram{udp->sport(), udp->dport(), RawPayload(*udp)};
  }
  if (const auto* tcp = ip.find_pdu<Tins::TCP>()) {
    return TcpSegment{tcp->sport(),
                      tcp->dport(),
                      tcp->seq(),
                      tcp->ack_seq(),
                      static_cast<uint16_t>(tcp->flags()),
                      tcp->window(),
                      RawPayload(*tcp)};
  }
  if (!v6) {
    if (const auto* icmp = ip.find_pdu<Tins::ICMP>()) {
      if (icmp->type() == Tins::ICMP::ECHO_REQUEST || icmp->type() == Tins::ICMP::ECHO_REPLY) {
        return IcmpEcho{icmp->type() == Tins::ICMP::ECHO_REPLY, icmp->id(), icmp->sequence(),
                        RawPayload(*icmp)};
      }
      if (icmp->type() == Tins::ICMP::DEST_UNREACHABLE) {
        std::vector<uint8_t> original;
        if (const Tins::PDU* inner = icmp->inner_pdu())
          original = std::unique_ptr<Tins::PDU>(inner->clone())->serialize();
        return IcmpUnreachable{icmp->code(), std::move(original)};
      }
    }
  } else if (const auto* icmp = ip.find_pdu<Tins::ICMPv6>()) {
    switch (icmp->type()) {
      case Tins::ICMPv6::ECHO_REQUEST:
      case Tins::ICMPv6::ECHO_REPLY:
        return IcmpEcho{icmp->type() == Tins::ICMPv6::ECHO_REPLY, icmp->identifier(),
                        icmp->sequence(), RawPayload(*icmp)};
      case Tins::ICMPv6::DEST_UNREACHABLE:
        return IcmpUnreachable{icmp->code(), RawPayload(*icmp)};
      case Tins::ICMPv6::NEIGHBOUR_SOLICIT: {
        NeighbourSolicitation ns{FromTins(icmp->target_addr()), std::nullopt};
        if (icmp->search_option(Tins::ICMPv6::SOURCE_ADDRESS)) {
          ns.source_lla = FromTins(icmp->source_link_layer_addr());
        }
        return ns;
      }
      case Tins::ICMPv6::NEIGHBOUR_ADVERT: {
        NeighbourAdvertisement na{FromTins(icmp->target_addr()), icmp->router() != 0,
                                  icmp->solicited() != 0, icmp->override() != 0, std::nullopt};
        if (icmp->search_option(Tins::ICMPv6::TARGET_ADDRESS)) {
          na.target_lla = FromTins(icmp->target_link_layer_addr());
        }
        return na;
      }
      default:
        break;
    }
  }
  OtherIpPayload other{protocol, {}};
  if (const Tins::PDU* inner = ip.inner_pdu())
    other.bytes = std::unique_ptr<Tins::PDU>(inner->clone())->serialize();
  return other;
}

}  // namespace

EtherPayload EncodeIp(const IpPacket& packet) {
  const bool v6 = packet.destination.is_v6();
  std::unique_ptr<Tins::PDU> transport = std::visit(TransportEncoder{v6}, packet.payload);
  if (v6) {
    Tins::IPv6 ip(ToTins6(packet.destination), ToTins6(packet.source));
    ip.hop_limit(packet.ttl);
    ip.next_header(ProtocolOf(packet.payload, true));
    ip.inner_pdu(transport.release());
    return EtherPayload{kEtherTypeIpv6, ip.serialize()};
  }
  Tins::IP ip(ToTins4(packet.destination), ToTins4(packet.source));
  ip.ttl(packet.ttl);
  ip.protocol(ProtocolOf(packet.payload, false));
  ip.inner_pdu(transport.release());
  return EtherPayload{kEtherTypeIpv4, ip.serialize()};
}

std::vector<uint8_t> EncodeEthernet(const MacAddress& destination, const MacAddress& source,
                                    const EtherPayload& packet) {
  std::vector<uint8_t> bytes;
  bytes.reserve(std::max<size_t>(kMinimumFrameBytes, kEthernetHeaderBytes + packet.payload.size()));
  bytes.insert(bytes.end(), destination.begin(), destination.end());
  bytes.insert(bytes.end(), source.begin(), source.end());
  bytes.push_back(static_cast<uint8_t>(packet.ether_type >> 8));
  bytes.push_back(static_cast<uint8_t>(packet.ether_type));
  bytes.insert(bytes.end(), packet.payload.begin(), packet.payload.end());
  if (bytes.size() < kMinimumFrameBytes)
    bytes.resize(kMinimumFrameBytes, 0);  // NICs pad short frames
  return bytes;
}

std::vector<uint8_t> EncodeArp(const MacAddress& destination, const MacAddress& source,
                               const ArpPacket& arp) {
  Tins::ARP pdu(ToTins4(arp.target_ip), ToTins4(arp.sender_ip), ToTins(arp.target_mac),
                ToTins(arp.sender_mac));
  pdu.opcode(arp.request ? Tins::ARP::REQUEST : Tins::ARP::REPLY);
  return EncodeEthernet(destination, source, EtherPayload{kEtherTypeArp, pdu.serialize()});
}

std::optional<DecodedFrame> DecodeFrame(const std::vector<uint8_t>& bytes, std::string* error) {
  if (bytes.size() < kEthernetHeaderBytes) {
    if (error) *error = "frame shorter than an Ethernet header";
    return std::nullopt;
  }
  try {
    const Tins::EthernetII ethernet(bytes.data(), static_cast<uint32_t>(bytes.size()));
    DecodedFrame frame{
        FromTins(ethernet.dst_addr()), FromTins(ethernet.src_addr()), ethernet.payload_type(), {}};
    if (const auto* arp = ethernet.find_pdu<Tins::ARP>()) {
      if (arp->hw_addr_length() != 6 || arp->prot_addr_length() != 4) {
        if (error) *error = "ARP with unexpected address lengths";
        return std::nullopt;
      }
      frame.body = ArpPacket{arp->opcode() == Tins::ARP::REQUEST, FromTins(arp->sender_hw_addr()),
                             FromTins(arp->sender_ip_addr()), FromTins(arp->target_hw_addr()),
                             FromTins(arp->target_ip_addr())};
    } else if (const auto* ip = ethernet.find_pdu<Tins::IP>()) {
      frame.body = IpPacket{FromTins(ip->src_addr()), FromTins(ip->dst_addr()), ip->ttl(),
                            DecodeTransport(*ip, ip->protocol(), false)};
    } else if (const auto* ip6 = ethernet.find_pdu<Tins::IPv6>()) {
      frame.body = IpPacket{FromTins(ip6->src_addr()), FromTins(ip6->dst_addr()), ip6->hop_limit(),
                            DecodeTransport(*ip6, ip6->next_header(), true)};
    }
    return frame;
  } catch (const Tins::exception_base& e) {
    if (error) *error = std::string("malformed frame: ") + e.what();
    return std::nullopt;
  } catch (const std::exception& e) {
    if (error) *error = std::string("malformed frame: ") + e.what();
    return std::nullopt;
  }
}

MacAddress MulticastMac(const net::IpAddress& group) {
  const auto bytes = group.Bytes();
  if (group.is_v6()) {
    const uint8_t mac[6] = {0x33, 0x33, bytes[12], bytes[13], bytes[14], bytes[15]};
    return MacAddress(mac);
  }
  const uint8_t mac[6] = {0x01,     0x00,    0x5e, static_cast<uint8_t>(bytes[1] & 0x7f),
                          bytes[2], bytes[3]};
  return MacAddress(mac);
}

net::IpAddress SolicitedNodeGroup(const net::IpAddress& address) {
  const net::Uint128 prefix =
      (net::Uint128{0xff02} << 112) | (net::Uint128{1} << 32) | (net::Uint128{0xff} << 24);
  return net::IpAddress::V6(prefix | (address.value() & 0xffffff));
}

net::IpAddress LinkLocalFromMac(const MacAddress& mac) {
  net::Uint128 value = net::Uint128{0xfe80} << 112;
  const uint8_t eui[8] = {
      static_cast<uint8_t>(mac[0] ^ 0x02), mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]};
  for (int k = 0; k < 8; ++k) value |= net::Uint128{eui[k]} << (8 * (7 - k));
  return net::IpAddress::V6(value);
}

}  // namespace metallab::packet
