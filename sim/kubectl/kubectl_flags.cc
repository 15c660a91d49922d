#include "sim/kubectl/kubectl_flags.h"

#include <initializer_list>

namespace metallab::sim {
namespace {

using Failure = std::optional<KubectlParseError>;

constexpr FlagSpec kGlobalFlags[] = {{Flag::kNamespace, "namespace", 'n', true}};
constexpr FlagSpec kApplyFlags[] = {{Flag::kFilename, "filename", 'f', true}};
constexpr FlagSpec kCreateFlags[] = {{Flag::kImage, "image", '\0', true},
                                     {Flag::kReplicas, "replicas", 'r', true},
                                     {Flag::kPort, "port", '\0', true}};
constexpr FlagSpec kScaleFlags[] = {{Flag::kReplicas, "replicas", '\0', true}};
constexpr FlagSpec kExposeFlags[] = {{Flag::kPort, "port", '\0', true},
                                     {Flag::kName, "name", '\0', true},
                                     {Flag::kType, "type", '\0', true},
                                     {Flag::kTargetPort, "target-port", '\0', true},
                                     {Flag::kProtocol, "protocol", '\0', true},
                                     {Flag::kLoadBalancerIp, "load-balancer-ip", '\0', true}};
constexpr FlagSpec kGetFlags[] = {{Flag::kOutput, "output", 'o', true},
                                  {Flag::kAllNamespaces, "all-namespaces", 'A', false}};
constexpr FlagSpec kDeleteFlags[] = {{Flag::kFilename, "filename", 'f', true}};
constexpr FlagSpec kMetadataFlags[] = {{Flag::kOverwrite, "overwrite", '\0', false}};

constexpr VerbSpec kVerbs[] = {
    {"apply", Verb::kApply, kApplyFlags},    {"create", Verb::kCreate, kCreateFlags},
    {"scale", Verb::kScale, kScaleFlags},    {"expose", Verb::kExpose, kExposeFlags},
    {"get", Verb::kGet, kGetFlags},          {"delete", Verb::kDelete, kDeleteFlags},
    {"label", Verb::kLabel, kMetadataFlags}, {"annotate", Verb::kAnnotate, kMetadataFlags},
};

const VerbSpec* FindVerb(std::string_view name) {
  for (const VerbSpec& spec : kVerbs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// A flag word split like pflag does: "--name=value", "--name", "-n", "-nvalue", "-n=value".
struct FlagWord {
  std::string_view spelled;  // "--port", "-n": what messages call the flag
  std::optional<std::string_view> inline_value;
  bool is_short = false;
};

FlagWord SplitFlagWord(std::string_view word) {
  if (word.starts_with("--")) {
    const size_t equals = word.find('=');
    if (equals == std::string_view::npos) return {word, std::nullopt, false};
    return {word.substr(0, equals), word.substr(equals + 1), false};
  }
  std::string_view rest = word.substr(2);
  if (rest.empty()) return {word, std::nullopt, true};
  if (rest.front() == '=') rest.remove_prefix(1);
  return {word.substr(0, 2), rest, true};
}

const FlagSpec* FindFlag(std::span<const FlagSpec> specs, const FlagWord& word) {
  for (const FlagSpec& spec : specs) {
    const bool match = word.is_short ? spec.short_name != '\0' && word.spelled[1] == spec.short_name
                                     : word.spelled.substr(2) == spec.long_name;
    if (match) return &spec;
  }
  return nullptr;
}

// Go's strconv.ParseBool, which pflag uses for --flag=value.
std::optional<bool> ParseGoBool(std::string_view text) {
  for (std::string_view yes : {"1", "t", "T", "true", "TRUE", "True"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"0", "f", "F", "false", "FALSE", "False"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

Failure ReadSwitch(const ScannedLine& line, const FlagWord& word, FlagValue& value) {
  if (!word.inline_value) {
    value.value = "true";
    return std::nullopt;
  }
  // "-Ao": pflag would read two switches; one switch per word keeps this parser small.
  if (word.is_short) {
    return line.Error(value.word, "unsupported flag " + Quoted(line.words[value.word].text));
  }
  const std::optional<bool> on = ParseGoBool(*word.inline_value);
  if (!on) {
    return line.Error(value.word, std::string(word.spelled) + " takes true or false, got " +
                                      Quoted(*word.inline_value));
  }
  value.value = *on ? "true" : "false";
  return std::nullopt;
}

// Reads the flag at words[index], moving index past a value given as the next word.
Failure ScanFlag(ScannedLine& line, size_t& index) {
  const FlagWord word = SplitFlagWord(line.words[index].text);
  const FlagSpec* spec = FindFlag(kGlobalFlags, word);
  if (spec == nullptr && line.verb != nullptr) spec = FindFlag(line.verb->flags, word);
  if (spec == nullptr) return line.Error(index, "unsupported flag " + Quoted(word.spelled));
  FlagValue value{spec->flag, word.spelled, {}, index};
  if (!spec->takes_value) {
    if (auto failure = ReadSwitch(line, word, value)) return failure;
  } else if (word.inline_value) {
    value.value = *word.inline_value;
  } else if (index + 1 < line.words.size()) {
    value.word = ++index;
    value.value = line.words[index].text;
  }
  if (spec->takes_value && value.value.empty()) {
    return line.Error(value.word, "flag " + Quoted(word.spelled) + " needs a value");
  }
  if (spec->flag == Flag::kNamespace) {
    line.ns = value.value;
  } else {
    line.flags.push_back(value);
  }
  return std::nullopt;
}

Failure ScanPositional(ScannedLine& line, size_t index) {
  const std::string_view text = line.words[index].text;
  if (line.verb != nullptr) {
    line.args.push_back(Arg{text, index});
    return std::nullopt;
  }
  line.verb = FindVerb(text);
  if (line.verb == nullptr) return line.Error(index, "unsupported command " + Quoted(text));
  line.verb_word = index;
  return std::nullopt;
}

bool IsFlagWord(std::string_view text) { return text.size() > 1 && text.front() == '-'; }

}  // namespace

std::optional<KubectlParseError> Scan(ScannedLine& line) {
  bool flags_ended = false;  // after "--" every word is positional
  for (size_t index = 1; index < line.words.size(); ++index) {
    const std::string_view text = line.words[index].text;
    Failure failure;
    if (!flags_ended && text == "--") {
      flags_ended = true;
    } else if (!flags_ended && IsFlagWord(text)) {
      failure = ScanFlag(line, index);
    } else {
      failure = ScanPositional(line, index);
    }
    if (failure) return failure;
  }
  if (line.verb == nullptr) return line.Error(0, "missing the command after \"kubectl\"");
  return std::nullopt;
}

}  // namespace metallab::sim
