#include "sim/kubectl/kubectl_table.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

constexpr SimDuration kMinute = Seconds(60);
constexpr SimDuration kHour = 60 * kMinute;
constexpr SimDuration kDay = 24 * kHour;

// Where two texts first differ, so a failing golden comparison says which column slipped.
std::string FirstDifference(const std::string& actual, const std::string& expected) {
  size_t at = 0;
  while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) ++at;
  if (at == actual.size() && at == expected.size()) return "identical";
  const size_t line_start = actual.rfind('\n', at == 0 ? 0 : at - 1);
  const size_t column = line_start == std::string::npos || at == 0 ? at : at - line_start - 1;
  return "first difference at byte " + std::to_string(at) + " (column " + std::to_string(column) +
         ")\nactual:\n" + actual + "expected:\n" + expected;
}

#define CHECK_GOLDEN(actual, expected)                 \
  do {                                                 \
    const std::string actual_text = (actual);          \
    const std::string expected_text = (expected);      \
    INFO(FirstDifference(actual_text, expected_text)); \
    CHECK(actual_text == expected_text);               \
  } while (false)

// The walkthrough's three Services: the API server's own and the two MetalLB announces.
std::vector<ServiceRow> WalkthroughServices() {
  return {
      {.ns = "default",
       .name = "kubernetes",
       .type = "ClusterIP",
       .cluster_ip = "10.96.0.1",
       .external_ip = "<none>",
       .ports = FormatServicePorts({{.port = 443}}),
       .selector = "",
       .age = 3 * kDay + 2 * kHour + 17 * kMinute},
      {.ns = "default",
       .name = "lb-hname-svc",
       .type = "LoadBalancer",
       .cluster_ip = "10.105.210.77",
       .external_ip = "192.168.1.11",
       .ports = FormatServicePorts({{.port = 80, .node_port = 30432}}),
       .selector = "app=lb-hname-pods",
       .age = 5 * kMinute + Seconds(12)},
      {.ns = "default",
       .name = "lb-ip-svc",
       .type = "LoadBalancer",
       .cluster_ip = "10.96.161.50",
       .external_ip = "192.168.1.12",
       .ports = FormatServicePorts({{.port = 80, .node_port = 32170}}),
       .selector = "app=lb-ip-pods",
       .age = Seconds(98)},
  };
}

// ---------------------------------------------------------------------------------------------
// The tabwriter rule

TEST_CASE("columns are the widest cell plus 3, the last one unpadded", "[kubectl][table]") {
  CHECK_GOLDEN(FormatTable({"name", "type", "ip"},
                           {{"kubernetes", "ClusterIP", "10.96.0.1"}, {"a", "LoadBalancer", "x"}}),
               "NAME         TYPE           IP\n"
               "kubernetes   ClusterIP      10.96.0.1\n"
               "a            LoadBalancer   x\n");
}

TEST_CASE("a column is never narrower than 6", "[kubectl][table]") {
  CHECK_GOLDEN(FormatTable({"A", "B", "C"}, {{"x", "yy", "z"}}),
               "A     B     C\n"
               "x     yy    z\n");
}

TEST_CASE("widths count characters, not bytes", "[kubectl][table]") {
  CHECK_GOLDEN(FormatTable({"NAME", "X"}, {{"h\xC3\xA9llo", "1"}}),
               "NAME    X\n"
               "h\xC3\xA9llo   1\n");
}

TEST_CASE("a table without rows is its header and one without headers is empty",
          "[kubectl][table]") {
  CHECK_GOLDEN(FormatTable({"name", "age"}, {}), "NAME   AGE\n");
  CHECK(FormatTable({}, {{"x"}}).empty());
}

TEST_CASE("short rows print empty cells, long rows lose their extra cells", "[kubectl][table]") {
  CHECK_GOLDEN(FormatTable({"NAME", "STATUS", "AGE"}, {{"a"}, {"b", "Ready", "1s", "extra"}}),
               "NAME   STATUS   AGE\n"
               "a               \n"
               "b      Ready    1s\n");
}

// ---------------------------------------------------------------------------------------------
// kubectl get services

