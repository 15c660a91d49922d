#include "core/config/legacy_decoder.h"

#include <set>

#include "core/config/go_text.h"

namespace metallab::config {
namespace {

std::string Describe(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsScalar()) return GoQuote(node.Scalar());
  return "null";
}

bool IsQuoted(const YAML::Node& node) { return node.Tag() == "!"; }

// yaml.v2's reading of a plain scalar as an integer: sign, then decimal, 0x hex, 0o or
// leading-zero octal, or 0b binary, underscores ignored. Magnitudes beyond 64 bits are rejected.
std::optional<std::pair<bool, uint64_t>> YamlInteger(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != '_') digits += c;
  }
  std::string_view rest = digits;
  bool negative = false;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }
  int base = 10;
  if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X')) {
    base = 16;
    rest.remove_prefix(2);
  } else if (rest.size() > 2 && rest[0] == '0' &&
             (rest[1] == 'o' || rest[1] == 'O' || rest[1] == 'b' || rest[1] == 'B')) {
    base = (rest[1] == 'b' || rest[1] == 'B') ? 2 : 8;
    rest.remove_prefix(2);
  } else if (rest.size() > 1 && rest[0] == '0') {
    base = 8;
    rest.remove_prefix(1);
  }
  if (rest.empty()) return std::nullopt;
  uint64_t value = 0;
  for (const char c : rest) {
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= base) return std::nullopt;
    const auto b = static_cast<uint64_t>(base);
    if (value > (~uint64_t{0} - static_cast<uint64_t>(digit)) / b) return std::nullopt;
    value = value * b + static_cast<uint64_t>(digit);
  }
  return std::make_pair(negative, value);
}

