// One curl-style HTTP GET from a simulated host: connect over the host's TCP, send the request,
// read the response until it is complete. Failures are worded as curl words them, so a
// transcript reads like the terminal an operator would have watched. The caller bounds the time
// (curl --max-time) with Cancel. `done` must not destroy the HttpGet: drop it later.
#ifndef METALLAB_SIM_APPS_HTTP_GET_H_
#define METALLAB_SIM_APPS_HTTP_GET_H_

#include <functional>
#include <memory>
#include <string>

#include "core/net/ip_address.h"
#include "sim/apps/http_message.h"
#include "sim/network/ip_node.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

struct HttpGetResult {
  bool ok = false;  // a complete response arrived (any status)
  HttpResponse response;
  int curl_code = 0;  // curl's exit code for the failure: 7, 18, 28, 52, 56 ...
  std::string error;  // curl's wording when !ok
};

class HttpGet {
 public:
  using Done = std::function<void(const HttpGetResult& result)>;

  // Starts at once; `done` runs exactly once, unless Cancel comes first.
  HttpGet(IpNode& client, net::IpAddress address, uint16_t port, std::string path, Done done);
  ~HttpGet();
  HttpGet(const HttpGet&) = delete;
  HttpGet& operator=(const HttpGet&) = delete;

  bool finished() const { return finished_; }
  // Gives up (curl's timeout, code 28): the connection is reset and `done` reports it.
  void Cancel(SimDuration after);

 private:
  void OnData(std::span<const uint8_t> data);
  void OnClosed(TcpCloseReason reason);
  void Finish(HttpGetResult result);
  std::string Target() const;

  net::IpAddress address_;
  uint16_t port_;
  Done done_;
  std::shared_ptr<TcpConnection> connection_;
  HttpResponseReader reader_;
  bool received_any_ = false;
  bool finished_ = false;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_APPS_HTTP_GET_H_
