#include <catch2/catch.hpp>

#include "lan_fixture.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {
namespace {

using testing::Ip;
using testing::Lan;

// Records the TCP segments `node` sends, with their time.
struct SegmentLog {
  std::vector<std::pair<SimTime, packet::TcpSegment>> sent;

  void Watch(Lan& lan, int host_number) {
    // Capture at the host's NIC and keep what it sent.
    Interface& eth = lan.eth0(host_number);
    capture_ = std::make_unique<PcapWriter>();
    eth.AddCapture(capture_.get());
    eth_ = &eth;
  }
  std::vector<std::pair<SimTime, packet::TcpSegment>> Sent() const {
    std::vector<std::pair<SimTime, packet::TcpSegment>> out;
    const auto& bytes = capture_->Bytes();
    size_t offset = 24;
    while (offset + 16 <= bytes.size()) {
      const auto u32 = [&](size_t at) {
        return uint32_t{bytes[at]} | uint32_t{bytes[at + 1]} << 8 | uint32_t{bytes[at + 2]} << 16 |
               uint32_t{bytes[at + 3]} << 24;
      };
      const SimTime time = SimTime{u32(offset)} * kSecond + u32(offset + 4);
      const uint32_t length = u32(offset + 8);
      const std::vector<uint8_t> frame(
          bytes.begin() + static_cast<std::ptrdiff_t>(offset + 16),
          bytes.begin() + static_cast<std::ptrdiff_t>(offset + 16 + length));
      offset += 16 + length;
      const auto decoded = packet::DecodeFrame(frame, nullptr);
      if (!decoded || FrameSource(frame) != eth_->mac()) continue;
      const auto* ip = std::get_if<packet::IpPacket>(&decoded->body);
      if (ip == nullptr) continue;
      if (const auto* tcp = std::get_if<packet::TcpSegment>(&ip->payload))
        out.emplace_back(time, *tcp);
    }
    return out;
  }

