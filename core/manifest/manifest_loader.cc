#include "core/manifest/manifest_loader.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "core/manifest/regular_file.h"

namespace metallab::manifest {
namespace {

namespace fs = std::filesystem;

SourceLocation LocationOfOffset(const std::string& file, std::string_view text, size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const size_t line_start = before.rfind('\n');
  const size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return SourceLocation{file, static_cast<int>(line), static_cast<int>(column)};
}

bool IsDocumentMarker(std::string_view line) {
  if (line.substr(0, 3) != "---") return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
         line[3] == '\n';
}

struct Chunk {
  int first_line = 0;  // 0-based
  std::string text;
};

// Splits at document markers, into at most `max_chunks` + 1 chunks: one past the limit says the
// file has too many documents, empty ones included, without holding them all.
std::vector<Chunk> SplitDocuments(const std::string& text, size_t max_chunks) {
  std::vector<Chunk> chunks(1);
  size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    const size_t next = end == std::string::npos ? text.size() : end + 1;
    const std::string_view current(text.data() + pos, next - pos);
    if (IsDocumentMarker(current)) {
      if (chunks.size() > max_chunks) break;
      chunks.push_back(Chunk{line, {}});
    }
    chunks.back().text.append(current);
    pos = next;
    ++line;
  }
  return chunks;
}

// yaml-cpp 0.7's LoadAll never returns on some text, e.g. "[a],b" (a top-level flow collection
// followed by more): its parser hands out the same empty document, at the same position,
// forever. A first pass that only watches where documents start finds that; LoadAll then runs
// only on text it can finish. The pass throws the same syntax errors LoadAll would.
// Thrown by the first pass when the text holds more nodes than the load may still parse.
struct NodeBudgetExceeded {
  YAML::Mark mark;
};

class DocumentStarts : public YAML::EventHandler {
 public:
  explicit DocumentStarts(size_t node_budget) : node_budget_(node_budget) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck_ = count_ > 0 && mark.pos == last_.pos;
    last_ = mark;
    ++count_;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { CountNode(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { CountNode(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    CountNode(mark);
    last_scalar_ = mark;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    CountNode(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    CountNode(mark);
  }
  void OnMapEnd() override {}

  bool stuck() const { return stuck_; }
  size_t count() const { return count_; }
  const YAML::Mark& last() const { return last_; }
  const std::optional<YAML::Mark>& last_scalar() const { return last_scalar_; }
  size_t nodes() const { return nodes_; }

 private:
  void CountNode(const YAML::Mark& mark) {
    if (++nodes_ > node_budget_) throw NodeBudgetExceeded{mark};
  }

  size_t node_budget_;
  size_t nodes_ = 0;
  std::optional<YAML::Mark> last_scalar_;
  YAML::Mark last_ = YAML::Mark::null_mark();
  size_t count_ = 0;
  bool stuck_ = false;
};

struct FirstPass {
  std::optional<YAML::Mark> stuck;        // where LoadAll would stop making progress
  std::optional<YAML::Mark> last_scalar;  // where the text's last scalar starts
  size_t nodes = 0;                       // YAML nodes the text holds
};

// Where LoadAll would stop making progress, if it would; also stops past `max_documents`.
// Throws NodeBudgetExceeded past `node_budget` nodes.
FirstPass ScanDocuments(const std::string& text, size_t max_documents, size_t node_budget) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts(node_budget);
  while (parser.HandleNextDocument(starts)) {
    if (starts.stuck() || starts.count() > max_documents) {
      return {starts.last(), std::nullopt, starts.nodes()};
    }
  }
  return {std::nullopt, starts.last_scalar(), starts.nodes()};
}

// yaml-cpp 0.7 takes a quoted scalar that the text ends inside ("name: \"abc" and nothing after)
// as if it were closed. Such a scalar can only be the text's last one, so only that one is
// scanned: true when it opens with a quote that nothing closes.
bool EndsInsideQuotes(std::string_view text, const YAML::Mark& scalar) {
  if (scalar.pos < 0 || static_cast<size_t>(scalar.pos) >= text.size()) return false;
  const char quote = text[static_cast<size_t>(scalar.pos)];
  if (quote != '"' && quote != '\'') return false;
  for (size_t i = static_cast<size_t>(scalar.pos) + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: the next character is not the closing quote
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped quote inside single quotes
      } else {
        return false;
      }
    }
  }
  return true;
}

bool HasManifestExtension(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

std::vector<Document> ParseCounted(const std::string& file, std::string text,
                                   Diagnostics& diagnostics, const LoadLimits& limits,
                                   size_t& nodes);

class PathWalker {
 public:
  PathWalker(Diagnostics& diagnostics, const LoadLimits& limits)
      : diagnostics_(diagnostics), limits_(limits) {}

  void Walk(const fs::path& path, int depth, bool named_by_user) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec) {
      diagnostics_.Unreadable(SourceLocation{path.string(), 1, 1}, "cannot read: " + ec.message());
      return;
    }
    if (fs::is_directory(status)) {
      WalkDirectory(path, depth);
    } else if (named_by_user || HasManifestExtension(path)) {
      ReadFile(path);
    }
  }

