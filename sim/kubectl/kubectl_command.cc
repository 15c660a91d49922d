#include "sim/kubectl/kubectl_command.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "core/k8s/names.h"
#include "sim/kubectl/command_line_tokenizer.h"
#include "sim/kubectl/kubectl_flags.h"

namespace metallab::sim {
namespace {

using Failure = std::optional<KubectlParseError>;
using ParseResult = std::variant<KubectlCommand, KubectlParseError>;

// ---------------------------------------------------------------------------------------------
// Arguments

struct ResourceAlias {
  std::string_view alias;
  std::string_view resource;
};

constexpr ResourceAlias kResourceAliases[] = {
    {"services", "services"},
    {"service", "services"},
    {"svc", "services"},
    {"pods", "pods"},
    {"pod", "pods"},
    {"po", "pods"},
    {"nodes", "nodes"},
    {"node", "nodes"},
    {"no", "nodes"},
    {"deployments", "deployments"},
    {"deployment", "deployments"},
    {"deploy", "deployments"},
    // MetalLB v0.14's status objects (a CRD: no short name).
    {"servicel2statuses", "servicel2statuses"},
    {"servicel2status", "servicel2statuses"},
    {"servicel2statuses.metallb.io", "servicel2statuses"},
};

// Resource types are case-insensitive in kubectl ("kubectl get SVC" works).
std::optional<std::string> CanonicalResource(std::string_view typed) {
  std::string lower(typed);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const ResourceAlias& alias : kResourceAliases) {
    if (alias.alias == lower) return std::string(alias.resource);
  }
  return std::nullopt;
}

Failure CheckResource(const ScannedLine& line, std::string_view typed, size_t word,
                      std::string& resource) {
  if (typed.find(',') != std::string_view::npos) {
    return line.Error(
        word, "several resource types in one command (" + Quoted(typed) + ") are not supported");
  }
  std::optional<std::string> canonical = CanonicalResource(typed);
  if (!canonical) return line.Error(word, "unknown resource type " + Quoted(typed));
  resource = std::move(*canonical);
  return std::nullopt;
}

Failure RefuseArgsFrom(const ScannedLine& line, size_t first) {
  if (line.args.size() <= first) return std::nullopt;
  const Arg& extra = line.args[first];
  return line.Error(extra.word, "unexpected argument " + Quoted(extra.text));
}

// One object: "TYPE NAME" or "TYPE/NAME".
struct Target {
  std::string resource;
  std::string name;
  std::string_view typed;  // the type as written, for messages
  size_t type_word = 0;
  size_t next_arg = 0;  // the first argument after the target
};

Failure ParseTarget(const ScannedLine& line, Target& target) {
  if (line.args.empty()) return line.Error(line.verb_word, "missing the resource type and name");
  const Arg& first = line.args[0];
  const size_t slash = first.text.find('/');
  target.type_word = first.word;
  size_t name_word = first.word;
  if (slash != std::string_view::npos) {
    target.typed = first.text.substr(0, slash);
    target.name = first.text.substr(slash + 1);
    target.next_arg = 1;
  } else {
    target.typed = first.text;
    if (line.args.size() < 2) {
      return line.Error(first.word, "missing a name after " + Quoted(first.text));
    }
    target.name = line.args[1].text;
    name_word = line.args[1].word;
    target.next_arg = 2;
  }
  if (auto failure = CheckResource(line, target.typed, first.word, target.resource)) {
    return failure;
  }
  if (target.name.empty()) {
    return line.Error(name_word, "missing a name after " + Quoted(target.typed));
  }
  return std::nullopt;
}

Failure RequireDeployment(const ScannedLine& line, const Target& target) {
  if (target.resource == "deployments") return std::nullopt;
  return line.Error(target.type_word, Quoted("kubectl " + std::string(line.verb->name)) +
                                          " supports only \"deployment\", got " +
                                          Quoted(target.typed));
}

// Several objects of one type: "TYPE [NAME...]" or "TYPE/NAME...".
struct ResourceList {
  std::string resource;
  std::vector<std::string> names;
};

Failure ParseSlashedList(const ScannedLine& line, ResourceList& list) {
  for (const Arg& arg : line.args) {
    const size_t slash = arg.text.find('/');
    if (slash == std::string_view::npos || slash + 1 == arg.text.size()) {
      return line.Error(arg.word,
                        "arguments in resource/name form must have a single resource "
                        "and name, got " +
                            Quoted(arg.text));
    }
    std::string resource;
    if (auto failure = CheckResource(line, arg.text.substr(0, slash), arg.word, resource)) {
      return failure;
    }
    if (!list.resource.empty() && resource != list.resource) {
      return line.Error(arg.word, "several resource types in one command are not supported, got " +
                                      Quoted(arg.text));
    }
    list.resource = std::move(resource);
    list.names.emplace_back(arg.text.substr(slash + 1));
  }
  return std::nullopt;
}

Failure ParseResourceList(const ScannedLine& line, ResourceList& list) {
  if (line.args.empty()) return line.Error(line.verb_word, "missing the resource type");
  const Arg& first = line.args[0];
  if (first.text.find('/') != std::string_view::npos) return ParseSlashedList(line, list);
  if (auto failure = CheckResource(line, first.text, first.word, list.resource)) return failure;
  for (size_t i = 1; i < line.args.size(); ++i) {
    const Arg& arg = line.args[i];
    if (arg.text.find('/') != std::string_view::npos) {
      return line.Error(arg.word, "there is no need to give the resource type apart when " +
                                      Quoted(arg.text) + " is in resource/name form");
    }
    if (arg.text.empty()) return line.Error(arg.word, "empty name");
    list.names.emplace_back(arg.text);
  }
  return std::nullopt;
}

// Digits only; large values saturate just past INT32_MAX so that callers can say "too large".
std::optional<int64_t> ParseDigits(std::string_view text) {
  constexpr int64_t kCap = int64_t{INT32_MAX} + 1;
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min(kCap, value * 10 + (c - '0'));
  }
  return value;
}

