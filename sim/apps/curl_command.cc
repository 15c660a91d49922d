#include "sim/apps/curl_command.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

namespace metallab::sim {
namespace {

std::vector<std::string> Words(std::string_view line) {
  std::istringstream stream{std::string(line)};
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

// "-m 2.5": seconds, as curl reads them (a decimal number, at most a day here).
std::optional<SimDuration> ParseSeconds(const std::string& text) {
  double seconds = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), seconds);
  // A NaN fails no comparison, so finiteness is checked on its own.
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() ||
      !std::isfinite(seconds) || seconds <= 0 || seconds > 86400) {
    return std::nullopt;
  }
  return static_cast<SimDuration>(seconds * 1e9);
}

}  // namespace

std::optional<CurlCommand> ParseCurlCommand(std::string_view line, std::string* error) {
  const std::vector<std::string> words = Words(line);
  if (words.empty() || words[0] != "curl") {
    *error = "a curl step starts with `curl`";
    return std::nullopt;
  }
  CurlCommand command;
  std::optional<std::string> url;
  for (size_t k = 1; k < words.size(); ++k) {
    const std::string& word = words[k];
    if (word == "-s" || word == "--silent") continue;
    if (word == "-m" || word == "--max-time") {
      const auto seconds = k + 1 < words.size() ? ParseSeconds(words[k + 1]) : std::nullopt;
      if (!seconds) {
        *error = word + " needs a number of seconds (0 < s <= 86400)";
        return std::nullopt;
      }
      command.max_time = *seconds;
      ++k;
      continue;
    }
    if (!word.empty() && word[0] == '-') {
      *error = "curl option " + word + " is not simulated (-s, -m/--max-time are)";
      return std::nullopt;
    }
    if (url) {
      *error = "one URL per curl step (got " + *url + " and " + word + ")";
      return std::nullopt;
    }
    url = word;
  }
  if (!url) {
    *error = "curl needs a URL";
    return std::nullopt;
  }
  const std::string full = url->find("://") == std::string::npos ? "http://" + *url : *url;
  const auto target = ParseHttpUrl(full, error);
  if (!target) return std::nullopt;
  command.target = *target;
  return command;
}

}  // namespace metallab::sim
