#include "sim/kubectl/kubectl_command.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

using Changes = MetadataChanges;

template <typename T>
T Parsed(std::string_view line) {
  INFO("line: " << line);
  const auto result = ParseKubectl(line);
  if (const auto* error = std::get_if<KubectlParseError>(&result)) {
    FAIL("refused at word " << error->word << ": " << error->message);
  }
  const auto& command = std::get<KubectlCommand>(result);
  REQUIRE(std::holds_alternative<T>(command));
  return std::get<T>(command);
}

KubectlParseError Refused(std::string_view line) {
  INFO("line: " << line);
  const auto result = ParseKubectl(line);
  if (const auto* command = std::get_if<KubectlCommand>(&result)) {
    FAIL("accepted as " << CommandName(*command));
  }
  return std::get<KubectlParseError>(result);
}

std::string Repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The walkthrough, line by line

TEST_CASE("the walkthrough's apply of MetalLB's manifest", "[kubectl]") {
  const auto apply = Parsed<KubectlApply>(
      "kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.9.3/manifests/"
      "metallb.yaml");
  CHECK(apply.files == std::vector<std::string>{
                           "https://raw.githubusercontent.com/metallb/metallb/v0.9.3/manifests/"
                           "metallb.yaml"});
  CHECK(apply.ns == "default");
}

TEST_CASE("the walkthrough's create deployment", "[kubectl]") {
  const auto create = Parsed<KubectlCreateDeployment>(
      "kubectl create deployment lb-hname-pods --image=sysnet4admin/echo-hname");
  CHECK(create.ns == "default");
  CHECK(create.name == "lb-hname-pods");
  CHECK(create.image == "sysnet4admin/echo-hname");
  CHECK(create.replicas == 1);
  CHECK_FALSE(create.port.has_value());
}

TEST_CASE("the walkthrough's scale", "[kubectl]") {
  const auto scale = Parsed<KubectlScale>("kubectl scale deployment lb-hname-pods --replicas=3");
  CHECK(scale.ns == "default");
  CHECK(scale.kind == "deployments");
  CHECK(scale.name == "lb-hname-pods");
  CHECK(scale.replicas == 3);
}

TEST_CASE("the walkthrough's apply of the Layer 2 configuration", "[kubectl]") {
  const auto apply = Parsed<KubectlApply>("kubectl apply -f metallb-l2config.yaml");
  CHECK(apply.files == std::vector<std::string>{"metallb-l2config.yaml"});
}

TEST_CASE("the walkthrough's expose", "[kubectl]") {
  const auto expose = Parsed<KubectlExpose>(
      "kubectl expose deployment lb-hname-pods --type=LoadBalancer --name=lb-hname-svc "
      "--port=80");
  CHECK(expose.ns == "default");
  CHECK(expose.kind == "deployments");
  CHECK(expose.name == "lb-hname-pods");
  CHECK(expose.service_name == "lb-hname-svc");
  CHECK(expose.type == "LoadBalancer");
  CHECK(expose.port == 80);
  CHECK_FALSE(expose.target_port.has_value());
  CHECK(expose.protocol == "TCP");
  CHECK_FALSE(expose.load_balancer_ip.has_value());
}

TEST_CASE("the walkthrough's get services", "[kubectl]") {
  const auto get = Parsed<KubectlGet>("kubectl get services");
  CHECK(get.ns == "default");
  CHECK_FALSE(get.all_namespaces);
  CHECK(get.resource == "services");
  CHECK(get.names.empty());
  CHECK_FALSE(get.wide);
}

TEST_CASE("each command has its transcript name", "[kubectl]") {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"kubectl apply -f a.yaml", "apply"},
      {"kubectl create deployment d --image=i", "create deployment"},
      {"kubectl scale deployment d --replicas=1", "scale"},
      {"kubectl expose deployment d --port=80", "expose"},
      {"kubectl get pods", "get"},
      {"kubectl delete svc s", "delete"},
      {"kubectl label node n a=b", "label"},
      {"kubectl annotate svc s a=b", "annotate"},
  };
  for (const auto& [line, name] : cases) {
    INFO(line);
    const auto result = ParseKubectl(line);
    REQUIRE(std::holds_alternative<KubectlCommand>(result));
    CHECK(CommandName(std::get<KubectlCommand>(result)) == name);
  }
}

