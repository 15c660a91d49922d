#include "core/k8s/names.h"

#include <string>

#include <catch2/catch.hpp>

namespace metallab::k8s {
namespace {

TEST_CASE("object names are DNS-1123 subdomains", "[names]") {
  for (const char* name : {"a", "lan", "pool-1", "metallb.io", "a.b-c.d0", "0"}) {
    INFO(name);
    CHECK(IsDnsSubdomain(name));
  }
  for (const char* name :
       {"", "Lan", "-a", "a-", "a..b", "a.-b", "a-.b", ".a", "a.", "a_b", "a b"}) {
    INFO(name);
    CHECK_FALSE(IsDnsSubdomain(name));
  }
  CHECK(IsDnsSubdomain(std::string(253, 'a')));
  CHECK_FALSE(IsDnsSubdomain(std::string(254, 'a')));
}

TEST_CASE("label keys are qualified names, values are names or empty", "[names]") {
  for (const char* key : {"app", "App_1", "a.b", "metallb.io/node", "node.kubernetes.io/x-y"}) {
    INFO(key);
    CHECK(IsQualifiedName(key));
  }
  for (const char* key :
       {"", "/app", "metallb.io/", "Metallb.io/app", "a..b/app", "-app", "app-", "a/b/c"}) {
    INFO(key);
    CHECK_FALSE(IsQualifiedName(key));
  }
  CHECK(IsQualifiedName(std::string(63, 'k')));
  CHECK_FALSE(IsQualifiedName(std::string(64, 'k')));
  CHECK(IsLabelValue(""));
  CHECK(IsLabelValue("v1.2_3-x"));
  CHECK_FALSE(IsLabelValue("-v"));
  CHECK_FALSE(IsLabelValue(std::string(64, 'v')));
}

TEST_CASE("target ports are numbers from 1 to 65535 or port names", "[names]") {
  for (const char* good : {"1", "80", "65535", "http", "web-8080", "a", "abcdefghijklmno"}) {
    INFO(good);
    CHECK_FALSE(TargetPortProblem(good));
  }
  for (const char* bad : {"", "0", "65536", "99999999999999999999", "-1", "+80", "Http", "8080a-",
                          "-a", "a--b", "abcdefghijklmnop", "a_b", "80 ", "123-456"}) {
    INFO(bad);
    CHECK(TargetPortProblem(bad));
  }
  CHECK(TargetPortProblem("99999999999999999999") ==
        "a target port number is from 1 to 65535, got \"99999999999999999999\"");
  CHECK(IsPortName("h2c"));
  CHECK_FALSE(IsPortName("8080"));  // a name needs a letter
}

}  // namespace
}  // namespace metallab::k8s
