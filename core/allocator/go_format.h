// MetalLB's messages are built with Go's fmt verbs; reproducing them byte for byte needs Go's
// quoting (%q) and slice rendering (%v), which C++ has no equivalent for.
#ifndef METALLAB_CORE_ALLOCATOR_GO_FORMAT_H_
#define METALLAB_CORE_ALLOCATOR_GO_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/config/go_text.h"
#include "core/net/ip_address.h"

namespace metallab::allocator {

// strconv.Quote (%q of a string), shared with the configuration's messages.
using config::GoQuote;

// %q of a []string or []net.IP: `["a" "b"]`.
std::string GoQuoteList(const std::vector<std::string>& items);
std::string GoQuoteList(const std::vector<net::IpAddress>& addresses);

// %v of a []string: `[a b]`.
std::string GoList(const std::vector<std::string>& items);

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_GO_FORMAT_H_