Failure ParseReplicas(const ScannedLine& line, const FlagValue& flag, int& replicas) {
  const std::string spelled(flag.spelled);
  const std::string_view text = flag.value;
  if (text.starts_with('-') && ParseDigits(text.substr(1))) {
    return line.Error(flag.word, spelled + " must be 0 or more, got " + Quoted(text));
  }
  const std::optional<int64_t> number = ParseDigits(text);
  if (!number) return line.Error(flag.word, spelled + " needs a whole number, got " + Quoted(text));
  if (*number > kMaxReplicas) {
    return line.Error(flag.word, spelled + " is at most " + std::to_string(kMaxReplicas) +
                                     " in a simulation, got " + Quoted(text));
  }
  replicas = static_cast<int>(*number);
  return std::nullopt;
}

Failure ParsePort(const ScannedLine& line, const FlagValue& flag, int& port) {
  const std::optional<int64_t> number = ParseDigits(flag.value);
  if (!number || *number < 1 || *number > 65535) {
    return line.Error(flag.word, std::string(flag.spelled) +
                                     " needs a port number from 1 to 65535, got " +
                                     Quoted(flag.value));
  }
  port = static_cast<int>(*number);
  return std::nullopt;
}

Failure CheckOneOf(const ScannedLine& line, const FlagValue& flag,
                   std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), flag.value) != allowed.end()) return std::nullopt;
  std::string choices;
  for (std::string_view choice : allowed) {
    choices += (choices.empty() ? "" : ", ") + std::string(choice);
  }
  return line.Error(flag.word, "unsupported " + std::string(flag.spelled) + " " +
                                   Quoted(flag.value) + "; use one of " + choices);
}

// ---------------------------------------------------------------------------------------------
// Label and annotation changes (the key and value rules are core/k8s/names.h)

