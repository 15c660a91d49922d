// tshark, an independent decoder, must read the simulator's capture without a single malformed
// or unidentified frame or a bad checksum. tshark comes from Debian (scripts/install-deps).
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "traffic_mix.h"
#include "tshark_runner.h"

namespace metallab::sim {
namespace {

using testing::TsharkFields;

TEST_CASE("tshark decodes a capture of ARP, NDP, ICMP, UDP and TCP with no malformed frame",
          "[network][tshark]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const auto result = testing::RunTrafficMix({.seed = 3});
  const auto rows = TsharkFields(
      result.pcap,
      "-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE",
      {"frame.number", "frame.protocols", "_ws.malformed", "ip.checksum.status",
       "tcp.checksum.status", "udp.checksum.status", "icmp.checksum.status",
       "icmpv6.checksum.status"});

  std::map<std::string, int> seen;  // protocol → frames carrying it
  int frames = 0;
  for (const std::vector<std::string>& fields : rows) {
    INFO(fields[0]);
    REQUIRE(fields.size() >= 2);
    ++frames;
    const std::string& protocols = fields[1];
    // Every frame is identified down to a network protocol, never "data" under Ethernet.
    CHECK(protocols.find("eth:ethertype:") == 0);
    CHECK(protocols.find("eth:ethertype:data") == std::string::npos);
    CHECK(protocols.find("malformed") == std::string::npos);
    CHECK((fields.size() < 3 || fields[2].empty()));  // _ws.malformed absent
    // Checksum statuses, one per header (an ICMP error carries an inner one): 0 means bad.
    for (size_t k = 3; k < fields.size(); ++k) {
      std::istringstream statuses(fields[k]);
      std::string status;
      while (std::getline(statuses, status, ',')) CHECK(status != "0");
    }
    for (const char* protocol : {":arp", ":icmpv6", ":icmp", ":udp", ":tcp", ":ipv6", ":ip:"}) {
      if (protocols.find(protocol) != std::string::npos) ++seen[protocol];
    }
  }
  CHECK(frames > 50);
  for (const char* protocol : {":arp", ":icmpv6", ":icmp", ":udp", ":tcp", ":ipv6", ":ip:"}) {
    INFO(protocol);
    CHECK(seen[protocol] > 0);
  }
}

}  // namespace
}  // namespace metallab::sim
