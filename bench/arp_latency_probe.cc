// ARP reply latency from a client, and an ARP flood, on a raw AF_PACKET socket: the measuring
// side of bench/daemon_arp_latency.py (which builds the namespaces). Not a Google Benchmark:
// what it times is another process, over a veth pair.
//
//   arp_latency_probe probe IFACE COUNT IP...   requests round-robin over the IPs, one at a
//                                               time; prints JSON with p50/p90/p99 per IP
//   arp_latency_probe flood IFACE RATE SECONDS IP...
//                                               RATE requests per second spread over the IPs;
//                                               prints JSON with the replies counted per IP
//
// Times are CLOCK_MONOTONIC around send and receive in this process, the same for every
// responder, so the kernel and metallabd are compared on equal terms.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

namespace {

int64_t Now() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

struct Interface {
  int index = 0;
  std::array<uint8_t, 6> mac{};
  uint32_t ip = 0;  // network order
};

bool Describe(int fd, const char* name, Interface& out) {
  ifreq request{};
  std::snprintf(request.ifr_name, sizeof request.ifr_name, "%s", name);
  if (ioctl(fd, SIOCGIFINDEX, &request) != 0) return false;
  out.index = request.ifr_ifindex;
  if (ioctl(fd, SIOCGIFHWADDR, &request) != 0) return false;
  std::memcpy(out.mac.data(), request.ifr_hwaddr.sa_data, 6);
  const int inet = socket(AF_INET, SOCK_DGRAM, 0);
  request.ifr_addr.sa_family = AF_INET;
  const bool have_ip = ioctl(inet, SIOCGIFADDR, &request) == 0;
  close(inet);
  if (!have_ip) return false;
  out.ip = reinterpret_cast<sockaddr_in*>(&request.ifr_addr)->sin_addr.s_addr;
  return true;
}

std::array<uint8_t, 42> Request(const Interface& self, uint32_t target) {
  std::array<uint8_t, 42> frame{};
  std::memset(frame.data(), 0xff, 6);
  std::memcpy(frame.data() + 6, self.mac.data(), 6);
  frame[12] = 0x08;
  frame[13] = 0x06;
  const uint8_t header[] = {0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01};
  std::memcpy(frame.data() + 14, header, sizeof header);
  std::memcpy(frame.data() + 22, self.mac.data(), 6);
  std::memcpy(frame.data() + 28, &self.ip, 4);
  std::memcpy(frame.data() + 38, &target, 4);
  return frame;
}

// The sender IP of an ARP reply to us, or 0.
uint32_t ReplySender(const uint8_t* frame, ssize_t length, const Interface& self) {
  if (length < 42 || frame[12] != 0x08 || frame[13] != 0x06 || frame[21] != 2) return 0;
  if (std::memcmp(frame + 32, self.mac.data(), 6) != 0) return 0;
  uint32_t sender = 0;
  std::memcpy(&sender, frame + 28, 4);
  return sender;
}

double Percentile(std::vector<int64_t> values, double p) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(values.size() - 1));
  return static_cast<double>(values[rank]) / 1000.0;  // µs
}

int Probe(int fd, const Interface& self, int count, const std::vector<uint32_t>& targets,
          const std::vector<std::string>& names) {
  std::map<uint32_t, std::vector<int64_t>> latencies;
  std::map<uint32_t, int> lost;
  std::array<uint8_t, 2048> buffer{};
  for (int k = 0; k < count; ++k) {
    const uint32_t target = targets[static_cast<size_t>(k) % targets.size()];
    const auto frame = Request(self, target);
    const int64_t sent = Now();
    if (send(fd, frame.data(), frame.size(), 0) < 0) return 2;
    bool answered = false;
    while (!answered) {
      const int64_t left_ms = 100 - (Now() - sent) / 1'000'000;
      if (left_ms <= 0) break;
      pollfd ready{fd, POLLIN, 0};
      if (poll(&ready, 1, static_cast<int>(left_ms)) <= 0) break;
      const ssize_t got = recv(fd, buffer.data(), buffer.size(), 0);
      if (ReplySender(buffer.data(), got, self) == target) {
        latencies[target].push_back(Now() - sent);
        answered = true;
      }
    }
    if (!answered) ++lost[target];
    usleep(200);  // no back-to-back bursts: each request meets an idle responder
  }
  std::printf("{");
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& values = latencies[targets[i]];
    std::printf(
        "%s\"%s\": {\"answered\": %zu, \"lost\": %d, \"p50_us\": %.1f, \"p90_us\": %.1f, "
        "\"p99_us\": %.1f}",
        i == 0 ? "" : ", ", names[i].c_str(), values.size(), lost[targets[i]],
        Percentile(values, 50), Percentile(values, 90), Percentile(values, 99));
  }
  std::printf("}\n");
  return 0;
}

int Flood(int fd, const Interface& self, int rate, int seconds,
          const std::vector<uint32_t>& targets, const std::vector<std::string>& names) {
  std::map<uint32_t, long> replies;
  long sent = 0;
  std::array<uint8_t, 2048> buffer{};
  const int64_t start = Now();
  const int64_t end = start + static_cast<int64_t>(seconds) * 1'000'000'000;
  const int64_t gap = 1'000'000'000 / rate;
  int64_t next = start;
  while (Now() < end) {
    if (Now() >= next) {
      const auto frame = Request(self, targets[static_cast<size_t>(sent) % targets.size()]);
      if (send(fd, frame.data(), frame.size(), MSG_DONTWAIT) >= 0) ++sent;
      next += gap;
    }
    ssize_t got = 0;
    while ((got = recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT)) > 0) {
      if (const uint32_t sender = ReplySender(buffer.data(), got, self)) ++replies[sender];
    }
  }
  std::printf("{\"sent\": %ld, \"seconds\": %d, \"replies\": {", sent, seconds);
  for (size_t i = 0; i < targets.size(); ++i) {
    std::printf("%s\"%s\": %ld", i == 0 ? "" : ", ", names[i].c_str(), replies[targets[i]]);
  }
  std::printf("}}\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s probe IFACE COUNT IP... | flood IFACE RATE SECONDS IP...\n",
                 argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
  Interface self;
  if (fd < 0 || !Describe(fd, argv[2], self)) {
    std::perror("arp_latency_probe: socket or interface");
    return 2;
  }
  sockaddr_ll bound{};
  bound.sll_family = AF_PACKET;
  bound.sll_protocol = htons(ETH_P_ARP);
  bound.sll_ifindex = self.index;
  if (bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound) != 0) {
    std::perror("arp_latency_probe: bind");
    return 2;
  }
  const int first_ip = mode == "flood" ? 5 : 4;
  std::vector<uint32_t> targets;
  std::vector<std::string> names;
  for (int i = first_ip; i < argc; ++i) {
    in_addr address{};
    if (inet_pton(AF_INET, argv[i], &address) != 1) {
      std::fprintf(stderr, "arp_latency_probe: %s is not an IPv4 address\n", argv[i]);
      return 2;
    }
    targets.push_back(address.s_addr);
    names.emplace_back(argv[i]);
  }
  if (targets.empty()) return 2;
  if (mode == "probe") return Probe(fd, self, std::atoi(argv[3]), targets, names);
  if (mode == "flood") {
    return Flood(fd, self, std::max(1, std::atoi(argv[3])), std::atoi(argv[4]), targets, names);
  }
  std::fprintf(stderr, "arp_latency_probe: unknown mode %s\n", mode.c_str());
  return 2;
}
