// Addresses and prefixes written as text in tests. A typo in a test's literal is the test's own
// bug: it throws, and Catch2 reports the test as failed with the text, instead of dereferencing
// an empty optional.
#ifndef METALLAB_TESTS_SUPPORT_ADDRESSES_H_
#define METALLAB_TESTS_SUPPORT_ADDRESSES_H_

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::testing {

inline net::IpAddress Ip(std::string_view text) {
  const auto address = net::IpAddress::Parse(text);
  if (!address) throw std::invalid_argument("not an IP address: " + std::string(text));
  return *address;
}

inline net::IpPrefix Prefix(std::string_view text) {
  const auto prefix = net::IpPrefix::Parse(text);
  if (!prefix) throw std::invalid_argument("not an IP prefix: " + std::string(text));
  return *prefix;
}

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_ADDRESSES_H_
