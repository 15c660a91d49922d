// One YAML document of a manifest file, with what is needed to point back into the file: the
// file's text and where the document (or an embedded YAML string) starts in it.
#ifndef METALLAB_CORE_MANIFEST_DOCUMENT_H_
#define METALLAB_CORE_MANIFEST_DOCUMENT_H_

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>

#include "core/manifest/diagnostics.h"

namespace metallab::manifest {

// Maps yaml-cpp marks (0-based, relative to the text that was parsed) to file positions.
class SourceMap {
 public:
  SourceMap() = default;
  SourceMap(std::shared_ptr<const std::string> file_text, std::string file, int line_offset,
            int column_offset)
      : file_text_(std::move(file_text)),
        file_(std::move(file)),
        line_offset_(line_offset),
        column_offset_(column_offset) {}

  const std::string& file() const { return file_; }

  // Position of `node` in the file; the start of the parsed text when the node has no mark.
  SourceLocation Locate(const YAML::Node& node) const;
  SourceLocation Locate(const YAML::Mark& mark) const;

  // The map for YAML held in the string scalar `scalar` (a ConfigMap's data.config). For a
  // literal or folded block scalar, inner positions map line for line into the file; for other
  // scalar styles every inner position maps to the scalar itself.
  SourceMap Embedded(const YAML::Node& scalar) const;

 private:
  std::shared_ptr<const std::string> file_text_;
  std::string file_;
  int line_offset_ = 0;    // file line (0-based) of the parsed text's first line
  int column_offset_ = 0;  // added to columns (the indentation of a block scalar)
  std::optional<SourceLocation> pinned_;  // every position maps here when set
};

struct Document {
  SourceMap source;
  YAML::Node root;
  int index = 0;  // 0-based position of the document in its file

  SourceLocation Locate(const YAML::Node& node) const { return source.Locate(node); }
};

}  // namespace metallab::manifest

#endif  // METALLAB_CORE_MANIFEST_DOCUMENT_H_
