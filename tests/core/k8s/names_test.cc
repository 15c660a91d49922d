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

}  // namespace
}  // namespace metallab::k8s
