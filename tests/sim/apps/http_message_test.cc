#include "sim/apps/http_message.h"

#include <string>

#include <catch2/catch.hpp>

#include "sim/apps/curl_command.h"
#include "sim/apps/service_address.h"

namespace metallab::sim {
namespace {

std::span<const uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST_CASE("a response is read however its bytes are split", "[http]") {
  const std::string response = FormatHttpResponse(200, "OK", "lb-hname-pods-abc\n");
  CHECK(response ==
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n"
        "Connection: close\r\n\r\nlb-hname-pods-abc\n");
  for (size_t split = 1; split < response.size(); ++split) {
    HttpResponseReader reader;
    CHECK(reader.Feed(Bytes(response.substr(0, split))) ==
          HttpResponseReader::Progress::kIncomplete);
    REQUIRE(reader.Feed(Bytes(response.substr(split))) == HttpResponseReader::Progress::kComplete);
    CHECK(reader.response().status == 200);
    CHECK(reader.response().reason == "OK");
    CHECK(reader.response().body == "lb-hname-pods-abc\n");
  }
}

TEST_CASE("malformed responses are refused with a reason, within bounds", "[http]") {
  const auto error_of = [](const std::string& text) {
    HttpResponseReader reader;
    const auto progress = reader.Feed(Bytes(text));
    return progress == HttpResponseReader::Progress::kMalformed ? reader.error() : "accepted";
  };
  CHECK(error_of("SSH-2.0-OpenSSH\r\n\r\n") == "bad status line");
  CHECK(error_of("HTTP/1.1 9x9 OK\r\nContent-Length: 0\r\n\r\n") == "bad status code");
  CHECK(error_of("HTTP/1.1 200 OK\r\n\r\n") == "no Content-Length");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") == "bad Content-Length");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n") ==
        "body longer than 65536 bytes");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab") ==
        "more body bytes than Content-Length");
  CHECK(error_of("HTTP/1.1 200 OK\r\nbroken\r\n\r\n") == "header line without a colon");
  CHECK(error_of(std::string(kMaxHttpHead, 'x')) == "response head longer than 8192 bytes");
}

TEST_CASE("a server sees a request end at its empty line, and caps its size", "[http]") {
  const std::string request = FormatHttpRequest("192.0.2.11", "/");
  CHECK(request ==
        "GET / HTTP/1.1\r\nHost: 192.0.2.11\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
  CHECK(CheckHttpRequest(request) == HttpRequestProgress::kComplete);
  CHECK(CheckHttpRequest(request.substr(0, request.size() - 1)) ==
        HttpRequestProgress::kIncomplete);
  CHECK(CheckHttpRequest(std::string(kMaxHttpHead, 'a')) == HttpRequestProgress::kTooLarge);
}

TEST_CASE("URLs and host:port name an IP literal and a port", "[http]") {
  std::string error;
  const auto url = ParseHttpUrl("http://192.0.2.11:8080/healthz", &error);
  REQUIRE(url);
  CHECK(url->address.ToString() == "192.0.2.11");
  CHECK(url->port == 8080);
  CHECK(url->path == "/healthz");
  const auto v6 = ParseHttpUrl("http://[2001:db8::11]", &error);
  REQUIRE(v6);
  CHECK(v6->port == 80);
  CHECK(v6->path == "/");
  const auto udp = ParseHostPort("[2001:db8::11]:53", &error);
  REQUIRE(udp);
  CHECK(udp->port == 53);

  const auto error_of = [](auto parse, const char* text) {
    std::string why;
    return parse(text, &why) ? std::string("accepted") : why;
  };
  CHECK(error_of(ParseHttpUrl, "https://192.0.2.11/") ==
        "\"https://192.0.2.11/\": only http:// URLs are simulated");
  CHECK(error_of(ParseHttpUrl, "http://web.example/") ==
        "\"web.example\" is not an IP address (the simulation has no DNS)");
  CHECK(error_of(ParseHttpUrl, "http://192.0.2.11:0/") == "\"0\" is not a port (1-65535)");
  CHECK(error_of(ParseHttpUrl, "http://192.0.2.11:65536/") == "\"65536\" is not a port (1-65535)");
  CHECK(error_of(ParseHostPort, "192.0.2.11") == "\"192.0.2.11\" needs a port");
  CHECK(error_of(ParseHostPort, "2001:db8::11:53") ==
        "\"2001:db8::11:53\": write an IPv6 address in brackets, [2001:db8::1]");
  CHECK(error_of(ParseHostPort, "[2001:db8::11:53") ==
        "\"[2001:db8::11:53\": an IPv6 address needs a closing ]");
}

TEST_CASE("curl command lines: -s, -m and a URL with or without its scheme", "[http]") {
  std::string error;
  const auto bare = ParseCurlCommand("curl 192.168.1.11", &error);
  REQUIRE(bare);
  CHECK(bare->target.port == 80);
  CHECK(bare->max_time == kDefaultCurlMaxTime);
  const auto timed = ParseCurlCommand("curl -s -m 2.5 http://192.168.1.11:8080/x", &error);
  REQUIRE(timed);
  CHECK(timed->max_time == Milliseconds(2500));
  CHECK(timed->target.path == "/x");

  const auto error_of = [](const char* line) {
    std::string why;
    return ParseCurlCommand(line, &why) ? std::string("accepted") : why;
  };
  CHECK(error_of("wget 192.168.1.11") == "a curl step starts with `curl`");
  CHECK(error_of("curl -k 192.168.1.11") ==
        "curl option -k is not simulated (-s, -m/--max-time are)");
  CHECK(error_of("curl -m") == "-m needs a number of seconds (0 < s <= 86400)");
  CHECK(error_of("curl -m 0 192.168.1.11") == "-m needs a number of seconds (0 < s <= 86400)");
  CHECK(error_of("curl") == "curl needs a URL");
  CHECK(error_of("curl 192.168.1.11 192.168.1.12") ==
        "one URL per curl step (got 192.168.1.11 and 192.168.1.12)");
}

}  // namespace
}  // namespace metallab::sim
