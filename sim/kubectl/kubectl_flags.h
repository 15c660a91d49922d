// kubectl's flags and verbs as pflag reads them, for the subset scenarios use: a tokenized line
// sorted into its verb, its positional words and its flags ("--name=value", "--name value",
// "-n value", "-nvalue", switches with an optional =true/false), -n/--namespace anywhere.
#ifndef METALLAB_SIM_KUBECTL_KUBECTL_FLAGS_H_
#define METALLAB_SIM_KUBECTL_KUBECTL_FLAGS_H_

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kubectl/command_line_tokenizer.h"

namespace metallab::sim {

enum class Flag {
  kNamespace,
  kFilename,
  kImage,
  kReplicas,
  kPort,
  kName,
  kType,
  kTargetPort,
  kProtocol,
  kLoadBalancerIp,
  kOutput,
  kAllNamespaces,
  kOverwrite,
};

struct FlagSpec {
  Flag flag;
  std::string_view long_name;
  char short_name;  // '\0': long form only
  bool takes_value;
};

enum class Verb { kApply, kCreate, kScale, kExpose, kGet, kDelete, kLabel, kAnnotate };

struct VerbSpec {
  std::string_view name;
  Verb verb;
  std::span<const FlagSpec> flags;
};

struct Arg {
  std::string_view text;
  size_t word;
};

struct FlagValue {
  Flag flag;
  std::string_view spelled;
  std::string_view value;  // "true"/"false" for switches
  size_t word;             // the word holding the value
};

// A line sorted into its verb, its other positional words and its flags.
struct ScannedLine {
  explicit ScannedLine(const std::vector<Word>& line_words) : words(line_words) {}

  const std::vector<Word>& words;
  const VerbSpec* verb = nullptr;
  size_t verb_word = 0;
  std::vector<Arg> args;
  std::vector<FlagValue> flags;  // all but -n, in order
  std::string ns = "default";

  KubectlParseError Error(size_t word, std::string message) const {
    return KubectlParseError{word, std::move(message), words[word].offset};
  }

  // pflag keeps the last of a repeated flag.
  const FlagValue* Last(Flag flag) const {
    const auto found = std::find_if(flags.rbegin(), flags.rend(),
                                    [flag](const FlagValue& value) { return value.flag == flag; });
    return found == flags.rend() ? nullptr : &*found;
  }

  std::vector<std::string> All(Flag flag) const {
    std::vector<std::string> values;
    for (const FlagValue& value : flags) {
      if (value.flag == flag) values.emplace_back(value.value);
    }
    return values;
  }
};

// Finds the verb and reads every flag of `line.words` (after "kubectl"); an unknown verb or
// flag, or a flag without its value, is refused with the word to blame.
std::optional<KubectlParseError> Scan(ScannedLine& line);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_KUBECTL_KUBECTL_FLAGS_H_
