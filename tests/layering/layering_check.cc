// Checks the source tree against the layering that docs/architecture.md states, and the CMake
// targets' DEPS against what their sources include (ctest test "layering").
//
//   layering_check --source DIR --rules FILE --layers FILE
//
// --rules is a Markdown file holding one fenced block tagged `layering`; its lines are
//   FOLDER [DEP...]              files in FOLDER may include headers of the DEP folders
//   forbid PATTERN -> PATTERN... files in folders matching the first pattern include none of
//                                the others (whatever else says), tests and benchmarks too
//   external PREFIX PATTERN...   <PREFIX...> headers only in folders matching a pattern
// A pattern is a folder, or a prefix ending in "/*". Every folder of a governed top-level
// directory (core, sim, reports, cli, daemon) needs a line of its own.
// --layers is the file CMake writes while configuring: "KIND TARGET FOLDER [DEP...]" per target,
// KIND being library or program (DEPS must name every folder included, directly) or test
// (a dependency reached through DEPS is enough).
//
// Exit 0 when everything holds, 1 with one line per violation, 2 when an input is unreadable.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kGovernedTops = {"core", "sim", "reports", "cli", "daemon"};
const std::vector<std::string> kScannedTops = {"core",   "sim",   "reports", "cli",
                                               "daemon", "tests", "bench"};

struct ForbidRule {
  std::string from;
  std::vector<std::string> to;
  int line = 0;
};

struct ExternalRule {
  std::string prefix;
  std::vector<std::string> allowed;
};

struct Rules {
  std::map<std::string, std::set<std::string>> allowed;  // folder -> folders it may include
  std::map<std::string, int> line_of;                    // folder -> line in the rules file
  std::vector<ForbidRule> forbidden;
  std::vector<ExternalRule> externals;
};

struct Target {
  std::string kind;
  std::string name;
  std::string folder;
  std::vector<std::string> deps;
};

struct Include {
  std::string file;  // relative to the source root
  int line = 0;
  std::string header;   // as written, without quotes or brackets
  bool system = false;  // <...>
};

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool Matches(const std::string& pattern, const std::string& folder) {
  if (pattern.size() >= 2 && pattern.ends_with("/*")) {
    const std::string prefix = pattern.substr(0, pattern.size() - 1);
    return folder.starts_with(prefix) || folder == pattern.substr(0, pattern.size() - 2);
  }
  return folder == pattern;
}

bool AnyMatches(const std::vector<std::string>& patterns, const std::string& folder) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return Matches(pattern, folder); });
}

std::string TopOf(const std::string& folder) { return folder.substr(0, folder.find('/')); }

bool Governed(const std::string& folder) {
  return std::find(kGovernedTops.begin(), kGovernedTops.end(), TopOf(folder)) !=
         kGovernedTops.end();
}

std::string FolderOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// Reads the `layering` block; nullopt (with a message) when it is missing or malformed.
std::optional<Rules> ReadRules(const fs::path& path, std::ostream& errors) {
  std::ifstream in(path);
  if (!in) {
    errors << path.string() << ": cannot read\n";
    return std::nullopt;
  }
  Rules rules;
  bool inside = false;
  bool seen = false;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!inside) {
      if (line == "```layering") inside = seen = true;
      continue;
    }
    if (line.starts_with("```")) {
      inside = false;
      continue;
    }
    const auto words = Words(line.substr(0, line.find('#')));
    if (words.empty()) continue;
    const std::string where = path.string() + ":" + std::to_string(number) + ": ";
    if (words[0] == "forbid") {
      if (words.size() < 4 || words[2] != "->") {
        errors << where << "expected \"forbid PATTERN -> PATTERN...\"\n";
        return std::nullopt;
      }
      rules.forbidden.push_back({words[1], {words.begin() + 3, words.end()}, number});
    } else if (words[0] == "external") {
      if (words.size() < 3) {
        errors << where << "expected \"external PREFIX PATTERN...\"\n";
        return std::nullopt;
      }
      rules.externals.push_back({words[1], {words.begin() + 2, words.end()}});
    } else {
      if (rules.allowed.count(words[0]) != 0) {
        errors << where << words[0] << " has a line already\n";
        return std::nullopt;
      }
      rules.allowed[words[0]] = {words.begin() + 1, words.end()};
      rules.line_of[words[0]] = number;
    }
  }
  if (!seen) {
    errors << path.string() << ": no ```layering block\n";
    return std::nullopt;
  }
  return rules;
}

