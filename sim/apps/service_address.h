// Where a client points at a Service: `http://192.168.1.11/path`, `http://[2001:db8::11]:8080/`
// (curl's URLs, with an IP literal: the simulation has no DNS) and `192.168.1.11:53` or
// `[2001:db8::11]:53` (nc's host and port).
#ifndef METALLAB_SIM_APPS_SERVICE_ADDRESS_H_
#define METALLAB_SIM_APPS_SERVICE_ADDRESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/net/ip_address.h"

namespace metallab::sim {

struct ServiceAddress {
  net::IpAddress address;
  uint16_t port = 0;
  std::string path = "/";  // URLs only
};

// nullopt with `error` saying what is wrong.
std::optional<ServiceAddress> ParseHttpUrl(std::string_view url, std::string* error);
std::optional<ServiceAddress> ParseHostPort(std::string_view text, std::string* error);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_APPS_SERVICE_ADDRESS_H_
