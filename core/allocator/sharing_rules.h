// When two services may hold the same address (MetalLB's sharingOK): both carry the same
// non-empty sharing key and the same backend key. The backend key is what keeps a Local-policy
// service from sharing with anything but Local services selecting exactly the same pods.
#ifndef METALLAB_CORE_ALLOCATOR_SHARING_RULES_H_
#define METALLAB_CORE_ALLOCATOR_SHARING_RULES_H_

#include <compare>
#include <optional>
#include <string>

#include "core/k8s/label_selector.h"

namespace metallab::allocator {

struct SharingKeys {
  std::string sharing;
  std::string backend;

  friend auto operator<=>(const SharingKeys&, const SharingKeys&) = default;
};

// Why a service holding `incoming` keys may not join an address whose users hold `existing`;
// nullopt when it may. These texts never reach an event in MetalLB: Assign reports the conflict
// as "can't change sharing key ..." (see Allocator::Assign); they are kept for explanations.
std::optional<std::string> SharingConflict(const SharingKeys& existing,
                                           const SharingKeys& incoming);

// The backend key of a service: its selector rendered as sorted "k=v,k2=v2" under the Local
// traffic policy, empty under Cluster (Cluster services share regardless of their pods).
std::string BackendKey(bool local_traffic_policy, const k8s::Labels& selector);

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_SHARING_RULES_H_
