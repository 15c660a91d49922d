// Reads Kubernetes manifests the way `kubectl apply -f` takes them: files holding one or more
// YAML (or JSON) documents, and directories of such files. All input is untrusted: sizes,
// counts and directory depth are bounded, text must be UTF-8, and every problem is reported with
// its position instead of stopping at the first.
#ifndef METALLAB_CORE_MANIFEST_MANIFEST_LOADER_H_
#define METALLAB_CORE_MANIFEST_MANIFEST_LOADER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::manifest {

// How deep mappings and lists may nest: yaml-cpp's parser stops at 2000 recursion levels, which
// is 499 levels of YAML nesting. Deeper text is reported with this limit named.
inline constexpr int kMaxYamlNesting = 499;

struct LoadLimits {
  size_t max_file_bytes = size_t{16} << 20;   // 16 MiB: far above any real manifest.
  size_t max_total_bytes = size_t{64} << 20;  // across all files of one load
  size_t max_files = 4096;
  int max_directory_depth = 16;
  size_t max_documents_per_file = 10000;
  // YAML nodes (scalars, lists, mappings, aliases) across all files of one load, counted before
  // any is built: yaml-cpp spends about 500 bytes on each, so 15 MiB of "[a,a,a,...]" would take
  // gigabytes. A million is 50 times the largest real manifest and about 500 MB.
  size_t max_yaml_nodes = 1'000'000;
};

// Byte offset of the first byte that is not valid UTF-8 (overlongs, surrogates and code points
// above U+10FFFF included), or of a NUL byte; nullopt when the text is clean.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// Splits `text` at document markers and parses each document on its own, so a syntax error in
// one document does not hide the others. Empty documents are dropped.
std::vector<Document> ParseManifestText(const std::string& file, std::string text,
                                        Diagnostics& diagnostics, const LoadLimits& limits = {});

// Loads files and directories (recursively, entries sorted by name, only *.yaml, *.yml and
// *.json inside directories; symbolic links followed, loops detected). A path that cannot be
// read, or is not a regular file (a named pipe or a device would block or never end), is
// reported as ErrorClass::kUnreadable.
std::vector<Document> LoadManifestPaths(const std::vector<std::string>& paths,
                                        Diagnostics& diagnostics, const LoadLimits& limits = {});

}  // namespace metallab::manifest

#endif  // METALLAB_CORE_MANIFEST_MANIFEST_LOADER_H_