// ---------------------------------------------------------------------------------------------
// Flags, namespaces, aliases and resource/name forms

TEST_CASE("apply takes -f in every pflag spelling, repeatedly", "[kubectl]") {
  const auto apply =
      Parsed<KubectlApply>("kubectl apply -f a.yaml -f=b.yaml --filename=c.yaml --filename d.yaml");
  CHECK(apply.files == std::vector<std::string>{"a.yaml", "b.yaml", "c.yaml", "d.yaml"});
}

TEST_CASE("the namespace can be given in any form, anywhere after kubectl", "[kubectl]") {
  const std::string_view lines[] = {
      "kubectl get pods -n metallb-system",          "kubectl get pods -nmetallb-system",
      "kubectl get pods -n=metallb-system",          "kubectl get pods --namespace=metallb-system",
      "kubectl get pods --namespace metallb-system", "kubectl -n metallb-system get pods",
      "kubectl --namespace=metallb-system get pods", "kubectl get -n metallb-system pods",
  };
  for (std::string_view line : lines) {
    const auto get = Parsed<KubectlGet>(line);
    CHECK(get.ns == "metallb-system");
    CHECK(get.resource == "pods");
    CHECK(get.names.empty());
  }
  CHECK(Parsed<KubectlGet>("kubectl get pods -n a -n b").ns == "b");  // pflag: the last one wins
}

TEST_CASE("the namespace reaches every command", "[kubectl]") {
  CHECK(Parsed<KubectlApply>("kubectl apply -n x -f a").ns == "x");
  CHECK(Parsed<KubectlCreateDeployment>("kubectl create deployment d --image=i -n x").ns == "x");
  CHECK(Parsed<KubectlScale>("kubectl scale deployment d --replicas=1 -n x").ns == "x");
  CHECK(Parsed<KubectlExpose>("kubectl expose deployment d --port=80 -n x").ns == "x");
  CHECK(Parsed<KubectlDelete>("kubectl delete svc s -n x").ns == "x");
  CHECK(Parsed<KubectlLabel>("kubectl label pod p a=b -n x").ns == "x");
  CHECK(Parsed<KubectlAnnotate>("kubectl annotate svc s a=b -n x").ns == "x");
}

TEST_CASE("resource aliases name their canonical resource", "[kubectl]") {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"svc", "services"},
      {"service", "services"},
      {"services", "services"},
      {"SVC", "services"},
      {"po", "pods"},
      {"pod", "pods"},
      {"pods", "pods"},
      {"no", "nodes"},
      {"node", "nodes"},
      {"nodes", "nodes"},
      {"deploy", "deployments"},
      {"deployment", "deployments"},
      {"deployments", "deployments"},
      {"Deployment", "deployments"},
  };
  for (const auto& [alias, resource] : cases) {
    const std::string line = "kubectl get " + std::string(alias);
    CHECK(Parsed<KubectlGet>(line).resource == resource);
  }
}

TEST_CASE("get -o wide in every spelling", "[kubectl]") {
  for (std::string_view line :
       {"kubectl get svc -o wide", "kubectl get svc -owide", "kubectl get svc -o=wide",
        "kubectl get svc --output=wide", "kubectl get svc --output wide"}) {
    INFO(line);
    CHECK(Parsed<KubectlGet>(line).wide);
  }
}

TEST_CASE("get across all namespaces", "[kubectl]") {
  CHECK(Parsed<KubectlGet>("kubectl get pods -A").all_namespaces);
  CHECK(Parsed<KubectlGet>("kubectl get pods --all-namespaces").all_namespaces);
  CHECK(Parsed<KubectlGet>("kubectl get pods --all-namespaces=true").all_namespaces);
  CHECK_FALSE(Parsed<KubectlGet>("kubectl get pods --all-namespaces=false").all_namespaces);
  const auto get = Parsed<KubectlGet>("kubectl get pods -A -o wide");
  CHECK(get.all_namespaces);
  CHECK(get.wide);
}

