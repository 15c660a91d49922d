#include "daemon/http_endpoint.h"

#include <thread>

#include <httplib.h>

namespace metallab::daemon {

struct HttpEndpoint::State {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

HttpEndpoint::HttpEndpoint(std::unique_ptr<State> state) : state_(std::move(state)) {}

HttpEndpoint::~HttpEndpoint() {
  state_->server.stop();
  if (state_->thread.joinable()) state_->thread.join();
}

int HttpEndpoint::port() const { return state_->port; }

std::unique_ptr<HttpEndpoint> HttpEndpoint::Start(const std::string& host, int port,
                                                  HttpPages pages, std::string& error) {
  auto state = std::make_unique<State>();
  httplib::Server& server = state->server;
  // Few, small requests: two threads are plenty and bound what a flood of scrapers costs.
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };  // NOLINT: httplib owns it
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.Get("/metrics", [pages](const httplib::Request&, httplib::Response& response) {
    response.set_content(pages.metrics(), "text/plain; version=0.0.4");
  });
  server.Get("/healthz", [pages](const httplib::Request&, httplib::Response& response) {
    const bool healthy = pages.healthy();
    response.status = healthy ? 200 : 503;
    response.set_content(healthy ? "ok\n" : "event loop stalled\n", "text/plain");
  });
  server.Get("/readyz", [pages](const httplib::Request&, httplib::Response& response) {
    const bool ready = pages.ready();
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
  });
  server.Get("/status", [pages](const httplib::Request&, httplib::Response& response) {
    std::string status = pages.status();
    if (status.empty()) {
      // Between the socket's bind and the loop's first turn there is nothing to say yet.
      response.status = 503;
      response.set_content("{\"error\": \"starting\"}\n", "application/json");
      return;
    }
    response.set_content(std::move(status), "application/json");
  });
  state->port =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (state->port <= 0) {
    error = "cannot listen on " + host + ":" + std::to_string(port);
    return nullptr;
  }
  state->thread = std::thread([&server] { server.listen_after_bind(); });
  return std::unique_ptr<HttpEndpoint>(new HttpEndpoint(std::move(state)));  // NOLINT: private
}

std::string HttpGet(const std::string& host, int port, const std::string& path,
                    std::string& error) {
  httplib::Client client(host, port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  const auto result = client.Get(path);
  if (!result) {
    error = "cannot reach " + host + ":" + std::to_string(port) + ": " +
            httplib::to_string(result.error());
    return {};
  }
  if (result->status != 200) {
    error =
        host + ":" + std::to_string(port) + path + " answered " + std::to_string(result->status);
    return {};
  }
  return result->body;
}

}  // namespace metallab::daemon
