#include "core/allocator/go_format.h"

namespace metallab::allocator {

std::string GoQuoteList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ' ';
    out += GoQuote(items[i]);
  }
  out += ']';
  return out;
}

std::string GoQuoteList(const std::vector<net::IpAddress>& addresses) {
  std::vector<std::string> texts;
  texts.reserve(addresses.size());
  for (const auto& address : addresses) texts.push_back(address.ToString());
  return GoQuoteList(texts);
}

std::string GoList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ' ';
    out += items[i];
  }
  out += ']';
  return out;
}

}  // namespace metallab::allocator