TEST_CASE("get by name, plain and in resource/name form", "[kubectl]") {
  const auto plain = Parsed<KubectlGet>("kubectl get svc lb-hname-svc lb-ip-svc");
  CHECK(plain.resource == "services");
  CHECK(plain.names == std::vector<std::string>{"lb-hname-svc", "lb-ip-svc"});
  const auto slashed = Parsed<KubectlGet>("kubectl get svc/lb-hname-svc service/lb-ip-svc");
  CHECK(slashed.resource == "services");
  CHECK(slashed.names == std::vector<std::string>{"lb-hname-svc", "lb-ip-svc"});
  const auto nodes = Parsed<KubectlGet>("kubectl get nodes -o wide");
  CHECK(nodes.resource == "nodes");
  CHECK(nodes.wide);
}

TEST_CASE("delete by resource and names, by resource/name, or by file", "[kubectl]") {
  const auto services = Parsed<KubectlDelete>("kubectl delete svc lb-hname-svc lb-ip-svc");
  CHECK(services.resource == "services");
  CHECK(services.names == std::vector<std::string>{"lb-hname-svc", "lb-ip-svc"});
  CHECK(services.files.empty());

  const auto deployment = Parsed<KubectlDelete>("kubectl delete deployment lb-hname-pods");
  CHECK(deployment.resource == "deployments");
  CHECK(deployment.names == std::vector<std::string>{"lb-hname-pods"});

  const auto slashed = Parsed<KubectlDelete>("kubectl delete service/lb-hname-svc");
  CHECK(slashed.resource == "services");
  CHECK(slashed.names == std::vector<std::string>{"lb-hname-svc"});

  const auto file = Parsed<KubectlDelete>("kubectl delete -f metallb-l2config.yaml");
  CHECK(file.resource.empty());
  CHECK(file.names.empty());
  CHECK(file.files == std::vector<std::string>{"metallb-l2config.yaml"});
}

TEST_CASE("label sets and removes keys", "[kubectl]") {
  const auto label = Parsed<KubectlLabel>("kubectl label node w1-k8s key=value other-");
  CHECK(label.ns == "default");
  CHECK(label.resource == "nodes");
  CHECK(label.name == "w1-k8s");
  CHECK(label.changes == Changes{{"key", "value"}, {"other", std::nullopt}});
  CHECK_FALSE(label.overwrite);

  const auto slashed =
      Parsed<KubectlLabel>("kubectl label node/w1-k8s metallb.io/zone=a --overwrite");
  CHECK(slashed.resource == "nodes");
  CHECK(slashed.name == "w1-k8s");
  CHECK(slashed.changes == Changes{{"metallb.io/zone", "a"}});
  CHECK(slashed.overwrite);

  // An empty value is a valid label value.
  CHECK(Parsed<KubectlLabel>("kubectl label pod p c=").changes == Changes{{"c", ""}});
  // "=" wins over a trailing "-", as in kubectl (annotation values are free-form).
  CHECK(Parsed<KubectlAnnotate>("kubectl annotate pod p a=b-").changes == Changes{{"a", "b-"}});
  CHECK_FALSE(Parsed<KubectlLabel>("kubectl label pod p a=b --overwrite=false").overwrite);
}

TEST_CASE("annotate takes free-form values", "[kubectl]") {
  const auto annotate = Parsed<KubectlAnnotate>(
      "kubectl annotate svc lb-hname-svc 'metallb.universe.tf/address-pool=walk through' "
      "old- --overwrite");
  CHECK(annotate.resource == "services");
  CHECK(annotate.name == "lb-hname-svc");
  CHECK(annotate.changes ==
        Changes{{"metallb.universe.tf/address-pool", "walk through"}, {"old", std::nullopt}});
  CHECK(annotate.overwrite);
}