TEST_CASE("the walkthrough's kubectl get services, byte for byte", "[kubectl][table]") {
  CHECK_GOLDEN(FormatServices(WalkthroughServices(), false, false),
               "NAME           TYPE           CLUSTER-IP      EXTERNAL-IP    PORT(S)        AGE\n"
               "kubernetes     ClusterIP      10.96.0.1       <none>         443/TCP        3d2h\n"
               "lb-hname-svc   LoadBalancer   10.105.210.77   192.168.1.11   80:30432/TCP   5m12s\n"
               "lb-ip-svc      LoadBalancer   10.96.161.50    192.168.1.12   80:32170/TCP   98s\n");
}

TEST_CASE("kubectl get services -o wide adds the selector", "[kubectl][table]") {
  CHECK_GOLDEN(
      FormatServices(WalkthroughServices(), true, false),
      "NAME           TYPE           CLUSTER-IP      EXTERNAL-IP    PORT(S)        AGE     "
      "SELECTOR\n"
      "kubernetes     ClusterIP      10.96.0.1       <none>         443/TCP        3d2h    <none>\n"
      "lb-hname-svc   LoadBalancer   10.105.210.77   192.168.1.11   80:30432/TCP   5m12s   "
      "app=lb-hname-pods\n"
      "lb-ip-svc      LoadBalancer   10.96.161.50    192.168.1.12   80:32170/TCP   98s     "
      "app=lb-ip-pods\n");
}

TEST_CASE("kubectl get services -A leads with the namespace", "[kubectl][table]") {
  std::vector<ServiceRow> rows = {WalkthroughServices()[0], WalkthroughServices()[1]};
  rows.push_back({.ns = "kube-system",
                  .name = "kube-dns",
                  .type = "ClusterIP",
                  .cluster_ip = "10.96.0.10",
                  .external_ip = "<none>",
                  .ports = FormatServicePorts({{53, 0, "UDP"}, {53, 0, "TCP"}, {9153, 0, "TCP"}}),
                  .selector = "k8s-app=kube-dns",
                  .age = 3 * kDay + 2 * kHour});
  CHECK_GOLDEN(FormatServices(rows, false, true),
               "NAMESPACE     NAME           TYPE           CLUSTER-IP      EXTERNAL-IP    "
               "PORT(S)                  AGE\n"
               "default       kubernetes     ClusterIP      10.96.0.1       <none>         "
               "443/TCP                  3d2h\n"
               "default       lb-hname-svc   LoadBalancer   10.105.210.77   192.168.1.11   "
               "80:30432/TCP             5m12s\n"
               "kube-system   kube-dns       ClusterIP      10.96.0.10      <none>         "
               "53/UDP,53/TCP,9153/TCP   3d2h\n");
}

TEST_CASE("a Service still waiting for MetalLB, with no cluster IP or ports", "[kubectl][table]") {
  const std::vector<ServiceRow> rows = {{.ns = "default",
                                         .name = "web",
                                         .type = "LoadBalancer",
                                         .cluster_ip = "",
                                         .external_ip = "<pending>",
                                         .ports = "",
                                         .selector = "",
                                         .age = Seconds(3)}};
  CHECK_GOLDEN(FormatServices(rows, true, false),
               "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n"
               "web    LoadBalancer   <none>       <pending>     <none>    3s    <none>\n");
}

TEST_CASE("service ports as kubectl joins them", "[kubectl][table]") {
  CHECK(FormatServicePorts({{80, 31234, "TCP"}, {443, 31555, "TCP"}}) ==
        "80:31234/TCP,443:31555/TCP");
  CHECK(FormatServicePorts({{80, 0, "TCP"}}) == "80/TCP");
  CHECK(FormatServicePorts({{53, 30053, "UDP"}, {53, 0, "TCP"}}) == "53:30053/UDP,53/TCP");
  CHECK(FormatServicePorts({}).empty());
}

// ---------------------------------------------------------------------------------------------
// Pods, nodes, deployments

std::vector<PodRow> WalkthroughPods() {
  return {{.ns = "default",
           .name = "lb-hname-pods-79b95c7c7b-5ctfq",
           .ready = "1/1",
           .status = "Running",
           .ip = "172.16.221.129",
           .node = "w1-k8s",
           .restarts = 0,
           .age = 10 * kMinute},
          {.ns = "metallb-system",
           .name = "speaker-v47cg",
           .ready = "0/1",
           .status = "Pending",
           .ip = "",
           .node = "",
           .restarts = 12,
           .age = 47 * kHour + 59 * kMinute}};
}

