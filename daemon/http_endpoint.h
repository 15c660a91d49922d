// /metrics, /healthz, /readyz and /status over HTTP (cpp-httplib), on its own thread so a slow
// scraper never delays an ARP reply. The pages are produced by callbacks that must be safe to
// call from that thread (they read locked copies the event loop publishes).
#ifndef METALLAB_DAEMON_HTTP_ENDPOINT_H_
#define METALLAB_DAEMON_HTTP_ENDPOINT_H_

#include <functional>
#include <memory>
#include <string>

namespace metallab::daemon {

struct HttpPages {
  std::function<std::string()> metrics;
  std::function<bool()> healthy;        // the event loop turned recently
  std::function<bool()> ready;          // configuration loaded and sockets open
  std::function<std::string()> status;  // JSON
};

class HttpEndpoint {
 public:
  // Binds host:port first (so a port in use is an error at start), then serves. nullptr with
  // `error` set when it cannot bind.
  static std::unique_ptr<HttpEndpoint> Start(const std::string& host, int port, HttpPages pages,
                                             std::string& error);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const;

 private:
  struct State;
  explicit HttpEndpoint(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// GETs http://host:port/path; the body, or nullopt-like empty with `error` set. For
// `metallabd status`.
std::string HttpGet(const std::string& host, int port, const std::string& path, std::string& error);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_HTTP_ENDPOINT_H_
