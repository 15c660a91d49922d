#include "sim/apps/service_address.h"

#include <charconv>

namespace metallab::sim {
namespace {

// "192.0.2.1", "192.0.2.1:80", "[2001:db8::1]", "[2001:db8::1]:80". `default_port` 0 makes the
// port mandatory.
std::optional<ServiceAddress> ParseAuthority(std::string_view text, uint16_t default_port,
                                             std::string* error) {
  std::string_view host = text;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) {
      *error = "\"" + std::string(text) + "\": an IPv6 address needs a closing ]";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      *error = "\"" + std::string(text) + "\": expected :port after ]";
      return std::nullopt;
    }
    if (!rest.empty()) port = rest.substr(1);
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    if (text.find(':') != colon) {
      *error = "\"" + std::string(text) + "\": write an IPv6 address in brackets, [2001:db8::1]";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  const auto address = net::IpAddress::Parse(std::string(host));
  if (!address) {
    *error = "\"" + std::string(host) + "\" is not an IP address (the simulation has no DNS)";
    return std::nullopt;
  }
  ServiceAddress result{*address, default_port, "/"};
  if (port.empty() && default_port == 0) {
    *error = "\"" + std::string(text) + "\" needs a port";
    return std::nullopt;
  }
  if (!port.empty()) {
    unsigned value = 0;
    const auto parsed = std::from_chars(port.data(), port.data() + port.size(), value);
    if (parsed.ec != std::errc() || parsed.ptr != port.data() + port.size() || value == 0 ||
        value > 65535) {
      *error = "\"" + std::string(port) + "\" is not a port (1-65535)";
      return std::nullopt;
    }
    result.port = static_cast<uint16_t>(value);
  }
  return result;
}

}  // namespace

std::optional<ServiceAddress> ParseHttpUrl(std::string_view url, std::string* error) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    *error = "\"" + std::string(url) + "\": only http:// URLs are simulated";
    return std::nullopt;
  }
  const std::string_view rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  auto result = ParseAuthority(rest.substr(0, slash), 80, error);
  if (result && slash != std::string_view::npos) result->path = std::string(rest.substr(slash));
  return result;
}

std::optional<ServiceAddress> ParseHostPort(std::string_view text, std::string* error) {
  return ParseAuthority(text, 0, error);
}

}  // namespace metallab::sim
