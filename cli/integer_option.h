// A CLI11 check for integer options that takes exactly the decimal integers of a range. CLI11's
// own conversion of an unsigned option reads "-1" as 18446744073709551615, clamps overflow and
// lets an empty value through; this check runs on the text first, so those are usage errors.
#ifndef METALLAB_CLI_INTEGER_OPTION_H_
#define METALLAB_CLI_INTEGER_OPTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace metallab::cli {

// Why `text` is not a decimal integer in [min, max] (digits only, a '-' only when min < 0, no
// '+', no spaces), or nullopt when it is.
std::optional<std::string> IntegerOutOfRange(std::string_view text, int64_t min, int64_t max);

// IntegerOutOfRange as a CLI11 validator ("--seed: ...", exit 2).
CLI::Validator IntegerInRange(int64_t min, int64_t max);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_INTEGER_OPTION_H_
