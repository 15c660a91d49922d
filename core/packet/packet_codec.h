// The frames the virtual network carries, as plain values, and their encoding to and decoding
// from real bytes with libtins (which computes every checksum). Decoding is the boundary where
// libtins' exceptions end: a malformed frame gives an error string, never an exception.
#ifndef METALLAB_CORE_PACKET_PACKET_CODEC_H_
#define METALLAB_CORE_PACKET_PACKET_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/mac_address.h"

namespace metallab::packet {

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeArp = 0x0806;
constexpr uint16_t kEtherTypeIpv6 = 0x86dd;

enum IpProtocol : uint8_t {
  kIpProtocolIcmp = 1,
  kIpProtocolTcp = 6,
  kIpProtocolUdp = 17,
  kIpProtocolIcmpv6 = 58
};

enum TcpFlag : uint16_t {
  kTcpFin = 0x01,
  kTcpSyn = 0x02,
  kTcpRst = 0x04,
  kTcpPsh = 0x08,
  kTcpAck = 0x10
};

struct ArpPacket {
  bool request = true;
  MacAddress sender_mac;
  net::IpAddress sender_ip;
  MacAddress target_mac;
  net::IpAddress target_ip;
};

struct UdpDatagram {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  std::vector<uint8_t> payload;
};

struct TcpSegment {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint16_t flags = 0;
  uint16_t window = 65535;
  std::vector<uint8_t> payload;

  bool Has(TcpFlag flag) const { return (flags & flag) != 0; }
};

struct IcmpEcho {
  bool reply = false;
  uint16_t id = 0;
  uint16_t sequence = 0;
  std::vector<uint8_t> payload;
};

// Destination unreachable; `original` is the start of the packet that caused it.
struct IcmpUnreachable {
  uint8_t code = 0;  // IPv4: 3 = port unreachable, 1 = host; IPv6: 4 = port, 3 = address
  std::vector<uint8_t> original;
};

struct NeighbourSolicitation {
  net::IpAddress target;
  std::optional<MacAddress> source_lla;
};

struct NeighbourAdvertisement {
  net::IpAddress target;
  bool router = false;
  bool solicited = false;
  bool override = false;
  std::optional<MacAddress> target_lla;
};

// Anything else carried by IP, kept as bytes.
struct OtherIpPayload {
  uint8_t protocol = 0;
  std::vector<uint8_t> bytes;
};

using IpPayload = std::variant<UdpDatagram, TcpSegment, IcmpEcho, IcmpUnreachable,
                               NeighbourSolicitation, NeighbourAdvertisement, OtherIpPayload>;

struct IpPacket {
  net::IpAddress source;
  net::IpAddress destination;
  uint8_t ttl = 64;  // hop limit for IPv6
  IpPayload payload;
};

struct DecodedFrame {
  MacAddress destination;
  MacAddress source;
  uint16_t ether_type = 0;
  std::variant<std::monostate, ArpPacket, IpPacket> body;
};

// A network-layer packet as bytes, with the EtherType to carry it under.
struct EtherPayload {
  uint16_t ether_type = 0;
  std::vector<uint8_t> payload;
};

// The IP packet as bytes, with the EtherType to carry it under.
EtherPayload EncodeIp(const IpPacket& packet);
// Prepends an Ethernet II header (padding to the 60-byte minimum).
std::vector<uint8_t> EncodeEthernet(const MacAddress& destination, const MacAddress& source,
                                    const EtherPayload& packet);
std::vector<uint8_t> EncodeArp(const MacAddress& destination, const MacAddress& source, const ArpPacket& arp);

// nullopt with `error` set when the bytes are not a well-formed frame.
std::optional<DecodedFrame> DecodeFrame(const std::vector<uint8_t>& bytes, std::string* error);

// 33:33:xx:xx:xx:xx for an IPv6 multicast group; 01:00:5e:... for IPv4 multicast.
MacAddress MulticastMac(const net::IpAddress& group);
// ff02::1:ffXX:XXXX, the solicited-node group of `address`.
net::IpAddress SolicitedNodeGroup(const net::IpAddress& address);
// fe80::/64 with the modified EUI-64 interface identifier of `mac`.
net::IpAddress LinkLocalFromMac(const MacAddress& mac);

}  // namespace metallab::packet

#endif  // METALLAB_CORE_PACKET_PACKET_CODEC_H_