std::optional<std::vector<Target>> ReadTargets(const fs::path& path, std::ostream& errors) {
  std::ifstream in(path);
  if (!in) {
    errors << path.string() << ": cannot read (configure the build first)\n";
    return std::nullopt;
  }
  std::vector<Target> targets;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto words = Words(line);
    if (words.empty()) continue;
    if (words.size() < 3 ||
        (words[0] != "library" && words[0] != "program" && words[0] != "test")) {
      errors << path.string() << ":" << number << ": expected \"KIND TARGET FOLDER [DEP...]\"\n";
      return std::nullopt;
    }
    targets.push_back({words[0], words[1], words[2], {words.begin() + 3, words.end()}});
  }
  return targets;
}

// Every #include of every .h and .cc under the scanned top-level directories, in path order.
std::vector<Include> ReadIncludes(const fs::path& root, std::set<std::string>& folders) {
  std::vector<fs::path> files;
  for (const std::string& top : kScannedTops) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto extension = entry.path().extension();
      if (entry.is_regular_file() && (extension == ".h" || extension == ".cc")) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Include> includes;
  for (const fs::path& file : files) {
    const std::string relative = fs::relative(file, root).generic_string();
    folders.insert(FolderOf(relative));
    std::ifstream in(file);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (!line.starts_with("#include ")) continue;
      const auto open = line.find_first_of("\"<", 9);
      if (open == std::string::npos) continue;
      const char close = line[open] == '"' ? '"' : '>';
      const auto end = line.find(close, open + 1);
      if (end == std::string::npos) continue;
      includes.push_back({relative, number, line.substr(open + 1, end - open - 1), close == '>'});
    }
  }
  return includes;
}

class LayeringCheck {
 public:
  LayeringCheck(Rules rules, std::vector<Target> targets, std::string rules_name)
      : rules_(std::move(rules)), rules_name_(std::move(rules_name)) {
    for (Target& target : targets) {
      target_of_folder_[target.folder] = target.name;
      targets_[target.name] = std::move(target);
    }
  }

  void CheckRulesCoverTree(const std::set<std::string>& folders) {
    for (const std::string& folder : folders) {
      if (Governed(folder) && rules_.allowed.count(folder) == 0) {
        Report(folder + " has no line in " + rules_name_ + "'s layering block");
      }
    }
    for (const auto& [folder, line] : rules_.line_of) {
      if (folders.count(folder) == 0) {
        Report(rules_name_ + ":" + std::to_string(line) + ": " + folder +
               " is not a folder of the tree (stale line?)");
      }
    }
  }

  void CheckInclude(const Include& include) {
    const std::string folder = FolderOf(include.file);
    const std::string where = include.file + ":" + std::to_string(include.line) + ": ";
    if (include.system) {
      CheckExternal(include, folder, where);
      return;
    }
    const std::string used = FolderOf(include.header);
    if (used.empty() || used == folder) return;
    for (const ForbidRule& rule : rules_.forbidden) {
      if (Matches(rule.from, folder) && AnyMatches(rule.to, used)) {
        Report(where + "includes " + include.header + ", but " + rules_name_ + ":" +
               std::to_string(rule.line) + " forbids " + rule.from + " to include " + used);
      }
    }
    if (Governed(folder) && Governed(used)) {
      const auto allowed = rules_.allowed.find(folder);
      if (allowed != rules_.allowed.end() && allowed->second.count(used) == 0) {
        Report(where + "includes " + include.header + ", but " + rules_name_ +
               "'s layering does not let " + folder + " use " + used);
      }
    }
    CheckDeps(include, folder, used);
  }

