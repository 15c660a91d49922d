// Small topologies shared by the network tests: hosts on one switch, and a client behind a
// router in front of that switch.
#ifndef METALLAB_TESTS_SIM_NETWORK_LAN_FIXTURE_H_
#define METALLAB_TESTS_SIM_NETWORK_LAN_FIXTURE_H_

#include <string>
#include <vector>

#include "sim/network/network.h"
#include "tests/support/addresses.h"

namespace metallab::sim::testing {

using ::metallab::testing::Ip;

// `count` hosts named host1..hostN on 192.0.2.0/24 (.1, .2, ...) and 2001:db8::/64 (::1, ...),
// all on switch "lan".
struct Lan {
  explicit Lan(int count, SimulatorOptions options = {}, IpNodeParameters host_parameters = {},
               LinkParameters links = {})
      : simulator(options), network(simulator) {
    lan = &network.AddSwitch("lan");
    for (int k = 1; k <= count; ++k) {
      IpNode& host = network.AddHost("host" + std::to_string(k), host_parameters);
      Interface& eth0 = network.Attach(host, "eth0", *lan, links);
      host.AddAddress(eth0, net::IpAddress::V4(0xc0000200u + static_cast<uint32_t>(k)), 24);
      host.AddAddress(eth0, net::IpAddress::V6((net::Uint128{0x20010db8} << 96) | k), 64);
      hosts.push_back(&host);
    }
  }

  Interface& eth0(int host_number) { return *hosts[host_number - 1]->interfaces()[0]; }
  IpNode& host(int number) { return *hosts[number - 1]; }

  Simulator simulator;
  Network network;
  LearningSwitch* lan = nullptr;
  std::vector<IpNode*> hosts;
};

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_NETWORK_LAN_FIXTURE_H_