 private:
  std::unique_ptr<PcapWriter> capture_;
  Interface* eth_ = nullptr;
};

struct Echo {
  std::shared_ptr<TcpConnection> server_side;
  std::string received;
};

TEST_CASE("TCP handshake, data both ways, and an orderly close", "[network][tcp]") {
  Lan lan(2);
  Echo echo;
  lan.host(2).tcp().Listen(80, [&](std::shared_ptr<TcpConnection> connection) {
    echo.server_side = connection;
    connection->on_data = [&echo, connection](std::span<const uint8_t> data) {
      echo.received.append(data.begin(), data.end());
      connection->Send(data);  // echo it back
    };
    connection->on_peer_closed = [connection] { connection->Close(); };
  });
  auto client = lan.host(1).tcp().Connect(Ip("192.0.2.2"), 80);
  REQUIRE(client);
  bool established = false;
  std::string answer;
  std::optional<TcpCloseReason> closed;
  client->on_established = [&] { established = true; };
  client->on_data = [&](std::span<const uint8_t> data) { answer.append(data.begin(), data.end()); };
  client->on_closed = [&](TcpCloseReason reason) { closed = reason; };
  const std::string request = "GET / HTTP/1.1\r\nHost: lb\r\n\r\n";
  client->Send(std::vector<uint8_t>(request.begin(), request.end()));
  lan.simulator.RunFor(Milliseconds(50));
  CHECK(established);
  CHECK(echo.received == request);
  CHECK(answer == request);
  client->Close();
  lan.simulator.RunFor(Milliseconds(50));
  CHECK(closed == TcpCloseReason::kClosed);
  CHECK(client->state() == TcpState::kTimeWait);
  CHECK(echo.server_side->state() == TcpState::kClosed);
  lan.simulator.RunFor(Seconds(61));
  CHECK(lan.host(1).tcp().connection_count() == 0);
}

TEST_CASE("a large transfer is segmented by MSS and arrives whole", "[network][tcp]") {
  Lan lan(2);
  std::vector<uint8_t> received;
  lan.host(2).tcp().Listen(9000, [&](std::shared_ptr<TcpConnection> connection) {
    connection->on_data = [&received](std::span<const uint8_t> data) {
      received.insert(received.end(), data.begin(), data.end());
    };
  });
  auto client = lan.host(1).tcp().Connect(Ip("192.0.2.2"), 9000);
  std::vector<uint8_t> payload(200'000);
  for (size_t k = 0; k < payload.size(); ++k) payload[k] = static_cast<uint8_t>(k * 7);
  client->Send(payload);
  lan.simulator.RunFor(Seconds(2));
  CHECK(received == payload);
  CHECK(client->unacknowledged_bytes() == 0);
  CHECK(client->retransmissions() == 0);
}

TEST_CASE("a connection to a closed port is refused by RST", "[network][tcp]") {
  Lan lan(2);
  auto client = lan.host(1).tcp().Connect(Ip("192.0.2.2"), 81);
  std::optional<TcpCloseReason> closed;
  client->on_closed = [&](TcpCloseReason reason) { closed = reason; };
  lan.simulator.RunFor(Milliseconds(50));
  CHECK(closed == TcpCloseReason::kRefused);
}

TEST_CASE("SYN retransmissions back off 1, 2, 4 ... s and give up after 6 retries",
          "[network][tcp]") {
  Lan lan(2);
  lan.host(2).PowerOff();
  // Resolve the neighbour first, so the SYN schedule is not mixed with ARP's.
  lan.host(1)
      .neighbours(lan.eth0(1), net::Family::kIPv4)
      .AddPermanent(Ip("192.0.2.2"), lan.eth0(2).mac());
  SegmentLog log;
  log.Watch(lan, 1);
  auto client = lan.host(1).tcp().Connect(Ip("192.0.2.2"), 80);
  std::optional<TcpCloseReason> closed;
  SimTime closed_at = 0;
  client->on_closed = [&](TcpCloseReason reason) {
    closed = reason;
    closed_at = lan.simulator.Now();
  };
  lan.simulator.RunUntil(Seconds(200));
  const auto sent = log.Sent();
  std::vector<SimTime> times;
  for (const auto& [time, segment] : sent) {
    CHECK(segment.Has(packet::kTcpSyn));
    times.push_back(time);
  }
  CHECK(times == std::vector<SimTime>{0, Seconds(1), Seconds(3), Seconds(7), Seconds(15),
                                      Seconds(31), Seconds(63)});
  CHECK(closed == TcpCloseReason::kTimedOut);
  CHECK(closed_at == Seconds(127));
}

TEST_CASE("an open connection stalls with doubling retransmissions when its peer vanishes",
          "[network][tcp]") {
  Lan lan(2);
  std::string received;
  lan.host(2).tcp().Listen(80, [&](std::shared_ptr<TcpConnection> connection) {
    connection->on_data = [&](std::span<const uint8_t> d) { received.append(d.begin(), d.end()); };
  });
  auto client = lan.host(1).tcp().Connect(Ip("192.0.2.2"), 80);
  lan.simulator.RunFor(Milliseconds(100));
  REQUIRE(client->state() == TcpState::kEstablished);
  // RTT on this LAN is tens of microseconds: the RTO sits at Linux's 200 ms floor.
  CHECK(client->current_rto() == Milliseconds(200));

  lan.host(2).PowerOff();
  SegmentLog log;
  log.Watch(lan, 1);
  const SimTime sent_at = lan.simulator.Now();
  client->Send(std::vector<uint8_t>{'x'});
  lan.simulator.RunFor(Seconds(30));
  std::vector<SimDuration> offsets;
  for (const auto& [time, segment] : log.Sent()) {
    if (!segment.payload.empty()) offsets.push_back(time - sent_at);
  }
  // The first seven go out before the neighbour entry can expire (reachable_time >= 15 s);
  // later ones may wait for ARP, which is another test's business.
  REQUIRE(offsets.size() >= 7);
  offsets.resize(7);
  const std::vector<SimDuration> expected{0,
                                          Milliseconds(200),
                                          Milliseconds(600),
                                          Milliseconds(1400),
                                          Milliseconds(3000),
                                          Milliseconds(6200),
                                          Milliseconds(12600)};
  CHECK(offsets == expected);
  CHECK(client->retransmissions() == 7);
  CHECK(client->state() == TcpState::kEstablished);  // still trying, as Linux would be
}

}  // namespace
}  // namespace metallab::sim
