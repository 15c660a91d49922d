#include "core/config/config_kinds.h"

#include <catch2/catch.hpp>

namespace metallab::config {
namespace {

k8s::ObjectHeader Header(std::string api_version, std::string kind, std::string ns,
                         std::string name) {
  k8s::ObjectHeader header;
  header.api_version = std::move(api_version);
  header.kind = std::move(kind);
  header.ns = std::move(ns);
  header.name = std::move(name);
  return header;
}

TEST_CASE("an unknown metallb.io kind is an error naming the kinds there are", "[config]") {
  const SkipVerdict typo =
      ExplainSkipped(Header("metallb.io/v1beta1", "IPAddressPol", "metallb-system", "a"));
  CHECK(typo.is_error);
  CHECK(typo.message ==
        "kind \"IPAddressPol\" is not a kind of metallb.io (IPAddressPool, L2Advertisement, "
        "BGPAdvertisement, BGPPeer, BFDProfile, Community)");
  CHECK_FALSE(ExplainSkipped(Header("metallb.io/v1beta1", "ServiceL2Status", "metallb-system", "s"))
                  .is_error);
  CHECK_FALSE(ExplainSkipped(Header("apps/v1", "Deployment", "default", "d")).is_error);
}

TEST_CASE("MetalLB's ConfigMap in another namespace is skipped saying so", "[config]") {
  const SkipVerdict elsewhere =
      ExplainSkipped(Header("v1", "ConfigMap", "metalb-system", "config"));
  CHECK_FALSE(elsewhere.is_error);
  CHECK(elsewhere.message ==
        "MetalLB reads the ConfigMap config only in namespace \"metallb-system\" (--namespace), "
        "and this one is in \"metalb-system\"; skipped");
  CHECK(ExplainSkipped(Header("v1", "ConfigMap", "", "config")).message.find("not set") !=
        std::string::npos);
  CHECK(ExplainSkipped(Header("v1", "ConfigMap", "metallb-system", "frr-startup")).message ==
        "not a kind metallab reads; skipped");
}

}  // namespace
}  // namespace metallab::config
