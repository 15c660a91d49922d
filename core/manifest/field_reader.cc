#include "core/manifest/field_reader.h"

#include <charconv>
#include <set>

namespace metallab::manifest {
namespace {

// yaml-cpp tags quoted scalars "!" and plain ones "?": Kubernetes treats "true" or "80" in
// quotes as strings, not booleans or numbers.
bool IsQuoted(const YAML::Node& node) { return node.Tag() == "!"; }

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    default:
      return "nothing";
  }
}

}  // namespace

std::optional<std::string> ScalarText(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

FieldReader::FieldReader(const SourceMap& source, YAML::Node node, std::string object,
                         std::string path, Diagnostics& diagnostics)
    : source_(&source),
      node_(std::move(node)),
      object_(std::move(object)),
      path_(std::move(path)),
      diagnostics_(&diagnostics) {}

YAML::Node FieldReader::Get(std::string_view key) const {
  if (!node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : node_) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool FieldReader::Has(std::string_view key) const {
  const YAML::Node value = Get(key);
  return value.IsDefined() && !value.IsNull();
}

std::string FieldReader::PathOf(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  if (key.empty()) return path_;
  return path_ + "." + std::string(key);
}

SourceLocation FieldReader::Locate(std::string_view key) const {
  const YAML::Node value = Get(key);
  return source_->Locate(value.IsDefined() ? value : node_);
}

void FieldReader::ErrorAt(std::string_view key, const std::string& message) const {
  diagnostics_->Error(Locate(key), object_, PathOf(key) + ": " + message);
}

void FieldReader::Error(const std::string& message) const {
  diagnostics_->Error(Locate(), object_, message);
}

void FieldReader::RejectDuplicateKeys() const {
  if (!node_.IsMap()) return;
  std::set<std::string_view> seen;
  for (const auto& entry : node_) {
    if (!entry.first.IsScalar()) continue;
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      diagnostics_->Error(source_->Locate(entry.first), object_,
                          PathOf(key) + ": mapping key \"" + key + "\" already defined");
    }
  }
}

void FieldReader::RejectUnknownKeys(std::initializer_list<std::string_view> known) const {
  RejectDuplicateKeys();
  if (!node_.IsMap()) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    bool found = false;
    for (const std::string_view k : known) found = found || k == key;
    if (!found) {
      diagnostics_->Error(source_->Locate(entry.first), object_,
                          PathOf(key) + ": unknown field \"" + key + "\"");
    }
  }
}

bool FieldReader::CheckScalar(std::string_view key, const YAML::Node& value,
                              std::string_view what) const {
  if (value.IsScalar()) return true;
  ErrorAt(key, "expected " + std::string(what) + ", got " + Describe(value));
  return false;
}

std::optional<std::string> FieldReader::String(std::string_view key, Presence presence) const {
  const YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (presence == Presence::kRequired) ErrorAt(key, "required field is missing");
    return std::nullopt;
  }
  if (!CheckScalar(key, value, "a string")) return std::nullopt;
  return value.Scalar();
}

std::optional<bool> FieldReader::Bool(std::string_view key) const {
  const YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  if (!CheckScalar(key, value, "a boolean")) return std::nullopt;
  const std::string& text = value.Scalar();
  if (!IsQuoted(value)) {
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  ErrorAt(key, "expected a boolean (true or false), got " + Describe(value));
  return std::nullopt;
}

std::optional<int64_t> FieldReader::Integer(std::string_view key, int64_t min, int64_t max,
                                            Presence presence) const {
  const YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (presence == Presence::kRequired) ErrorAt(key, "required field is missing");
    return std::nullopt;
  }
  if (!CheckScalar(key, value, "an integer")) return std::nullopt;
  const std::string& text = value.Scalar();
  int64_t number = 0;
  const char* begin = text.data();
  if (!text.empty() && text[0] == '+') ++begin;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), number);
  if (IsQuoted(value) || text.empty() || error != std::errc() || end != text.data() + text.size()) {
    ErrorAt(key, "expected an integer, got " + Describe(value));
    return std::nullopt;
  }
  if (number < min || number > max) {
    ErrorAt(key, "value " + text + " is out of range [" + std::to_string(min) + ", " +
                     std::to_string(max) + "]");
    return std::nullopt;
  }
  return number;
}

std::vector<std::string> FieldReader::StringList(std::string_view key) const {
  const YAML::Node value = Get(key);
  std::vector<std::string> items;
  if (!value.IsDefined() || value.IsNull()) return items;
  if (!value.IsSequence()) {
    ErrorAt(key, "expected a list, got " + Describe(value));
    return items;
  }
  size_t index = 0;
  for (const YAML::Node& item : value) {
    const std::string item_key = std::string(key) + "[" + std::to_string(index++) + "]";
    if (item.IsScalar()) {
      items.push_back(item.Scalar());
    } else {
      diagnostics_->Error(source_->Locate(item), object_,
                          PathOf(item_key) + ": expected a string, got " + Describe(item));
    }
  }
  return items;
}

std::map<std::string, std::string> FieldReader::StringMap(std::string_view key) const {
  const YAML::Node value = Get(key);
  std::map<std::string, std::string> out;
  if (!value.IsDefined() || value.IsNull()) return out;
  if (!value.IsMap()) {
    ErrorAt(key, "expected a mapping, got " + Describe(value));
    return out;
  }
  for (const auto& entry : value) {
    if (!entry.first.IsScalar() || !(entry.second.IsScalar() || entry.second.IsNull())) {
      diagnostics_->Error(source_->Locate(entry.first), object_,
                          PathOf(key) + ": expected string keys and values");
      continue;
    }
    const std::string& name = entry.first.Scalar();
    if (out.count(name) > 0) {
      diagnostics_->Error(
          source_->Locate(entry.first), object_,
          PathOf(key) + "." + name + ": mapping key \"" + name + "\" already defined");
      continue;
    }
    out[name] = entry.second.IsNull() ? "" : entry.second.Scalar();
  }
  return out;
}

std::optional<FieldReader> FieldReader::Child(std::string_view key, Presence presence) const {
  const YAML::Node value = Get(key);
  if (!value.IsDefined() || value.IsNull()) {
    if (presence == Presence::kRequired) ErrorAt(key, "required field is missing");
    return std::nullopt;
  }
  if (!value.IsMap()) {
    ErrorAt(key, "expected a mapping, got " + Describe(value));
    return std::nullopt;
  }
  return FieldReader(*source_, value, object_, PathOf(key), *diagnostics_);
}

std::vector<FieldReader> FieldReader::Children(std::string_view key) const {
  const YAML::Node value = Get(key);
  std::vector<FieldReader> items;
  if (!value.IsDefined() || value.IsNull()) return items;
  if (!value.IsSequence()) {
    ErrorAt(key, "expected a list, got " + Describe(value));
    return items;
  }
  size_t index = 0;
  for (const YAML::Node& item : value) {
    const std::string item_path = PathOf(key) + "[" + std::to_string(index++) + "]";
    if (!item.IsMap()) {
      diagnostics_->Error(source_->Locate(item), object_,
                          item_path + ": expected a mapping, got " + Describe(item));
      continue;
    }
    items.emplace_back(*source_, item, object_, item_path, *diagnostics_);
  }
  return items;
}

}  // namespace metallab::manifest
