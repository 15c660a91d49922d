// HTTP/1.1 as the simulated clients and pods speak it: a GET, answered by one response whose
// body length is given by Content-Length, then the server closes. Enough for curl-style checks
// of a Service; no chunked encoding, no keep-alive.
#ifndef METALLAB_SIM_APPS_HTTP_MESSAGE_H_
#define METALLAB_SIM_APPS_HTTP_MESSAGE_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace metallab::sim {

// Requests and response heads longer than this are refused, as servers cap header size.
inline constexpr size_t kMaxHttpHead = 8192;
// Bodies longer than this are refused by the reader (the simulated servers send a line).
inline constexpr size_t kMaxHttpBody = 65536;

std::string FormatHttpRequest(std::string_view host, std::string_view path);
std::string FormatHttpResponse(int status, std::string_view reason, std::string_view body);

// Where a server stands reading a request: the head ends at the first empty line.
enum class HttpRequestProgress { kIncomplete, kComplete, kTooLarge };
HttpRequestProgress CheckHttpRequest(std::string_view received);

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string body;
};

// Reads a response as its bytes arrive.
class HttpResponseReader {
 public:
  enum class Progress { kIncomplete, kComplete, kMalformed };

  Progress Feed(std::span<const uint8_t> bytes);
  // Valid once Feed returned kComplete.
  const HttpResponse& response() const { return response_; }
  // Why Feed returned kMalformed.
  const std::string& error() const { return error_; }

 private:
  Progress ParseHead(size_t head_end);
  Progress Fail(std::string error);

  std::string buffer_;
  HttpResponse response_;
  size_t body_start_ = 0;
  size_t content_length_ = 0;
  bool head_done_ = false;
  std::string error_;
  Progress progress_ = Progress::kIncomplete;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_APPS_HTTP_MESSAGE_H_
