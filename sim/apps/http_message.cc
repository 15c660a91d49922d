#include "sim/apps/http_message.h"

#include <cctype>
#include <charconv>

namespace metallab::sim {
namespace {

constexpr std::string_view kHeadEnd = "\r\n\r\n";

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(a[k])) !=
        std::tolower(static_cast<unsigned char>(b[k]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string FormatHttpRequest(std::string_view host, std::string_view path) {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + std::string(host) +
         "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
}

std::string FormatHttpResponse(int status, std::string_view reason, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + std::string(body);
}

HttpRequestProgress CheckHttpRequest(std::string_view received) {
  const size_t end = received.find(kHeadEnd);
  if (end != std::string_view::npos && end + kHeadEnd.size() <= kMaxHttpHead) {
    return HttpRequestProgress::kComplete;
  }
  return received.size() >= kMaxHttpHead ? HttpRequestProgress::kTooLarge
                                         : HttpRequestProgress::kIncomplete;
}

HttpResponseReader::Progress HttpResponseReader::Feed(std::span<const uint8_t> bytes) {
  if (progress_ != Progress::kIncomplete) return progress_;
  buffer_.append(bytes.begin(), bytes.end());
  if (!head_done_) {
    const size_t end = buffer_.find(kHeadEnd);
    if (end == std::string::npos) {
      return buffer_.size() >= kMaxHttpHead ? Fail("response head longer than 8192 bytes")
                                            : progress_;
    }
    if (ParseHead(end) == Progress::kMalformed) return progress_;
  }
  if (buffer_.size() - body_start_ > content_length_) {
    return Fail("more body bytes than Content-Length");
  }
  if (buffer_.size() - body_start_ == content_length_) {
    response_.body = buffer_.substr(body_start_);
    progress_ = Progress::kComplete;
  }
  return progress_;
}

HttpResponseReader::Progress HttpResponseReader::ParseHead(size_t head_end) {
  const std::string_view head(buffer_.data(), head_end);
  const size_t line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/" || status_line[8] != ' ') {
    return Fail("bad status line");
  }
  const std::string_view code = status_line.substr(9, 3);
  if (std::from_chars(code.data(), code.data() + 3, response_.status).ec != std::errc() ||
      response_.status < 100 || response_.status > 599) {
    return Fail("bad status code");
  }
  response_.reason = std::string(Trim(status_line.substr(12)));
  bool has_length = false;
  size_t position = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (position < head.size()) {
    size_t next = head.find("\r\n", position);
    if (next == std::string_view::npos) next = head.size();
    const std::string_view line = head.substr(position, next - position);
    position = next + 2;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Fail("header line without a colon");
    if (!EqualsIgnoringCase(Trim(line.substr(0, colon)), "content-length")) continue;
    const std::string_view value = Trim(line.substr(colon + 1));
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), content_length_);
    if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size()) {
      return Fail("bad Content-Length");
    }
    if (content_length_ > kMaxHttpBody) return Fail("body longer than 65536 bytes");
    has_length = true;
  }
  if (!has_length) return Fail("no Content-Length");
  head_done_ = true;
  body_start_ = head_end + kHeadEnd.size();
  return Progress::kIncomplete;
}

HttpResponseReader::Progress HttpResponseReader::Fail(std::string error) {
  error_ = std::move(error);
  progress_ = Progress::kMalformed;
  return progress_;
}

}  // namespace metallab::sim
