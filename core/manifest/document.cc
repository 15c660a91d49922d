#include "core/manifest/document.h"

namespace metallab::manifest {
namespace {

// Start offset of 0-based line `line` in `text`, or npos.
size_t LineStart(const std::string& text, int line) {
  size_t pos = 0;
  for (int k = 0; k < line; ++k) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return std::string::npos;
    ++pos;
  }
  return pos;
}

}  // namespace

SourceLocation SourceMap::Locate(const YAML::Mark& mark) const {
  if (pinned_) return *pinned_;
  if (mark.is_null()) return SourceLocation{file_, line_offset_ + 1, 1};
  return SourceLocation{file_, line_offset_ + mark.line + 1, column_offset_ + mark.column + 1};
}

SourceLocation SourceMap::Locate(const YAML::Node& node) const {
  return node.IsDefined() ? Locate(node.Mark()) : Locate(YAML::Mark::null_mark());
}

SourceMap SourceMap::Embedded(const YAML::Node& scalar) const {
  SourceMap inner = *this;
  const SourceLocation at = Locate(scalar);
  inner.pinned_ = at;
  if (pinned_ || !file_text_ || scalar.Mark().is_null()) return inner;

  const std::string& text = *file_text_;
  const size_t start = LineStart(text, at.line - 1);
  if (start == std::string::npos) return inner;
  const size_t indicator = start + static_cast<size_t>(at.column - 1);
  if (indicator >= text.size() || (text[indicator] != '|' && text[indicator] != '>')) {
    return inner;
  }
  // Block scalar: its content starts on the next line, indented by the first non-blank line.
  size_t line_pos = text.find('\n', indicator);
  while (line_pos != std::string::npos) {
    const size_t content = line_pos + 1;
    size_t spaces = 0;
    while (content + spaces < text.size() && text[content + spaces] == ' ') ++spaces;
    if (content + spaces < text.size() && text[content + spaces] != '\n') {
      inner.pinned_.reset();
      inner.line_offset_ = at.line;
      inner.column_offset_ = static_cast<int>(spaces);
      return inner;
    }
    line_pos = text.find('\n', content);
  }
  return inner;
}

}  // namespace metallab::manifest
