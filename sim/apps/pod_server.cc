#include "sim/apps/pod_server.h"

#include <algorithm>

#include "sim/apps/http_message.h"

namespace metallab::sim {
namespace {

// "docker.io/sysnet4admin/echo-ip:latest" → "sysnet4admin/echo-ip".
std::string ImageRepository(const std::string& image) {
  std::string name = image;
  const size_t slash = name.rfind('/');
  const size_t colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    name.resize(colon);
  }
  if (name.rfind("docker.io/", 0) == 0) name.erase(0, 10);
  return name;
}

}  // namespace

PodAnswer PodAnswerForImage(const std::string& image) {
  const std::string repository = ImageRepository(image);
  if (repository == "sysnet4admin/echo-hname") return PodAnswer::kPodName;
  if (repository == "sysnet4admin/echo-ip") return PodAnswer::kClientAddress;
  return PodAnswer::kEmpty;
}

PodServer::PodServer(IpNode& host, PodServerSpec spec) : host_(host), spec_(std::move(spec)) {}

PodServer::~PodServer() {
  // Going away with the simulation (or the node): nothing may be sent any more.
  if (running_) Stop(StopReason::kPowerOff);
}

void PodServer::Start() {
  running_ = true;
  host_.tcp().Listen(spec_.address, spec_.port,
                     [this](std::shared_ptr<TcpConnection> connection) { Accept(connection); });
  host_.BindUdp(spec_.address, spec_.port,
                [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
                  const std::string answer = AnswerFor(packet.source);
                  ++requests_served_;
                  host_.SendIp(packet::IpPacket{
                      packet.destination, packet.source, host_.parameters().default_ttl,
                      packet::UdpDatagram{datagram.destination_port, datagram.source_port,
                                          std::vector<uint8_t>(answer.begin(), answer.end())}});
                });
}

void PodServer::Stop(StopReason reason) {
  if (!running_) return;
  running_ = false;
  host_.tcp().StopListening(spec_.address, spec_.port);
  host_.UnbindUdp(spec_.address, spec_.port);
  // The container's sockets close with it: RSTs go out, unless the host lost power.
  const auto open = std::move(open_);
  open_.clear();
  for (const auto& connection : open) {
    connection->on_data = nullptr;
    connection->on_closed = nullptr;
    if (reason != StopReason::kPowerOff) connection->Abort();
  }
}

std::string PodServer::AnswerFor(const net::IpAddress& client) const {
  switch (spec_.answer) {
    case PodAnswer::kPodName:
      return spec_.pod + "\n";
    case PodAnswer::kClientAddress:
      return client.ToString() + "\n";
    case PodAnswer::kEmpty:
      break;
  }
  return "";
}

void PodServer::Accept(const std::shared_ptr<TcpConnection>& connection) {
  open_.push_back(connection);
  TcpConnection* raw = connection.get();
  struct Exchange {
    std::string received;
    bool answered = false;
  };
  auto exchange = std::make_shared<Exchange>();
  connection->on_data = [this, raw, exchange](std::span<const uint8_t> data) {
    if (exchange->answered) return;
    exchange->received.append(data.begin(), data.end());
    const HttpRequestProgress progress = CheckHttpRequest(exchange->received);
    if (progress == HttpRequestProgress::kIncomplete) return;
    exchange->answered = true;
    const std::string response =
        progress == HttpRequestProgress::kComplete
            ? FormatHttpResponse(200, "OK", AnswerFor(raw->endpoints().remote))
            : FormatHttpResponse(431, "Request Header Fields Too Large", "");
    if (progress == HttpRequestProgress::kComplete) ++requests_served_;
    raw->Send(std::span(reinterpret_cast<const uint8_t*>(response.data()), response.size()));
    raw->Close();
  };
  connection->on_peer_closed = [raw] { raw->Close(); };
  connection->on_closed = [this, raw](TcpCloseReason) { Forget(raw); };
}

void PodServer::Forget(const TcpConnection* connection) {
  std::erase_if(open_, [connection](const auto& open) { return open.get() == connection; });
}

}  // namespace metallab::sim