TEST_CASE("create deployment with replicas and a port", "[kubectl]") {
  const auto create = Parsed<KubectlCreateDeployment>(
      "kubectl create deploy lb-ip-pods --image sysnet4admin/echo-ip --replicas=2 --port=8080");
  CHECK(create.name == "lb-ip-pods");
  CHECK(create.image == "sysnet4admin/echo-ip");
  CHECK(create.replicas == 2);
  CHECK(create.port == 8080);
  CHECK(Parsed<KubectlCreateDeployment>("kubectl create deployment d --image=i -r 0").replicas ==
        0);
}

TEST_CASE("scale accepts the deployment aliases and the resource/name form", "[kubectl]") {
  for (std::string_view line : {"kubectl scale deploy lb-hname-pods --replicas=5",
                                "kubectl scale deployments lb-hname-pods --replicas 5",
                                "kubectl scale deployment/lb-hname-pods --replicas=5",
                                "kubectl scale --replicas=5 deploy/lb-hname-pods"}) {
    const auto scale = Parsed<KubectlScale>(line);
    CHECK(scale.kind == "deployments");
    CHECK(scale.name == "lb-hname-pods");
    CHECK(scale.replicas == 5);
  }
  CHECK(Parsed<KubectlScale>("kubectl scale deploy d --replicas=1000").replicas == kMaxReplicas);
}

TEST_CASE("expose with every option", "[kubectl]") {
  const auto expose = Parsed<KubectlExpose>(
      "kubectl expose deployment/lb-ip-pods --type=LoadBalancer --name=lb-ip-svc --port=80 "
      "--target-port=8080 --protocol=UDP --load-balancer-ip=192.168.1.20");
  CHECK(expose.kind == "deployments");
  CHECK(expose.name == "lb-ip-pods");
  CHECK(expose.service_name == "lb-ip-svc");
  CHECK(expose.type == "LoadBalancer");
  CHECK(expose.port == 80);
  CHECK(expose.target_port == "8080");
  CHECK(expose.protocol == "UDP");
  CHECK(expose.load_balancer_ip == "192.168.1.20");
}

TEST_CASE("expose defaults the Service's name and type", "[kubectl]") {
  const auto expose = Parsed<KubectlExpose>("kubectl expose deployment web --port 443");
  CHECK(expose.service_name == "web");
  CHECK(expose.type == "ClusterIP");
  CHECK(expose.port == 443);
  CHECK(Parsed<KubectlExpose>("kubectl expose deployment web --port=80 --type=NodePort").type ==
        "NodePort");
  CHECK(Parsed<KubectlExpose>("kubectl expose deployment web --port=80 --target-port=http")
            .target_port == "http");
}

TEST_CASE("expose drops --load-balancer-ip unless the Service is a LoadBalancer", "[kubectl]") {
  const auto expose = Parsed<KubectlExpose>(
      "kubectl expose deployment web --port=80 --load-balancer-ip=192.168.1.20");
  CHECK(expose.type == "ClusterIP");
  CHECK_FALSE(expose.load_balancer_ip.has_value());
}

TEST_CASE("after -- every word is an argument", "[kubectl]") {
  const auto get = Parsed<KubectlGet>("kubectl get pods -- -odd-name");
  CHECK(get.names == std::vector<std::string>{"-odd-name"});
  CHECK_FALSE(get.wide);
}

// ---------------------------------------------------------------------------------------------
// Words and quoting

TEST_CASE("words split on blanks and keep their byte offsets", "[kubectl][words]") {
  std::string error = "stale";
  const auto words = TokenizeWords("  kubectl\tget  svc ", &error);
  CHECK(error.empty());
  REQUIRE(words.size() == 3);
  CHECK(words[0].text == "kubectl");
  CHECK(words[0].offset == 2);
  CHECK(words[1].text == "get");
  CHECK(words[1].offset == 10);
  CHECK(words[2].text == "svc");
  CHECK(words[2].offset == 15);
}

