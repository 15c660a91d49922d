#include "core/manifest/manifest_loader.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "core/manifest/field_reader.h"
#include "tests/support/bounded_child.h"

namespace metallab::manifest {
namespace {

namespace fs = std::filesystem;

// A scratch directory removed on every exit path.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = fs::temp_directory_path() /
            ("metallab-manifest-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  fs::path Write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST_CASE("documents are split and each keeps its file position", "[manifest]") {
  Diagnostics diagnostics;
  const auto documents = ParseManifestText("a.yaml",
                                           "kind: A\n"
                                           "---\n"
                                           "# only a comment\n"
                                           "---\n"
                                           "kind: B\n"
                                           "metadata:\n"
                                           "  name: b\n",
                                           diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].root["kind"].Scalar() == "A");
  const SourceLocation where = documents[1].Locate(documents[1].root["metadata"]["name"]);
  CHECK(where == SourceLocation{"a.yaml", 7, 9});
}

TEST_CASE("a syntax error in one document does not hide the others", "[manifest]") {
  Diagnostics diagnostics;
  const auto documents = ParseManifestText(
      "b.yaml", "kind: [unclosed\n---\nkind: Fine\n---\nkey: : :\n  bad\n", diagnostics);
  CHECK(documents.size() == 1);
  REQUIRE(diagnostics.ErrorCount() == 2);
  CHECK(diagnostics.all()[0].where.file == "b.yaml");
  CHECK(diagnostics.all()[0].message.find("YAML syntax error") == 0);
  CHECK(diagnostics.all()[1].where.line >= 5);
}

TEST_CASE("invalid UTF-8 and NUL bytes are located", "[manifest]") {
  Diagnostics diagnostics;
  ParseManifestText("c.yaml", "kind: A\nname: \xc3\x28\n", diagnostics);
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(diagnostics.all()[0].ToString() == "c.yaml:2:7: invalid UTF-8");

  Diagnostics nul;
  ParseManifestText("d.yaml", std::string("a: b\0c", 6), nul);
  REQUIRE(nul.ErrorCount() == 1);
  CHECK(nul.all()[0].ToString() == "d.yaml:1:5: NUL byte in YAML text");
}

TEST_CASE("UTF-8 validation rejects overlongs, surrogates and truncation", "[manifest]") {
  CHECK_FALSE(FindInvalidUtf8("plain ascii"));
  CHECK_FALSE(FindInvalidUtf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  CHECK(FindInvalidUtf8("\xc0\xaf") == size_t{0});          // overlong '/'
  CHECK(FindInvalidUtf8("ab\xed\xa0\x80") == size_t{2});    // UTF-16 surrogate
  CHECK(FindInvalidUtf8("abc\xe2\x82") == size_t{3});       // truncated
  CHECK(FindInvalidUtf8("\xf4\x90\x80\x80") == size_t{0});  // above U+10FFFF
}

TEST_CASE("a block scalar's inner positions map into the file", "[manifest]") {
  Diagnostics diagnostics;
  const auto documents = ParseManifestText("cm.yaml",
                                           "kind: ConfigMap\n"
                                           "data:\n"
                                           "  config: |\n"
                                           "    address-pools:\n"
                                           "    - name: p\n",
                                           diagnostics);
  REQUIRE(documents.size() == 1);
  const YAML::Node scalar = documents[0].root["data"]["config"];
  const SourceMap inner = documents[0].source.Embedded(scalar);
  const YAML::Node parsed = YAML::Load(scalar.Scalar());
  CHECK(inner.Locate(parsed["address-pools"][0]["name"]) == SourceLocation{"cm.yaml", 5, 13});

  // A quoted scalar has no line-for-line mapping: positions pin to the scalar itself.
  Diagnostics quoted_diagnostics;
  const auto quoted =
      ParseManifestText("q.yaml", "data:\n  config: \"a: [1]\"\n", quoted_diagnostics);
  const YAML::Node quoted_scalar = quoted[0].root["data"]["config"];
  const SourceMap pinned = quoted[0].source.Embedded(quoted_scalar);
  CHECK(pinned.Locate(YAML::Load(quoted_scalar.Scalar())["a"]) == SourceLocation{"q.yaml", 2, 11});
}

TEST_CASE("files, directories and loops", "[manifest]") {
  ScratchDir dir;
  dir.Write("b.yaml", "kind: B\n");
  dir.Write("a.yml", "kind: A\n");
  dir.Write("notes.txt", "kind: Ignored\n");
  dir.Write("sub/c.json", "{\"kind\": \"C\"}\n");
  fs::create_directory_symlink(dir.path(), dir.path() / "sub" / "loop");

  Diagnostics diagnostics;
  const auto documents = LoadManifestPaths({dir.path().string()}, diagnostics);
  CHECK_FALSE(diagnostics.HasErrors());
  REQUIRE(documents.size() == 3);
  CHECK(documents[0].root["kind"].Scalar() == "A");
  CHECK(documents[1].root["kind"].Scalar() == "B");
  CHECK(documents[2].root["kind"].Scalar() == "C");
}

TEST_CASE("unreadable paths are classed apart from invalid input", "[manifest]") {
  Diagnostics diagnostics;
  LoadManifestPaths({"/nonexistent/metallab/file.yaml"}, diagnostics);
  CHECK(diagnostics.HasUnreadable());
  CHECK(diagnostics.all()[0].where.file == "/nonexistent/metallab/file.yaml");
}

TEST_CASE("an oversized file is refused without reading it all", "[manifest]") {
  ScratchDir dir;
  const fs::path big = dir.Write("big.yaml", std::string(4096, '#'));
  LoadLimits limits;
  limits.max_file_bytes = 1024;
  Diagnostics diagnostics;
  const auto documents = LoadManifestPaths({big.string()}, diagnostics, limits);
  CHECK(documents.empty());
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(diagnostics.all()[0].message.find("larger than") != std::string::npos);
}

// 1 when loading `path` ends, unreadable, with a "not a regular file" diagnostic; anything else
// (or a hang, which RunInChildWithin turns into nullopt) fails.
std::optional<int> LoadsAsNotRegular(const fs::path& path) {
  return testing::RunInChildWithin(std::chrono::seconds(10), [&] {
    Diagnostics diagnostics;
    LoadManifestPaths({path.string()}, diagnostics);
    const bool named = diagnostics.all().size() == 1 &&
                       diagnostics.all()[0].message == "not a regular file (a named pipe)";
    return diagnostics.HasUnreadable() && named ? 1 : 0;
  });
}

TEST_CASE("a named pipe is refused, not waited on", "[manifest]") {
  ScratchDir dir;
  const fs::path fifo = dir.path() / "pipe.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(LoadsAsNotRegular(fifo) == 1);
}

TEST_CASE("a named pipe inside a directory is refused, not waited on", "[manifest]") {
  ScratchDir dir;
  dir.Write("a.yaml", "kind: A\n");
  REQUIRE(::mkfifo((dir.path() / "b.yaml").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((dir.path() / "ignored.txt").c_str(), 0600) == 0);  // not a manifest name
  CHECK(LoadsAsNotRegular(dir.path()) == 1);
}

TEST_CASE("a device is refused rather than read until a limit", "[manifest]") {
  Diagnostics diagnostics;
  const auto documents = LoadManifestPaths({"/dev/null"}, diagnostics);
  CHECK(documents.empty());
  CHECK(diagnostics.HasUnreadable());
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].message == "not a regular file (a character device)");
}

TEST_CASE("a quoted string the file ends inside is an error, not a value", "[manifest]") {
  for (const char* text : {"name: \"abc\n", "name: 'abc\n", "a: \"x\\\"\n", "a: 'it''s\n"}) {
    INFO(text);
    Diagnostics diagnostics;
    CHECK(ParseManifestText("q.yaml", text, diagnostics).empty());
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].ToString() ==
          "q.yaml:1:" + std::to_string(std::string(text).find_first_of("\"'") + 1) +
              ": YAML syntax error: a quoted string that is never closed");
  }
  Diagnostics fine;
  CHECK(ParseManifestText("q.yaml", "a: 'it''s'\nb: \"x\\\"y\" # \"\nc: [\"d\"]\n", fine).size() ==
        1);
  CHECK(fine.all().empty());
}