TEST_CASE("kubectl get pods", "[kubectl][table]") {
  CHECK_GOLDEN(FormatPods(WalkthroughPods(), false, false),
               "NAME                             READY   STATUS    RESTARTS   AGE\n"
               "lb-hname-pods-79b95c7c7b-5ctfq   1/1     Running   0          10m\n"
               "speaker-v47cg                    0/1     Pending   12         47h\n");
}

TEST_CASE("kubectl get pods -A -o wide", "[kubectl][table]") {
  CHECK_GOLDEN(
      FormatPods(WalkthroughPods(), true, true),
      "NAMESPACE        NAME                             READY   STATUS    RESTARTS   AGE   "
      "IP               NODE     NOMINATED NODE   READINESS GATES\n"
      "default          lb-hname-pods-79b95c7c7b-5ctfq   1/1     Running   0          10m   "
      "172.16.221.129   w1-k8s   <none>           <none>\n"
      "metallb-system   speaker-v47cg                    0/1     Pending   12         47h   "
      "<none>           <none>   <none>           <none>\n");
}

std::vector<NodeRow> WalkthroughNodes() {
  return {{.name = "m-k8s",
           .status = "Ready",
           .roles = "master",
           .version = "v1.18.4",
           .internal_ip = "192.168.1.10",
           .os_image = "CentOS Linux 7 (Core)",
           .kernel = "3.10.0-1127.19.1.el7.x86_64",
           .runtime = "docker://1.13.1",
           .age = 3 * kDay + 2 * kHour},
          {.name = "w1-k8s",
           .status = "NotReady",
           .roles = "",
           .version = "v1.18.4",
           .internal_ip = "",
           .os_image = "",
           .kernel = "",
           .runtime = "",
           .age = 3 * kDay + kHour}};
}

TEST_CASE("kubectl get nodes", "[kubectl][table]") {
  CHECK_GOLDEN(FormatNodes(WalkthroughNodes(), false),
               "NAME     STATUS     ROLES    AGE    VERSION\n"
               "m-k8s    Ready      master   3d2h   v1.18.4\n"
               "w1-k8s   NotReady   <none>   3d1h   v1.18.4\n");
}

TEST_CASE("kubectl get nodes -o wide", "[kubectl][table]") {
  CHECK_GOLDEN(FormatNodes(WalkthroughNodes(), true),
               "NAME     STATUS     ROLES    AGE    VERSION   INTERNAL-IP    EXTERNAL-IP   "
               "OS-IMAGE                KERNEL-VERSION                CONTAINER-RUNTIME\n"
               "m-k8s    Ready      master   3d2h   v1.18.4   192.168.1.10   <none>        "
               "CentOS Linux 7 (Core)   3.10.0-1127.19.1.el7.x86_64   docker://1.13.1\n"
               "w1-k8s   NotReady   <none>   3d1h   v1.18.4   <none>         <none>        "
               "<unknown>               <unknown>                     <unknown>\n");
}

std::vector<DeploymentRow> WalkthroughDeployments() {
  return {{.ns = "default",
           .name = "lb-hname-pods",
           .ready = 3,
           .desired = 3,
           .up_to_date = 3,
           .available = 3,
           .age = 5 * kMinute + Seconds(12),
           .containers = "echo-hname",
           .images = "sysnet4admin/echo-hname",
           .selector = "app=lb-hname-pods"},
          {.ns = "default",
           .name = "lb-ip-pods",
           .ready = 1,
           .desired = 3,
           .up_to_date = 3,
           .available = 1,
           .age = Seconds(98),
           .containers = "echo-ip",
           .images = "sysnet4admin/echo-ip",
           .selector = ""}};
}

TEST_CASE("kubectl get deployments", "[kubectl][table]") {
  CHECK_GOLDEN(FormatDeployments(WalkthroughDeployments(), false, false),
               "NAME            READY   UP-TO-DATE   AVAILABLE   AGE\n"
               "lb-hname-pods   3/3     3            3           5m12s\n"
               "lb-ip-pods      1/3     3            1           98s\n");
}