TEST_CASE("quotes and backslashes follow the shell", "[kubectl][words]") {
  std::string error;
  const auto words =
      TokenizeCommandLine(R"(a 'b c' "d \"e\" \\ \n" f\ g '' "" 'it'"'"'s' x#y "$$"x)", &error);
  // The last word fails: "$" is expansion, which is not supported.
  CHECK_FALSE(error.empty());
  CHECK(words ==
        std::vector<std::string>{"a", "b c", R"(d "e" \ \n)", "f g", "", "", "it's", "x#y"});
  const auto clean =
      TokenizeCommandLine(R"(a 'b c' "d \"e\" \\ \n" f\ g '' "" 'it'"'"'s' x#y)", &error);
  CHECK(error.empty());
  CHECK(clean ==
        std::vector<std::string>{"a", "b c", R"(d "e" \ \n)", "f g", "", "", "it's", "x#y"});
}

TEST_CASE("a word starting with # begins a comment", "[kubectl][words]") {
  std::string error;
  CHECK(TokenizeCommandLine("kubectl get svc # shows the VIP", &error) ==
        std::vector<std::string>{"kubectl", "get", "svc"});
  CHECK(error.empty());
  CHECK(Parsed<KubectlGet>("kubectl get svc   # the VIP 'unbalanced").resource == "services");
}

TEST_CASE("quoted values reach the command unquoted", "[kubectl][words]") {
  const auto create = Parsed<KubectlCreateDeployment>(
      R"(kubectl create deployment "lb-hname-pods" --image='sysnet4admin/echo-hname')");
  CHECK(create.name == "lb-hname-pods");
  CHECK(create.image == "sysnet4admin/echo-hname");
  CHECK(Parsed<KubectlApply>(R"(kubectl apply -f "my config.yaml")").files ==
        std::vector<std::string>{"my config.yaml"});
  CHECK(Parsed<KubectlApply>(R"(kubectl apply -f my\ config.yaml)").files ==
        std::vector<std::string>{"my config.yaml"});
}

TEST_CASE("backslash-newline joins lines", "[kubectl][words]") {
  const auto scale =
      Parsed<KubectlScale>("kubectl scale deployment lb-hname-pods \\\n --replicas=3");
  CHECK(scale.replicas == 3);
}

// ---------------------------------------------------------------------------------------------
// Refusals

struct RefusalCase {
  std::string_view line;
  size_t word;
  std::string_view message;
};

TEST_CASE("every refusal names its word", "[kubectl][errors]") {
  const RefusalCase cases[] = {
      // The line itself
      {"", 0, "empty command line"},
      {"   # only a comment", 0, "empty command line"},
      {"kubeadm init", 0, "expected \"kubectl\", got \"kubeadm\""},
      {"kubectl", 0, "missing the command after \"kubectl\""},
      {"kubectl -n x", 0, "missing the command after \"kubectl\""},
      {"kubectl run web --image=nginx", 1, "unsupported command \"run\""},
      // Flags
      {"kubectl apply -f x.yaml --dry-run=client", 4, "unsupported flag \"--dry-run\""},
      {"kubectl get pods -l app=web", 3, "unsupported flag \"-l\""},
      {"kubectl -o wide get svc", 1, "unsupported flag \"-o\""},
      {"kubectl get pods -Ao wide", 3, "unsupported flag \"-Ao\""},
      {"kubectl apply -f", 2, "flag \"-f\" needs a value"},
      {"kubectl get pods -n", 3, "flag \"-n\" needs a value"},
      {"kubectl get pods --namespace=", 3, "flag \"--namespace\" needs a value"},
      {"kubectl get pods -n ''", 4, "flag \"-n\" needs a value"},
      {"kubectl label node n a=b --overwrite=maybe", 5,
       "--overwrite takes true or false, got \"maybe\""},
      // Resources
      {"kubectl get ingress", 2, "unknown resource type \"ingress\""},
      {"kubectl get", 1, "missing the resource type"},
      {"kubectl get svc,pods", 2,
       "several resource types in one command (\"svc,pods\") are not "
       "supported"},
      {"kubectl get svc svc/a", 3,
       "there is no need to give the resource type apart when \"svc/a\" is in resource/name form"},
      {"kubectl get svc/a pods/b", 3,
       "several resource types in one command are not supported, got \"pods/b\""},
      {"kubectl get svc/a b", 3,
       "arguments in resource/name form must have a single resource and name, got \"b\""},
      {"kubectl get svc/", 2,
       "arguments in resource/name form must have a single resource and name, got \"svc/\""},
      {"kubectl get ingress/a", 2, "unknown resource type \"ingress\""},
      {"kubectl get svc -o yaml", 4,
       "unsupported output format \"yaml\"; only \"wide\" is supported"},
      // apply
      {"kubectl apply", 1, "missing -f"},
      {"kubectl apply -f a.yaml b.yaml", 4, "unexpected argument \"b.yaml\""},
      // create
      {"kubectl create service x", 2, "\"kubectl create\" supports only \"deployment\""},
      {"kubectl create", 1, "\"kubectl create\" supports only \"deployment\""},
      {"kubectl create deployment", 2, "missing the deployment's name"},
      {"kubectl create deployment web", 2, "missing --image"},
      {"kubectl create deployment web --image=a --image=b", 5, "only one --image is supported"},
      {"kubectl create deployment web extra --image=a", 4, "unexpected argument \"extra\""},
      {"kubectl create deployment web --image=a --port=0", 5,
       "--port needs a port number from 1 to 65535, got \"0\""},
      {"kubectl create deployment web --image=a -r two", 6, "-r needs a whole number, got \"two\""},
      // scale
      {"kubectl scale deployment web --replicas=three", 4,
       "--replicas needs a whole number, got \"three\""},
      {"kubectl scale deployment web --replicas three", 5,
       "--replicas needs a whole number, got \"three\""},
      {"kubectl scale deployment web --replicas=-1", 4, "--replicas must be 0 or more, got \"-1\""},
      {"kubectl scale deployment web --replicas=2147483648", 4,
       "--replicas is at most 1000 in a simulation, got \"2147483648\""},
      {"kubectl scale deployment web --replicas=1001", 4,
       "--replicas is at most 1000 in a simulation, got \"1001\""},
      {"kubectl create deployment web --image=nginx --replicas=100000000", 5,
       "--replicas is at most 1000 in a simulation, got \"100000000\""},
      {"kubectl scale deployment web --replicas=1.5", 4,
       "--replicas needs a whole number, got \"1.5\""},
      {"kubectl scale deployment web", 1, "missing --replicas"},
      {"kubectl scale --replicas=1", 1, "missing the resource type and name"},
      {"kubectl scale deployment --replicas=1", 2, "missing a name after \"deployment\""},
      {"kubectl scale deployment/ --replicas=1", 2, "missing a name after \"deployment\""},
      {"kubectl scale statefulset web --replicas=1", 2, "unknown resource type \"statefulset\""},
      {"kubectl scale svc web --replicas=1", 2,
       "\"kubectl scale\" supports only \"deployment\", got \"svc\""},
      {"kubectl scale deployment a b --replicas=1", 4, "unexpected argument \"b\""},
      // expose
      {"kubectl expose deployment web", 1, "missing --port"},
      {"kubectl expose deployment web --port=http", 4,
       "--port needs a port number from 1 to 65535, got \"http\""},
      {"kubectl expose deployment web --port=65536", 4,
       "--port needs a port number from 1 to 65535, got \"65536\""},
      {"kubectl expose deployment web --port=80 --type=loadbalancer", 5,
       "unsupported --type \"loadbalancer\"; use one of ClusterIP, NodePort, LoadBalancer"},
      {"kubectl expose deployment web --port=80 --type ExternalName", 6,
       "unsupported --type \"ExternalName\"; use one of ClusterIP, NodePort, LoadBalancer"},
      {"kubectl expose deployment web --port=80 --protocol=tcp", 5,
       "unsupported --protocol \"tcp\"; use one of TCP, UDP, SCTP"},
      {"kubectl expose pod web --port=80", 2,
       "\"kubectl expose\" supports only \"deployment\", got \"pod\""},
      // delete
      {"kubectl delete", 1, "missing what to delete: a resource and names, or -f"},
      {"kubectl delete svc", 2, "resource(s) were provided, but no name was specified"},
      {"kubectl delete -f a.yaml svc", 4,
       "unexpected argument \"svc\": -f already says what to delete"},
      {"kubectl delete ingress web", 2, "unknown resource type \"ingress\""},
      // label and annotate
      {"kubectl label node w1-k8s", 1, "missing key=value or key-"},
      {"kubectl label node w1-k8s zone", 4,
       "unexpected argument \"zone\": expected key=value or key-"},
      {"kubectl label node w1-k8s other-node zone=a", 4,
       "unexpected argument \"other-node\": expected key=value or key-"},
      {"kubectl label node w1-k8s bad!key=a", 4, "invalid key \"bad!key\""},
      {"kubectl label node w1-k8s =a", 4, "invalid key \"\""},
      {"kubectl label node w1-k8s Bad.Prefix/k=a", 4, "invalid key \"Bad.Prefix/k\""},
      {"kubectl label node w1-k8s 'zone=a b'", 4, "invalid label value \"a b\""},
      {"kubectl label node w1-k8s zone=-a", 4, "invalid label value \"-a\""},
      {"kubectl annotate svc", 2, "missing a name after \"svc\""},
      {"kubectl annotate ingress web a=b", 2, "unknown resource type \"ingress\""},
  };
  for (const RefusalCase& c : cases) {
    INFO("line: " << c.line);
    const KubectlParseError error = Refused(c.line);
    CHECK(error.word == c.word);
    CHECK(error.message == c.message);
    std::string tokenize_error;
    const auto words = TokenizeWords(c.line, &tokenize_error);
    if (c.word < words.size()) CHECK(error.offset == words[c.word].offset);
  }
}

TEST_CASE("a label value may be up to 63 characters, an annotation's any length",
          "[kubectl][errors]") {
  const std::string ok(63, 'v');
  const std::string long_value(64, 'v');
  CHECK(Parsed<KubectlLabel>("kubectl label node n k=" + ok).changes == Changes{{"k", ok}});
  CHECK(Refused("kubectl label node n k=" + long_value).message ==
        "invalid label value \"" + long_value + "\"");
  CHECK(Parsed<KubectlAnnotate>("kubectl annotate node n k=" + long_value).changes ==
        Changes{{"k", long_value}});
}

TEST_CASE("shell refusals point at the word being read", "[kubectl][errors]") {
  const RefusalCase cases[] = {
      {"kubectl get svc 'lb-hname", 3, "unterminated single quote at byte 16"},
      {"kubectl get svc \"lb-hname", 3, "unterminated double quote at byte 16"},
      {"kubectl get svc lb\\", 3, "lone backslash at byte 18"},
      {"kubectl get svc | grep lb", 3, "unsupported shell syntax \"|\" at byte 16"},
      {"kubectl get svc $NAME", 3, "unsupported shell syntax \"$\" at byte 16"},
      {"kubectl get svc \"$NAME\"", 3, "unsupported shell syntax \"$\" at byte 17"},
      {"kubectl get svc > out.txt", 3, "unsupported shell syntax \">\" at byte 16"},
      {"kubectl get svc; kubectl get pods", 2, "unsupported shell syntax \";\" at byte 15"},
      {"kubectl get svc `x`", 3, "unsupported shell syntax \"`\" at byte 16"},
  };
  for (const RefusalCase& c : cases) {
    INFO("line: " << c.line);
    const KubectlParseError error = Refused(c.line);
    CHECK(error.word == c.word);
    CHECK(error.message == c.message);
  }
  // The offset is where the failing word starts, though the word itself was never completed.
  CHECK(Refused("kubectl get svc   'lb").offset == 18);
  CHECK(Refused("kubectl get svc ab'lb").offset == 16);
}

TEST_CASE("the error's offset is its word's column", "[kubectl][errors]") {
  const KubectlParseError error = Refused("kubectl  get   ingress");
  CHECK(error.word == 2);
  CHECK(error.offset == 15);
}

// ---------------------------------------------------------------------------------------------
// Bounds

TEST_CASE("a line longer than 4096 bytes is refused before any work", "[kubectl][bounds]") {
  const std::string line = "kubectl apply -f " + std::string(5000 - 17, 'a');
  REQUIRE(line.size() == 5000);
  const KubectlParseError error = Refused(line);
  CHECK(error.word == 0);
  CHECK(error.offset == 0);
  CHECK(error.message == "the line is 5000 bytes long; at most 4096 are allowed");
  std::string tokenize_error;
  CHECK(TokenizeWords(line, &tokenize_error).empty());
  CHECK(tokenize_error == error.message);
}

TEST_CASE("a line of exactly 4096 bytes is read", "[kubectl][bounds]") {
  const std::string file(4096 - 17, 'a');
  const std::string line = "kubectl apply -f " + file;
  REQUIRE(line.size() == 4096);
  CHECK(Parsed<KubectlApply>(line).files == std::vector<std::string>{file});
}

TEST_CASE("a line of more than 256 words is refused at the 257th", "[kubectl][bounds]") {
  const std::string line = "kubectl get pods" + Repeat(" p", 297);  // 300 words
  const KubectlParseError error = Refused(line);
  CHECK(error.word == 256);
  CHECK(error.offset == 16 + 2 * 253 + 1);  // the 254th " p"
  CHECK(error.message == "more than 256 words");
  std::string tokenize_error;
  CHECK(TokenizeCommandLine(line, &tokenize_error).size() == 256);
  CHECK(tokenize_error == "more than 256 words");
}

TEST_CASE("a line of exactly 256 words is read", "[kubectl][bounds]") {
  const std::string line = "kubectl get pods" + Repeat(" p", 253);
  CHECK(Parsed<KubectlGet>(line).names.size() == 253);
}

TEST_CASE("4096 blanks or quotes never crash the parser", "[kubectl][bounds]") {
  CHECK(Refused(std::string(4096, ' ')).message == "empty command line");
  // An odd number of quotes leaves the last one open; an even number is one empty word.
  CHECK(Refused(std::string(4095, '\'')).message == "unterminated single quote at byte 4094");
  CHECK(Refused(std::string(4096, '"')).message == "expected \"kubectl\", got \"\"");
  CHECK(Refused("kubectl" + Repeat(" ''", 300)).message == "more than 256 words");
}

TEST_CASE("expose's --target-port is a port number or a port name", "[kubectl][errors]") {
  const std::string expose = "kubectl expose deployment web --port=80 ";
  CHECK(Refused(expose + "--target-port=99999999999999999999").message ==
        "--target-port: a target port number is from 1 to 65535, got \"99999999999999999999\"");
  CHECK(Refused(expose + "--target-port 0").word == 6);  // the value's word
  CHECK(Refused(expose + "--target-port=65536").word == 5);
  CHECK(Refused(expose + "--target-port=Web").message ==
        "--target-port: a target port is a number from 1 to 65535 or a port name (at most 15 "
        "lower-case letters, digits and '-', with a letter), got \"Web\"");
  CHECK(Parsed<KubectlExpose>(expose + "--target-port=65535").target_port == "65535");
}

TEST_CASE("a second kubectl in one line is refused, not read as names", "[kubectl][errors]") {
  const KubectlParseError error = Refused("kubectl get pods kubectl get nodes");
  CHECK(error.word == 3);
  CHECK(error.offset == 17);
  CHECK(error.message == "a second \"kubectl\" in one line: one command per step");
  CHECK(Parsed<KubectlLabel>("kubectl label node n app=kubectl").changes ==
        Changes{{"app", "kubectl"}});
}

}  // namespace
}  // namespace metallab::sim