  std::vector<Document> TakeDocuments() { return std::move(documents_); }

 private:
  void WalkDirectory(const fs::path& path, int depth) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(path, ec);
    if (ec) {
      diagnostics_.Unreadable(SourceLocation{path.string(), 1, 1},
                              "cannot read directory: " + ec.message());
      return;
    }
    if (!visited_.insert(canonical).second) {
      diagnostics_.Note(SourceLocation{path.string(), 1, 1}, "",
                        "directory already read (symbolic link loop?); skipped");
      return;
    }
    if (depth >= limits_.max_directory_depth) {
      diagnostics_.Unreadable(SourceLocation{path.string(), 1, 1},
                              "directory nesting deeper than " +
                                  std::to_string(limits_.max_directory_depth) + " levels");
      return;
    }
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      entries.push_back(it->path());
      if (entries.size() > limits_.max_files) break;
    }
    if (ec) {
      diagnostics_.Unreadable(SourceLocation{path.string(), 1, 1},
                              "cannot list directory: " + ec.message());
      return;
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) Walk(entry, depth + 1, false);
  }

  void ReadFile(const fs::path& path) {
    const std::string name = path.string();
    if (++files_read_ > limits_.max_files) {
      diagnostics_.Unreadable(SourceLocation{name, 1, 1},
                              "more than " + std::to_string(limits_.max_files) + " files");
      return;
    }
    const size_t allowed = std::min(limits_.max_file_bytes, limits_.max_total_bytes - total_bytes_);
    RegularFileText read = ReadRegularFile(name, allowed);
    switch (read.status) {
      case RegularFileText::Status::kOk:
        break;
      case RegularFileText::Status::kCannotOpen:
        diagnostics_.Unreadable(SourceLocation{name, 1, 1}, "cannot read: " + read.reason);
        return;
      case RegularFileText::Status::kNotRegular:
        diagnostics_.Unreadable(SourceLocation{name, 1, 1},
                                "not a regular file (" + read.reason + ")");
        return;
      case RegularFileText::Status::kReadError:
        diagnostics_.Unreadable(SourceLocation{name, 1, 1}, "read error: " + read.reason);
        return;
      case RegularFileText::Status::kTooLarge:
        diagnostics_.Error(SourceLocation{name, 1, 1}, "",
                           "file is larger than the " + std::to_string(allowed >> 20) +
                               " MiB allowed for manifests");
        return;
    }
    std::string text = std::move(read.text);
    total_bytes_ += text.size();
    auto documents = ParseCounted(name, std::move(text), diagnostics_, limits_, nodes_);
    for (auto& document : documents) documents_.push_back(std::move(document));
  }

  Diagnostics& diagnostics_;
  const LoadLimits& limits_;
  std::set<fs::path> visited_;
  std::vector<Document> documents_;
  size_t files_read_ = 0;
  size_t total_bytes_ = 0;
  size_t nodes_ = 0;  // YAML nodes parsed so far, against limits_.max_yaml_nodes
};

}  // namespace

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<uint8_t>(text[i]);
    if (byte == 0) return i;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code = 0;
    if ((byte & 0xe0) == 0xc0) {
      length = 2;
      code = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      length = 3;
      code = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xc0) != 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    const uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return std::nullopt;
}

