#include "sim/apps/http_get.h"

namespace metallab::sim {

HttpGet::HttpGet(IpNode& client, net::IpAddress address, uint16_t port, std::string path, Done done)
    : address_(address), port_(port), done_(std::move(done)) {
  connection_ = client.tcp().Connect(address_, port_);
  if (!connection_) {
    Finish({false, {}, 7, "Failed to connect to " + Target() + ": No route to host"});
    return;
  }
  const std::string host = address_.is_v6() ? "[" + address_.ToString() + "]" : address_.ToString();
  connection_->on_established = [this, request = FormatHttpRequest(host, path)] {
    connection_->Send(std::span(reinterpret_cast<const uint8_t*>(request.data()), request.size()));
  };
  connection_->on_data = [this](std::span<const uint8_t> data) { OnData(data); };
  connection_->on_closed = [this](TcpCloseReason reason) { OnClosed(reason); };
}

HttpGet::~HttpGet() {
  if (!connection_) return;
  // The connection may outlive us inside the stack; it must not call back into a dead object.
  connection_->on_established = nullptr;
  connection_->on_data = nullptr;
  connection_->on_peer_closed = nullptr;
  connection_->on_closed = nullptr;
  if (!finished_) connection_->Abort();
}

void HttpGet::Cancel(SimDuration after) {
  if (finished_) return;
  finished_ = true;
  if (connection_) {
    connection_->on_closed = nullptr;
    connection_->Abort();
  }
  const std::string received = received_any_ ? "some" : "0";
  if (done_) {
    done_(HttpGetResult{false,
                        {},
                        28,
                        "Operation timed out after " + std::to_string(after / 1'000'000) +
                            " milliseconds with " + received + " bytes received"});
  }
}

void HttpGet::OnData(std::span<const uint8_t> data) {
  if (finished_) return;
  received_any_ = true;
  switch (reader_.Feed(data)) {
    case HttpResponseReader::Progress::kIncomplete:
      return;
    case HttpResponseReader::Progress::kComplete:
      connection_->Close();
      Finish({true, reader_.response(), 0, ""});
      return;
    case HttpResponseReader::Progress::kMalformed:
      connection_->Abort();
      Finish({false, {}, 8, "Weird server reply: " + reader_.error()});
      return;
  }
}

void HttpGet::OnClosed(TcpCloseReason reason) {
  if (finished_) return;
  switch (reason) {
    case TcpCloseReason::kRefused:
      Finish({false, {}, 7, "Failed to connect to " + Target() + ": Connection refused"});
      return;
    case TcpCloseReason::kReset:
      Finish({false, {}, 56, "Recv failure: Connection reset by peer"});
      return;
    case TcpCloseReason::kTimedOut:
      Finish({false, {}, 28, "Failed to connect to " + Target() + ": Connection timed out"});
      return;
    case TcpCloseReason::kClosed:
    case TcpCloseReason::kAborted:
      break;
  }
  if (received_any_) {
    Finish({false, {}, 18, "transfer closed with outstanding read data remaining"});
  } else {
    Finish({false, {}, 52, "Empty reply from server"});
  }
}

void HttpGet::Finish(HttpGetResult result) {
  if (finished_) return;
  finished_ = true;
  if (done_) done_(result);
}

std::string HttpGet::Target() const {
  return address_.ToString() + " port " + std::to_string(port_);
}

}  // namespace metallab::sim
