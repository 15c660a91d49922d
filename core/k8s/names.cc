#include "core/k8s/names.h"

#include <algorithm>
#include <charconv>

namespace metallab::k8s {
namespace {

constexpr size_t kMaxSubdomainLength = 253;
constexpr size_t kMaxNameLength = 63;

bool IsLowerAlphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsAlphanumeric(char c) { return IsLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z'); }

// A subdomain's label: as IsDnsLabel, without the length bound (the subdomain has its own).
bool IsSubdomainLabel(std::string_view label) {
  if (label.empty() || !IsLowerAlphanumeric(label.front()) || !IsLowerAlphanumeric(label.back())) {
    return false;
  }
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return IsLowerAlphanumeric(c) || c == '-'; });
}

// [A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?, at most 63 characters.
bool IsNameSegment(std::string_view text) {
  if (text.empty() || text.size() > kMaxNameLength) return false;
  if (!IsAlphanumeric(text.front()) || !IsAlphanumeric(text.back())) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return IsAlphanumeric(c) || c == '-' || c == '_' || c == '.'; });
}

}  // namespace

bool IsDnsSubdomain(std::string_view text) {
  if (text.empty() || text.size() > kMaxSubdomainLength) return false;
  for (size_t start = 0;;) {
    const size_t dot = text.find('.', start);
    if (!IsSubdomainLabel(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsDnsLabel(std::string_view text) {
  return text.size() <= kMaxNameLength && IsSubdomainLabel(text);
}

bool IsDns1035Label(std::string_view text) {
  return IsDnsLabel(text) && text.front() >= 'a' && text.front() <= 'z';
}

bool IsQualifiedName(std::string_view key) {
  const size_t slash = key.find('/');
  if (slash == std::string_view::npos) return IsNameSegment(key);
  return IsDnsSubdomain(key.substr(0, slash)) && IsNameSegment(key.substr(slash + 1));
}

bool IsLabelValue(std::string_view value) { return value.empty() || IsNameSegment(value); }

bool IsPortName(std::string_view name) {
  constexpr size_t kMaxPortNameLength = 15;
  if (name.empty() || name.size() > kMaxPortNameLength) return false;
  if (name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos) {
    return false;
  }
  const bool allowed = std::all_of(name.begin(), name.end(),
                                   [](char c) { return IsLowerAlphanumeric(c) || c == '-'; });
  return allowed &&
         std::any_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::optional<std::string> TargetPortProblem(std::string_view text) {
  const bool digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits) {
    int port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
      return "a target port number is from 1 to 65535, got \"" + std::string(text) + "\"";
    }
    return std::nullopt;
  }
  if (IsPortName(text)) return std::nullopt;
  return "a target port is a number from 1 to 65535 or a port name (at most 15 lower-case "
         "letters, digits and '-', with a letter), got \"" +
         std::string(text) + "\"";
}

}  // namespace metallab::k8s