  // Every metallab dependency a governed target declares must be one the rules allow.
  void CheckDeclaredDeps() {
    for (const auto& [name, target] : targets_) {
      if (target.kind == "test" || !Governed(target.folder)) continue;
      const auto allowed = rules_.allowed.find(target.folder);
      if (allowed == rules_.allowed.end()) continue;  // reported by CheckRulesCoverTree
      for (const std::string& dep : target.deps) {
        const auto found = targets_.find(dep);
        if (found == targets_.end()) continue;
        if (allowed->second.count(found->second.folder) == 0) {
          Report("CMake: " + name + " (" + target.folder + ") lists " + dep + " (" +
                 found->second.folder + ") in DEPS, which " + rules_name_ +
                 "'s layering does not allow");
        }
      }
    }
  }

  size_t violations() const { return violations_; }

 private:
  void CheckExternal(const Include& include, const std::string& folder, const std::string& where) {
    for (const ExternalRule& rule : rules_.externals) {
      if (include.header.starts_with(rule.prefix) && !AnyMatches(rule.allowed, folder)) {
        Report(where + "includes <" + include.header + ">, which " + rules_name_ + " keeps to " +
               Joined(rule.allowed));
      }
    }
  }

  void CheckDeps(const Include& include, const std::string& folder, const std::string& used) {
    const auto owner = target_of_folder_.find(folder);
    const auto provider = target_of_folder_.find(used);
    if (owner == target_of_folder_.end() || provider == target_of_folder_.end()) return;
    // A test may share another test folder's header-only fixtures; only code is linked.
    if (targets_.at(provider->second).kind == "test") return;
    const Target& target = targets_.at(owner->second);
    const bool covered = target.kind == "test" ? Reaches(target.name, provider->second)
                                               : Lists(target, provider->second);
    if (!covered) {
      Report("CMake: " + target.name + " (" + folder + ") does not " +
             (target.kind == "test" ? "reach " : "list ") + provider->second + " in DEPS, but " +
             include.file + ":" + std::to_string(include.line) + " includes " + include.header);
    }
  }

  static bool Lists(const Target& target, const std::string& dep) {
    return std::find(target.deps.begin(), target.deps.end(), dep) != target.deps.end();
  }

  bool Reaches(const std::string& from, const std::string& to) const {
    std::vector<std::string> pending = {from};
    std::set<std::string> seen;
    while (!pending.empty()) {
      const std::string name = pending.back();
      pending.pop_back();
      if (name == to) return true;
      if (!seen.insert(name).second) continue;
      const auto found = targets_.find(name);
      if (found == targets_.end()) continue;
      pending.insert(pending.end(), found->second.deps.begin(), found->second.deps.end());
    }
    return false;
  }

  static std::string Joined(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
    return out;
  }

  void Report(const std::string& message) {
    // One line per distinct violation: a header included by many files of a target is listed
    // once per file and line anyway, so nothing needs merging.
    std::cout << message << "\n";
    ++violations_;
  }

  Rules rules_;
  std::string rules_name_;
  std::map<std::string, Target> targets_;
  std::map<std::string, std::string> target_of_folder_;
  size_t violations_ = 0;
};

std::optional<std::string> Flag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::string(argv[i + 1]);
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  const auto source = Flag(argc, argv, "--source");
  const auto rules_path = Flag(argc, argv, "--rules");
  const auto layers_path = Flag(argc, argv, "--layers");
  if (!source || !rules_path || !layers_path || argc != 7) {
    std::cerr << "usage: layering_check --source DIR --rules FILE --layers FILE\n";
    return 2;
  }
  auto rules = ReadRules(*rules_path, std::cerr);
  auto targets = ReadTargets(*layers_path, std::cerr);
  if (!rules || !targets) return 2;
  if (!fs::is_directory(*source)) {
    std::cerr << *source << ": not a directory\n";
    return 2;
  }
  std::set<std::string> folders;
  const std::vector<Include> includes = ReadIncludes(*source, folders);
  const std::string rules_name = fs::path(*rules_path).filename().string();
  LayeringCheck check(std::move(*rules), std::move(*targets), rules_name);
  check.CheckRulesCoverTree(folders);
  for (const Include& include : includes) check.CheckInclude(include);
  check.CheckDeclaredDeps();
  if (check.violations() != 0) {
    std::cout << check.violations() << " layering violations\n";
    return 1;
  }
  std::cout << "layering: " << includes.size() << " includes in " << folders.size()
            << " folders keep to " << rules_name << "\n";
  return 0;
}
