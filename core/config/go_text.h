// How Go prints and parses the bits of text that MetalLB's error messages are made of: `%q` of a
// string and strconv.ParseUint. Reproducing them keeps metallab's messages word for word the same
// as MetalLB's, so users can search for them.
#ifndef METALLAB_CORE_CONFIG_GO_TEXT_H_
#define METALLAB_CORE_CONFIG_GO_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace metallab::config {

// Go's strconv.Quote (fmt's %q of a string): double quotes, with quotes, backslashes and control
// characters escaped. Non-ASCII UTF-8 text is kept as it is. Unlike Go, text longer than
// kMaxQuoted bytes is cut there and followed by `... (N bytes)`, so that messages stay readable
// and their total size stays proportional to the input.
inline constexpr size_t kMaxQuoted = 256;
std::string GoQuote(std::string_view text);

// `text` itself, cut like GoQuote's: for user text a message repeats without quotes.
std::string ShortText(std::string_view text);

// strconv.ParseUint(text, 10, bits). On failure returns nullopt and sets *error to Go's text:
// `strconv.ParseUint: parsing "x": invalid syntax` or `... value out of range`.
std::optional<uint64_t> ParseGoUint(std::string_view text, int bits, std::string* error);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_GO_TEXT_H_