namespace {

// ParseManifestText, adding the YAML nodes parsed to `nodes`, which limits.max_yaml_nodes bounds
// (across calls: a load passes the same counter for every file). Past the bound it reports once
// and parses nothing more.
std::vector<Document> ParseCounted(const std::string& file, std::string text,
                                   Diagnostics& diagnostics, const LoadLimits& limits,
                                   size_t& nodes) {
  if (nodes > limits.max_yaml_nodes) return {};
  if (const auto bad = FindInvalidUtf8(text)) {
    diagnostics.Error(
        LocationOfOffset(file, text, *bad), "",
        static_cast<uint8_t>(text[*bad]) == 0 ? "NUL byte in YAML text" : "invalid UTF-8");
    return {};
  }
  const auto shared_text = std::make_shared<const std::string>(std::move(text));
  std::vector<Document> documents;
  int index = 0;
  size_t chunk_count = 0;
  for (const Chunk& chunk : SplitDocuments(*shared_text, limits.max_documents_per_file)) {
    // Empty documents count too: a file of a million "---" lines is not a manifest.
    if (++chunk_count > limits.max_documents_per_file ||
        documents.size() >= limits.max_documents_per_file) {
      diagnostics.Error(
          SourceLocation{file, chunk.first_line + 1, 1}, "",
          "more than " + std::to_string(limits.max_documents_per_file) + " documents in one file");
      break;
    }
    const SourceMap source(shared_text, file, chunk.first_line, 0);
    try {
      const FirstPass pass =
          ScanDocuments(chunk.text, limits.max_documents_per_file, limits.max_yaml_nodes - nodes);
      nodes += pass.nodes;
      if (pass.stuck) {
        diagnostics.Error(source.Locate(*pass.stuck), "",
                          "YAML syntax error: unexpected content after the end of a document");
        continue;
      }
      if (pass.last_scalar && EndsInsideQuotes(chunk.text, *pass.last_scalar)) {
        diagnostics.Error(source.Locate(*pass.last_scalar), "",
                          "YAML syntax error: a quoted string that is never closed");
        continue;
      }
      for (YAML::Node& root : YAML::LoadAll(chunk.text)) {
        if (root.IsNull()) continue;
        documents.push_back(Document{source, std::move(root), index++});
      }
    } catch (const NodeBudgetExceeded& exceeded) {
      diagnostics.Error(source.Locate(exceeded.mark), "",
                        "more than " + std::to_string(limits.max_yaml_nodes) +
                            " YAML nodes (scalars, lists, mappings) in one load; split the "
                            "input");
      nodes = limits.max_yaml_nodes + 1;  // reported: nothing more is parsed
      break;
    } catch (const YAML::DeepRecursion& error) {
      // yaml-cpp says only "bad file"; say which limit it is.
      diagnostics.Error(source.Locate(error.mark), "",
                        "YAML nested deeper than " + std::to_string(kMaxYamlNesting) +
                            " levels (mappings and lists inside each other)");
    } catch (const YAML::Exception& error) {
      diagnostics.Error(source.Locate(error.mark), "", "YAML syntax error: " + error.msg);
    }
  }
  return documents;
}

}  // namespace

std::vector<Document> ParseManifestText(const std::string& file, std::string text,
                                        Diagnostics& diagnostics, const LoadLimits& limits) {
  size_t nodes = 0;
  return ParseCounted(file, std::move(text), diagnostics, limits, nodes);
}

std::vector<Document> LoadManifestPaths(const std::vector<std::string>& paths,
                                        Diagnostics& diagnostics, const LoadLimits& limits) {
  PathWalker walker(diagnostics, limits);
  for (const std::string& path : paths) walker.Walk(path, 0, true);
  return walker.TakeDocuments();
}

}  // namespace metallab::manifest
