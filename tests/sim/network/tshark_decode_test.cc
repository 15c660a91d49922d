// tshark, an independent decoder, must read the simulator's capture without a single malformed
// or unidentified frame or a bad checksum. tshark comes from Debian (scripts/install-deps).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "traffic_mix.h"

namespace metallab::sim {
namespace {

std::string RunCommand(const std::string& command) {
  std::string output;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe.get())) output.append(buffer, n);
  return output;
}

TEST_CASE("tshark decodes a capture of ARP, NDP, ICMP, UDP and TCP with no malformed frame",
          "[network][tshark]") {
  if (RunCommand("command -v tshark").empty()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  const auto result = testing::RunTrafficMix({.seed = 3});
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("metallab-mix-" + std::to_string(::getpid()) + ".pcap");
  {
    FILE* out = std::fopen(file.c_str(), "wb");
    REQUIRE(out != nullptr);
    std::fwrite(result.pcap.data(), 1, result.pcap.size(), out);
    std::fclose(out);
  }
  const std::string output = RunCommand(
      "tshark -n -r " + file.string() +
      " -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"
      " -T fields -E separator=/t -e frame.number -e frame.protocols -e _ws.malformed"
      " -e ip.checksum.status -e tcp.checksum.status -e udp.checksum.status"
      " -e icmp.checksum.status -e icmpv6.checksum.status 2>/dev/null");
  std::filesystem::remove(file);

  std::map<std::string, int> seen;  // protocol → frames carrying it
  int frames = 0;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    INFO(line);
    std::vector<std::string> fields;
    std::istringstream columns(line);
    std::string field;
    while (std::getline(columns, field, '\t')) fields.push_back(field);
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
