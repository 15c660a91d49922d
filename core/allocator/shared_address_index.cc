#include "core/allocator/shared_address_index.h"

namespace metallab::allocator {

void SharedAddressIndex::Remove(const Group& group, net::Uint128 address) {
  const auto found = groups_.find(group);
  if (found == groups_.end()) return;
  found->second.erase(address);
  if (found->second.empty()) groups_.erase(found);
}

}  // namespace metallab::allocator
