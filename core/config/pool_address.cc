#include "core/config/pool_address.h"

#include <optional>

#include "core/config/go_text.h"
#include "core/net/ip_range.h"

namespace metallab::config {
namespace {

std::string_view TrimSpace(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

PoolAddressParse ParsePoolAddress(std::string_view text, BehaviourProfile profile) {
  PoolAddressParse result;
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    const auto prefix = net::IpPrefix::Parse(text);
    if (!prefix) {
      result.error = "invalid CIDR " + GoQuote(text);
    } else {
      result.cidrs.push_back(*prefix);
    }
    return result;
  }

  const std::string_view start_text = text.substr(0, dash);
  const std::string_view end_text = text.substr(dash + 1);
  const std::string range_error = "invalid IP range " + GoQuote(text) + ": ";
  const auto start = net::IpAddress::Parse(TrimSpace(start_text));
  if (!start) {
    result.error = range_error + "invalid start IP " + GoQuote(start_text);
    return result;
  }
  const auto end = net::IpAddress::Parse(TrimSpace(end_text));
  if (!end) {
    result.error = range_error + "invalid end IP " + GoQuote(end_text);
    return result;
  }
  const auto range = net::IpRange::Make(*start, *end);
  if (range) {
    result.cidrs = range->ToPrefixes();
    return result;
  }
  const bool mixed = start->family() != end->family();
  if (profile == BehaviourProfile::kV0_9) {
    result.note = "range " + GoQuote(text) +
                  (mixed ? " mixes IPv4 and IPv6" : " starts after its end") +
                  ": MetalLB v0.9 accepts it and takes no address from it";
    return result;
  }
  if (mixed) {
    result.error = range_error + "start IP " + GoQuote(start->ToString()) + " and end IP " +
                   GoQuote(end->ToString()) + " are not of the same IP family";
  } else {
    result.error = range_error + "start IP " + GoQuote(start->ToString()) +
                   " is after the end IP " + GoQuote(end->ToString());
  }
  return result;
}

}  // namespace metallab::config