std::optional<bool> YamlBool(std::string_view text) {
  for (const std::string_view yes :
       {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}) {
    if (text == yes) return true;
  }
  for (const std::string_view no :
       {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

}  // namespace

std::string JoinPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string IndexedKey(std::string_view key, size_t index) {
  return std::string(key) + "[" + std::to_string(index) + "]";
}

LegacyDecoder::LegacyDecoder(manifest::SourceMap source, std::string object, std::string ns,
                             BehaviourProfile profile, manifest::Diagnostics& diagnostics)
    : source_(std::move(source)),
      object_(std::move(object)),
      ns_(std::move(ns)),
      profile_(profile),
      diagnostics_(&diagnostics) {}

void LegacyDecoder::Fail(const YAML::Node& at, const std::string& path,
                         const std::string& what) const {
  diagnostics_->Error(Locate(at), object_,
                      "could not parse config: " + (path.empty() ? "" : path + ": ") + what);
}

bool LegacyDecoder::Mapping(const YAML::Node& node, const std::string& path,
                            std::initializer_list<std::string_view> known,
                            std::initializer_list<std::string_view> later) const {
  if (!node.IsDefined() || node.IsNull()) return false;
  if (!node.IsMap()) {
    Fail(node, path, "expected a mapping, got " + Describe(node));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (!seen.insert(key).second) {
      Fail(entry.first, path, "mapping key " + GoQuote(key) + " already defined");
      continue;
    }
    bool is_known = false;
    for (const std::string_view k : known) is_known = is_known || k == key;
    bool is_later = false;
    for (const std::string_view k : later) is_later = is_later || k == key;
    if (is_later && profile_ == BehaviourProfile::kV0_9) {
      diagnostics_->Note(Locate(entry.first), object_,
                         GoQuote(key) +
                             " is not known to MetalLB v0.9 (it came in v0.10-v0.12); v0.9 would "
                             "refuse this configuration");
    }
    if (!is_known && !is_later) Fail(entry.first, path, "unknown field " + GoQuote(key));
  }
  return true;
}

YAML::Node LegacyDecoder::Get(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool LegacyDecoder::Present(const YAML::Node& value) {
  return value.IsDefined() && !value.IsNull();
}

std::optional<Located<std::string>> LegacyDecoder::String(const YAML::Node& map,
                                                          std::string_view key,
                                                          const std::string& path) const {
  const YAML::Node value = Get(map, key);
  if (!Present(value)) return std::nullopt;
  if (!value.IsScalar()) {
    Fail(value, JoinPath(path, key), "cannot unmarshal " + Describe(value) + " into a string");
    return std::nullopt;
  }
  if (value.Scalar().empty()) return std::nullopt;
  return Located<std::string>{value.Scalar(), Locate(value)};
}

std::optional<Located<int64_t>> LegacyDecoder::Integer(const YAML::Node& map, std::string_view key,
                                                       const std::string& path, int bits,
                                                       bool is_signed) const {
  const YAML::Node value = Get(map, key);
  if (!Present(value)) return std::nullopt;
  const std::string type = (is_signed ? "int" : "uint") + std::to_string(bits);
  const auto parsed =
      value.IsScalar() && !IsQuoted(value) ? YamlInteger(value.Scalar()) : std::nullopt;
  const uint64_t max = is_signed ? (uint64_t{1} << (bits - 1)) - 1 : (uint64_t{1} << bits) - 1;
  const uint64_t max_negative = is_signed ? uint64_t{1} << (bits - 1) : 0;
  if (!parsed || (!parsed->first && parsed->second > max) ||
      (parsed->first && parsed->second > max_negative)) {
    Fail(value, JoinPath(path, key), "cannot unmarshal " + Describe(value) + " into " + type);
    return std::nullopt;
  }
  const auto [negative, magnitude] = *parsed;
  // In range for int64 by the checks above.
  const int64_t number =
      negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return Located<int64_t>{number, Locate(value)};
}

std::optional<Located<bool>> LegacyDecoder::Bool(const YAML::Node& map, std::string_view key,
                                                 const std::string& path) const {
  const YAML::Node value = Get(map, key);
  if (!Present(value)) return std::nullopt;
  const auto parsed =
      value.IsScalar() && !IsQuoted(value) ? YamlBool(value.Scalar()) : std::nullopt;
  if (!parsed) {
    Fail(value, JoinPath(path, key), "cannot unmarshal " + Describe(value) + " into bool");
    return std::nullopt;
  }
  return Located<bool>{*parsed, Locate(value)};
}

std::vector<YAML::Node> LegacyDecoder::Items(const YAML::Node& map, std::string_view key,
                                             const std::string& path) const {
  std::vector<YAML::Node> items;
  const YAML::Node value = Get(map, key);
  if (!Present(value)) return items;
  if (!value.IsSequence()) {
    Fail(value, JoinPath(path, key), "cannot unmarshal " + Describe(value) + " into a list");
    return items;
  }
  for (const YAML::Node& item : value) items.push_back(item);
  return items;
}

LocatedStrings LegacyDecoder::Strings(const YAML::Node& map, std::string_view key,
                                      const std::string& path) const {
  LocatedStrings out;
  size_t index = 0;
  for (const YAML::Node& item : Items(map, key, path)) {
    const std::string item_path = JoinPath(path, IndexedKey(key, index++));
    if (item.IsScalar()) {
      out.push_back({item.Scalar(), Locate(item)});
    } else if (item.IsNull()) {
      out.push_back({"", Locate(item)});
    } else {
      Fail(item, item_path, "cannot unmarshal " + Describe(item) + " into a string");
    }
  }
  return out;
}

std::vector<std::pair<Located<std::string>, Located<std::string>>> LegacyDecoder::StringMap(
    const YAML::Node& map, std::string_view key, const std::string& path) const {
  std::vector<std::pair<Located<std::string>, Located<std::string>>> out;
  const YAML::Node value = Get(map, key);
  if (!Present(value)) return out;
  const std::string field_path = JoinPath(path, key);
  if (!value.IsMap()) {
    Fail(value, field_path, "cannot unmarshal " + Describe(value) + " into a string map");
    return out;
  }
  std::set<std::string> seen;
  for (const auto& entry : value) {
    if (!entry.first.IsScalar() || !(entry.second.IsScalar() || entry.second.IsNull())) {
      Fail(entry.first, field_path, "expected string keys and values");
      continue;
    }
    if (!seen.insert(entry.first.Scalar()).second) {
      Fail(entry.first, field_path,
           "mapping key " + GoQuote(entry.first.Scalar()) + " already defined");
      continue;
    }
    out.push_back({{entry.first.Scalar(), Locate(entry.first)},
                   {entry.second.IsNull() ? "" : entry.second.Scalar(), Locate(entry.second)}});
  }
  return out;
}

}  // namespace metallab::config