TEST_CASE("kubectl get deployments -A -o wide", "[kubectl][table]") {
  CHECK_GOLDEN(FormatDeployments(WalkthroughDeployments(), true, true),
               "NAMESPACE   NAME            READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   "
               "IMAGES                    SELECTOR\n"
               "default     lb-hname-pods   3/3     3            3           5m12s   echo-hname   "
               "sysnet4admin/echo-hname   app=lb-hname-pods\n"
               "default     lb-ip-pods      1/3     3            1           98s     echo-ip      "
               "sysnet4admin/echo-ip      <none>\n");
}

TEST_CASE("nothing found is reported as kubectl does", "[kubectl][table]") {
  CHECK(NoResourcesFound("default") == "No resources found in default namespace.\n");
  CHECK(NoResourcesFound("metallb-system") == "No resources found in metallb-system namespace.\n");
  CHECK(NoResourcesFound("") == "No resources found\n");
}

// ---------------------------------------------------------------------------------------------
// AGE

TEST_CASE("ages follow apimachinery's HumanDuration at every boundary", "[kubectl][age]") {
  const std::pair<SimDuration, std::string_view> cases[] = {
      {-Seconds(3), "<invalid>"},
      {-Seconds(2), "<invalid>"},
      {-Milliseconds(1999), "0s"},  // truncates to -1 s: clock skew, shown as now
      {-Seconds(1), "0s"},
      {0, "0s"},
      {Milliseconds(999), "0s"},
      {Milliseconds(1999), "1s"},
      {Seconds(59), "59s"},
      {Seconds(60), "60s"},
      {Seconds(119), "119s"},
      {Seconds(120), "2m"},
      {Seconds(121), "2m1s"},
      {9 * kMinute + Seconds(59), "9m59s"},
      {10 * kMinute, "10m"},
      {10 * kMinute + Seconds(59), "10m"},
      {2 * kHour + 59 * kMinute, "179m"},
      {2 * kHour + 59 * kMinute + Seconds(59), "179m"},
      {3 * kHour, "3h"},
      {3 * kHour + kMinute, "3h1m"},
      {7 * kHour + 59 * kMinute, "7h59m"},
      {8 * kHour, "8h"},
      {8 * kHour + 59 * kMinute, "8h"},
      {47 * kHour, "47h"},
      {47 * kHour + 59 * kMinute, "47h"},
      {2 * kDay, "2d"},
      {2 * kDay + kHour, "2d1h"},
      {7 * kDay + 23 * kHour, "7d23h"},
      {7 * kDay + 23 * kHour + 59 * kMinute, "7d23h"},
      {8 * kDay, "8d"},
      {8 * kDay + 23 * kHour, "8d"},
      {729 * kDay, "729d"},
      {729 * kDay + 23 * kHour, "729d"},
      {730 * kDay, "2y"},
      {731 * kDay, "2y1d"},
      {8 * 365 * kDay - kHour, "7y364d"},
      {8 * 365 * kDay, "8y"},
      {8 * 365 * kDay + 100 * kDay, "8y"},
      {100 * 365 * kDay, "100y"},
  };
  for (const auto& [age, text] : cases) {
    INFO("age: " << age << " ns");
    CHECK(FormatAge(age) == text);
  }
}

}  // namespace
}  // namespace metallab::sim

namespace metallab::sim {
namespace {

TEST_CASE("kubectl get servicel2statuses prints MetalLB's printer columns", "[kubectl]") {
  const std::vector<ServiceL2StatusRow> rows = {
      {"metallb-system", "l2-c7986", "w1-k8s", "web", "default", Seconds(6)},
      {"metallb-system", "l2-x2b4q", "w3-k8s", "lb-hname-svc", "default", Seconds(95)}};
  CHECK(FormatServiceL2Statuses(rows, false) ==
        "NAME       ALLOCATED NODE   SERVICE NAME   SERVICE NAMESPACE   AGE\n"
        "l2-c7986   w1-k8s           web            default             6s\n"
        "l2-x2b4q   w3-k8s           lb-hname-svc   default             95s\n");
  CHECK(FormatServiceL2Statuses(rows, true).rfind("NAMESPACE        NAME       ALLOCATED", 0) ==
        0);
}

}  // namespace
}  // namespace metallab::sim
