#include "cli/integer_option.h"

#include <charconv>

namespace metallab::cli {

std::optional<std::string> IntegerOutOfRange(std::string_view text, int64_t min, int64_t max) {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  const std::string quoted = "\"" + std::string(text) + "\"";
  const bool negative = text.starts_with('-');
  const std::string_view digits = negative ? text.substr(1) : text;
  const bool all_digits =
      !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!all_digits) return quoted + " is not a whole number in " + range;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return quoted + " is out of range " + range;
  }
  return std::nullopt;
}

CLI::Validator IntegerInRange(int64_t min, int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) { return IntegerOutOfRange(text, min, max).value_or(""); },
      "[" + std::to_string(min) + ", " + std::to_string(max) + "]");
}

}  // namespace metallab::cli
