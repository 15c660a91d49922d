// The live allocations: one compact record per service, found by service key, and for every
// used address the chain of services on it. Records sit in a deque (stable addresses, no
// doubling slack) and are reused through a free list; both lookups are flat hash indexes over
// record handles. Nothing here iterates a hash table, so behaviour never depends on hashing.
#ifndef METALLAB_CORE_ALLOCATOR_ALLOCATION_STORE_H_
#define METALLAB_CORE_ALLOCATOR_ALLOCATION_STORE_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/allocator/flat_index.h"
#include "core/net/ip_address.h"

namespace metallab::allocator {

class AllocationStore {
 public:
  static constexpr uint32_t kNone = 0xffffffffu;

  struct Record {
    std::string service;
    std::array<net::Uint128, 2> address{};  // values; families in v6_mask
    // Next user of address[i], as a user reference (slot * 2 + position), or kNone.
    std::array<uint32_t, 2> next_user{kNone, kNone};
    uint32_t pool = 0;
    uint32_t keys = 0;   // interned (sharing key, backend key)
    uint32_t ports = 0;  // interned port list
    uint8_t address_count = 0;
    uint8_t v6_mask = 0;  // bit i: address[i] is IPv6
    bool live = false;    // false: a free slot awaiting reuse

    net::IpAddress Address(int i) const;
    std::vector<net::IpAddress> Addresses() const;
  };

  std::optional<uint32_t> Find(std::string_view service) const;
  const Record& Get(uint32_t slot) const { return records_[slot]; }

  // Adds the service's record. `newly_used[i]` tells whether address i had no user before.
  uint32_t Add(std::string service, const std::vector<net::IpAddress>& addresses, uint32_t pool,
               uint32_t keys, uint32_t ports, std::array<bool, 2>& newly_used);

  // Removes the record and returns it; `now_unused[i]` tells whether address i lost its last
  // user.
  Record Remove(uint32_t slot, std::array<bool, 2>& now_unused);

  void SetPool(uint32_t slot, uint32_t pool) { records_[slot].pool = pool; }

  // Users of an address, most recent first.
  template <class F>
  void ForEachUser(const net::IpAddress& address, F&& f) const {
    for (uint32_t ref = FirstUserRef(address); ref != kNone;
         ref = records_[ref >> 1].next_user[ref & 1]) {
      f(ref >> 1);
    }
  }
  // The most recent user of an address, if any.
  std::optional<uint32_t> AnyUser(const net::IpAddress& address) const;
  // Whether the address is used by some service other than `slot`.
  bool HasUserOtherThan(const net::IpAddress& address, uint32_t slot) const;
  // Whether `slot` heads the address's chain: one call per used address when walking records.
  bool IsFirstUser(uint32_t slot, int position) const;

  // Live records in slot order.
  template <class F>
  void ForEachRecord(F&& f) const {
    for (uint32_t slot = 0; slot < records_.size(); ++slot) {
      if (records_[slot].live) f(slot, records_[slot]);
    }
  }

  size_t size() const { return by_service_.size(); }

 private:
  uint32_t FirstUserRef(const net::IpAddress& address) const;
  size_t HashOfService(uint32_t slot) const;
  size_t HashOfUser(uint32_t ref) const;

  std::deque<Record> records_;
  std::vector<uint32_t> free_slots_;
  FlatIndex by_service_;  // handle: slot
  FlatIndex by_address_;  // handle: user reference of the chain head
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_ALLOCATION_STORE_H_