TEST_CASE("nesting past the parser's limit names the limit", "[manifest]") {
  Diagnostics diagnostics;
  ParseManifestText("d.yaml",
                    std::string(kMaxYamlNesting + 1, '[') + std::string(kMaxYamlNesting + 1, ']'),
                    diagnostics);
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].message ==
        "YAML nested deeper than 499 levels (mappings and lists inside each other)");
  Diagnostics within;
  ParseManifestText("d.yaml", std::string(kMaxYamlNesting, '[') + std::string(kMaxYamlNesting, ']'),
                    within);
  CHECK_FALSE(within.HasErrors());
}

TEST_CASE("empty documents count against the document limit", "[manifest]") {
  LoadLimits limits;
  limits.max_documents_per_file = 100;
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "---\n";
  Diagnostics diagnostics;
  CHECK(ParseManifestText("e.yaml", text, diagnostics, limits).empty());
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].message == "more than 100 documents in one file");
}

TEST_CASE("YAML nodes are budgeted across the files of one load, before any is built",
          "[manifest]") {
  ScratchDir dir;
  dir.Write("a.yaml",
            "kind: A\nlist: [1, 2, 3]\n");  // a mapping, 2 keys, a value, a list, 3 items: 8
  dir.Write("b.yaml", "kind: B\nlist: [1, 2, 3]\n");
  dir.Write("c.yaml", "kind: C\n");
  LoadLimits limits;
  limits.max_yaml_nodes = 10;
  Diagnostics diagnostics;
  const auto documents = LoadManifestPaths({dir.path().string()}, diagnostics, limits);
  CHECK(documents.size() == 1);  // a.yaml; b.yaml goes past the budget, c.yaml is not parsed
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].message ==
        "more than 10 YAML nodes (scalars, lists, mappings) in one load; split the input");
  CHECK(diagnostics.all()[0].where.file == (dir.path() / "b.yaml").string());

  limits.max_yaml_nodes = 21;
  Diagnostics enough;
  CHECK(LoadManifestPaths({dir.path().string()}, enough, limits).size() == 3);
  CHECK_FALSE(enough.HasErrors());
}

}  // namespace
}  // namespace metallab::manifest