// "key=value" sets, "key-" removes; kubectl reads a word with "=" as a set even if it ends in "-".
Failure ParseChange(const ScannedLine& line, const Arg& arg, bool is_label,
                    MetadataChanges& changes) {
  const size_t equals = arg.text.find('=');
  std::string_view key;
  std::optional<std::string_view> value;
  if (equals != std::string_view::npos) {
    key = arg.text.substr(0, equals);
    value = arg.text.substr(equals + 1);
  } else if (arg.text.ends_with('-')) {
    key = arg.text.substr(0, arg.text.size() - 1);
  } else {
    return line.Error(arg.word,
                      "unexpected argument " + Quoted(arg.text) + ": expected key=value or key-");
  }
  if (!k8s::IsQualifiedName(key)) return line.Error(arg.word, "invalid key " + Quoted(key));
  if (is_label && value && !k8s::IsLabelValue(*value)) {
    return line.Error(arg.word, "invalid label value " + Quoted(*value));
  }
  changes.emplace_back(std::string(key), value ? std::optional<std::string>(*value) : std::nullopt);
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Commands

ParseResult BuildApply(const ScannedLine& line) {
  if (auto failure = RefuseArgsFrom(line, 0)) return *failure;
  KubectlApply apply{.files = line.All(Flag::kFilename), .ns = line.ns};
  if (apply.files.empty()) return line.Error(line.verb_word, "missing -f");
  return KubectlCommand(std::move(apply));
}

Failure CheckOneImage(const ScannedLine& line) {
  size_t seen = 0;
  for (const FlagValue& flag : line.flags) {
    if (flag.flag == Flag::kImage && ++seen > 1) {
      return line.Error(flag.word, "only one --image is supported");
    }
  }
  return seen == 0 ? line.Error(line.args[0].word, "missing --image") : Failure();
}

ParseResult BuildCreate(const ScannedLine& line) {
  // "deploy" is the alias kubectl gives "create deployment".
  if (line.args.empty() || (line.args[0].text != "deployment" && line.args[0].text != "deploy")) {
    return line.Error(line.args.empty() ? line.verb_word : line.args[0].word,
                      "\"kubectl create\" supports only \"deployment\"");
  }
  if (line.args.size() < 2 || line.args[1].text.empty()) {
    return line.Error(line.args.size() < 2 ? line.args[0].word : line.args[1].word,
                      "missing the deployment's name");
  }
  if (auto failure = RefuseArgsFrom(line, 2)) return *failure;
  if (auto failure = CheckOneImage(line)) return *failure;
  KubectlCreateDeployment create;
  create.ns = line.ns;
  create.name = line.args[1].text;
  create.image = line.Last(Flag::kImage)->value;
  if (const FlagValue* replicas = line.Last(Flag::kReplicas)) {
    if (auto failure = ParseReplicas(line, *replicas, create.replicas)) return *failure;
  }
  if (const FlagValue* port = line.Last(Flag::kPort)) {
    int number = 0;
    if (auto failure = ParsePort(line, *port, number)) return *failure;
    create.port = number;
  }
  return KubectlCommand(std::move(create));
}

ParseResult BuildScale(const ScannedLine& line) {
  Target target;
  if (auto failure = ParseTarget(line, target)) return *failure;
  if (auto failure = RequireDeployment(line, target)) return *failure;
  if (auto failure = RefuseArgsFrom(line, target.next_arg)) return *failure;
  const FlagValue* replicas = line.Last(Flag::kReplicas);
  if (replicas == nullptr) return line.Error(line.verb_word, "missing --replicas");
  KubectlScale scale{.ns = line.ns, .kind = target.resource, .name = target.name};
  if (auto failure = ParseReplicas(line, *replicas, scale.replicas)) return *failure;
  return KubectlCommand(std::move(scale));
}

// --type and --protocol as the API server accepts them: exact case.
Failure ReadExposeOptions(const ScannedLine& line, KubectlExpose& expose) {
  if (const FlagValue* type = line.Last(Flag::kType)) {
    if (auto failure = CheckOneOf(line, *type, {"ClusterIP", "NodePort", "LoadBalancer"})) {
      return failure;
    }
    expose.type = type->value;
  }
  if (const FlagValue* protocol = line.Last(Flag::kProtocol)) {
    if (auto failure = CheckOneOf(line, *protocol, {"TCP", "UDP", "SCTP"})) return failure;
    expose.protocol = protocol->value;
  }
  if (const FlagValue* name = line.Last(Flag::kName)) expose.service_name = name->value;
  if (const FlagValue* target_port = line.Last(Flag::kTargetPort)) {
    if (const auto problem = k8s::TargetPortProblem(target_port->value)) {
      return line.Error(target_port->word, std::string(target_port->spelled) + ": " + *problem);
    }
    expose.target_port = std::string(target_port->value);
  }
  // kubectl sets loadBalancerIP only on a LoadBalancer Service and drops it otherwise.
  const FlagValue* ip = line.Last(Flag::kLoadBalancerIp);
  if (ip != nullptr && expose.type == "LoadBalancer") {
    expose.load_balancer_ip = std::string(ip->value);
  }
  return std::nullopt;
}

ParseResult BuildExpose(const ScannedLine& line) {
  Target target;
  if (auto failure = ParseTarget(line, target)) return *failure;
  if (auto failure = RequireDeployment(line, target)) return *failure;
  if (auto failure = RefuseArgsFrom(line, target.next_arg)) return *failure;
  KubectlExpose expose;
  expose.ns = line.ns;
  expose.kind = target.resource;
  expose.name = target.name;
  expose.service_name = target.name;
  if (auto failure = ReadExposeOptions(line, expose)) return *failure;
  // kubectl would copy the port from the Deployment's pod template; scenarios have none to read.
  const FlagValue* port = line.Last(Flag::kPort);
  if (port == nullptr) return line.Error(line.verb_word, "missing --port");
  if (auto failure = ParsePort(line, *port, expose.port)) return *failure;
  return KubectlCommand(std::move(expose));
}

ParseResult BuildGet(const ScannedLine& line) {
  ResourceList list;
  if (auto failure = ParseResourceList(line, list)) return *failure;
  KubectlGet get{
      .ns = line.ns, .resource = std::move(list.resource), .names = std::move(list.names)};
  if (const FlagValue* output = line.Last(Flag::kOutput)) {
    if (output->value != "wide") {
      return line.Error(output->word, "unsupported output format " + Quoted(output->value) +
                                          "; only \"wide\" is supported");
    }
    get.wide = true;
  }
  const FlagValue* all = line.Last(Flag::kAllNamespaces);
  get.all_namespaces = all != nullptr && all->value == "true";
  return KubectlCommand(std::move(get));
}

ParseResult BuildDelete(const ScannedLine& line) {
  KubectlDelete del;
  del.ns = line.ns;
  del.files = line.All(Flag::kFilename);
  if (!del.files.empty()) {
    if (!line.args.empty()) {
      return line.Error(line.args[0].word, "unexpected argument " + Quoted(line.args[0].text) +
                                               ": -f already says what to delete");
    }
    return KubectlCommand(std::move(del));
  }
  if (line.args.empty()) {
    return line.Error(line.verb_word, "missing what to delete: a resource and names, or -f");
  }
  ResourceList list;
  if (auto failure = ParseResourceList(line, list)) return *failure;
  if (list.names.empty()) {
    return line.Error(line.args[0].word, "resource(s) were provided, but no name was specified");
  }
  del.resource = std::move(list.resource);
  del.names = std::move(list.names);
  return KubectlCommand(std::move(del));
}

template <typename Command>
ParseResult BuildMetadata(const ScannedLine& line, bool is_label) {
  Target target;
  if (auto failure = ParseTarget(line, target)) return *failure;
  Command command;
  command.ns = line.ns;
  command.resource = target.resource;
  command.name = target.name;
  for (size_t i = target.next_arg; i < line.args.size(); ++i) {
    if (auto failure = ParseChange(line, line.args[i], is_label, command.changes)) return *failure;
  }
  if (command.changes.empty()) return line.Error(line.verb_word, "missing key=value or key-");
  const FlagValue* overwrite = line.Last(Flag::kOverwrite);
  command.overwrite = overwrite != nullptr && overwrite->value == "true";
  return KubectlCommand(std::move(command));
}

ParseResult Build(const ScannedLine& line) {
  switch (line.verb->verb) {
    case Verb::kApply:
      return BuildApply(line);
    case Verb::kCreate:
      return BuildCreate(line);
    case Verb::kScale:
      return BuildScale(line);
    case Verb::kExpose:
      return BuildExpose(line);
    case Verb::kGet:
      return BuildGet(line);
    case Verb::kDelete:
      return BuildDelete(line);
    case Verb::kLabel:
      return BuildMetadata<KubectlLabel>(line, true);
    case Verb::kAnnotate:
      return BuildMetadata<KubectlAnnotate>(line, false);
  }
  return line.Error(line.verb_word, "unsupported command");
}

struct NameOf {
  std::string operator()(const KubectlApply&) const { return "apply"; }
  std::string operator()(const KubectlCreateDeployment&) const { return "create deployment"; }
  std::string operator()(const KubectlScale&) const { return "scale"; }
  std::string operator()(const KubectlExpose&) const { return "expose"; }
  std::string operator()(const KubectlGet&) const { return "get"; }
  std::string operator()(const KubectlDelete&) const { return "delete"; }
  std::string operator()(const KubectlLabel&) const { return "label"; }
  std::string operator()(const KubectlAnnotate&) const { return "annotate"; }
};

}  // namespace

std::variant<KubectlCommand, KubectlParseError> ParseKubectl(std::string_view line) {
  std::vector<Word> words;
  if (auto failure = TokenizeLine(line, words)) return *failure;
  if (words.empty()) return KubectlParseError{0, "empty command line", 0};
  if (words[0].text != "kubectl") {
    return KubectlParseError{0, "expected \"kubectl\", got " + Quoted(words[0].text),
                             words[0].offset};
  }
  // "kubectl get pods kubectl get nodes" (two lines a YAML plain scalar folded into one) would
  // read the second command as pod names and print nothing about it.
  for (size_t k = 1; k < words.size(); ++k) {
    if (words[k].text == "kubectl") {
      return KubectlParseError{k, "a second \"kubectl\" in one line: one command per step",
                               words[k].offset};
    }
  }
  ScannedLine scanned(words);
  if (auto failure = Scan(scanned)) return *failure;
  return Build(scanned);
}

std::string CommandName(const KubectlCommand& command) { return std::visit(NameOf{}, command); }

}  // namespace metallab::sim
