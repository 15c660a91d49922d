#include "core/allocator/allocation_store.h"

#include <functional>

namespace metallab::allocator {
namespace {

size_t HashService(std::string_view service) {
  return MixBits(std::hash<std::string_view>{}(service));
}

size_t HashAddress(bool v6, net::Uint128 value) {
  const auto low = static_cast<uint64_t>(value);
  const auto high = static_cast<uint64_t>(value >> 64);
  return MixBits(low ^ MixBits(high + (v6 ? 0x9e3779b97f4a7c15ull : 0)));
}

}  // namespace

net::IpAddress AllocationStore::Record::Address(int i) const {
  return net::IpAddress::Of((v6_mask & (1u << i)) ? net::Family::kIPv6 : net::Family::kIPv4,
                            address[i]);
}

std::vector<net::IpAddress> AllocationStore::Record::Addresses() const {
  std::vector<net::IpAddress> out;
  for (int i = 0; i < address_count; ++i) out.push_back(Address(i));
  return out;
}

size_t AllocationStore::HashOfService(uint32_t slot) const {
  return HashService(records_[slot].service);
}

size_t AllocationStore::HashOfUser(uint32_t ref) const {
  const Record& record = records_[ref >> 1];
  const int i = static_cast<int>(ref & 1);
  return HashAddress(record.v6_mask & (1u << i), record.address[i]);
}

std::optional<uint32_t> AllocationStore::Find(std::string_view service) const {
  return by_service_.Find(HashService(service),
                          [&](uint32_t slot) { return records_[slot].service == service; });
}

uint32_t AllocationStore::FirstUserRef(const net::IpAddress& address) const {
  const bool v6 = address.is_v6();
  const auto found = by_address_.Find(HashAddress(v6, address.value()), [&](uint32_t ref) {
    const Record& record = records_[ref >> 1];
    const int i = static_cast<int>(ref & 1);
    return record.address[i] == address.value() && bool(record.v6_mask & (1u << i)) == v6;
  });
  return found ? *found : kNone;
}

std::optional<uint32_t> AllocationStore::AnyUser(const net::IpAddress& address) const {
  const uint32_t ref = FirstUserRef(address);
  if (ref == kNone) return std::nullopt;
  return ref >> 1;
}

bool AllocationStore::HasUserOtherThan(const net::IpAddress& address, uint32_t slot) const {
  for (uint32_t ref = FirstUserRef(address); ref != kNone;
       ref = records_[ref >> 1].next_user[ref & 1]) {
    if ((ref >> 1) != slot) return true;
  }
  return false;
}

bool AllocationStore::IsFirstUser(uint32_t slot, int position) const {
  return FirstUserRef(records_[slot].Address(position)) == slot * 2 + uint32_t(position);
}

uint32_t AllocationStore::Add(std::string service, const std::vector<net::IpAddress>& addresses,
                              uint32_t pool, uint32_t keys, uint32_t ports,
                              std::array<bool, 2>& newly_used) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(records_.size());
    records_.emplace_back();
  }
  Record& record = records_[slot];
  record = Record{};
  record.service = std::move(service);
  record.live = true;
  record.pool = pool;
  record.keys = keys;
  record.ports = ports;
  record.address_count = static_cast<uint8_t>(addresses.size());
  for (size_t i = 0; i < addresses.size() && i < 2; ++i) {
    record.address[i] = addresses[i].value();
    if (addresses[i].is_v6()) record.v6_mask |= static_cast<uint8_t>(1u << i);
  }
  by_service_.Insert(HashService(record.service), slot,
                     [this](uint32_t s) { return HashOfService(s); });

  newly_used = {false, false};
  for (int i = 0; i < record.address_count; ++i) {
    const net::IpAddress address = record.Address(i);
    const uint32_t ref = slot * 2 + uint32_t(i);
    const uint32_t head = FirstUserRef(address);
    record.next_user[i] = head;
    const size_t hash = HashAddress(address.is_v6(), address.value());
    if (head == kNone) {
      newly_used[i] = true;
      by_address_.Insert(hash, ref, [this](uint32_t r) { return HashOfUser(r); });
    } else {
      by_address_.Replace(
          hash, [head](uint32_t r) { return r == head; }, ref);
    }
  }
  return slot;
}

AllocationStore::Record AllocationStore::Remove(uint32_t slot, std::array<bool, 2>& now_unused) {
  Record& record = records_[slot];
  now_unused = {false, false};
  for (int i = 0; i < record.address_count; ++i) {
    const net::IpAddress address = record.Address(i);
    const uint32_t ref = slot * 2 + uint32_t(i);
    const size_t hash = HashAddress(address.is_v6(), address.value());
    const uint32_t head = FirstUserRef(address);
    if (head == ref) {
      const uint32_t next = record.next_user[i];
      if (next == kNone) {
        now_unused[i] = true;
        by_address_.Erase(
            hash, [ref](uint32_t r) { return r == ref; },
            [this](uint32_t r) { return HashOfUser(r); });
      } else {
        by_address_.Replace(
            hash, [ref](uint32_t r) { return r == ref; }, next);
      }
      continue;
    }
    // Unlink from the middle of the chain; chains are as long as the address has sharers.
    for (uint32_t at = head; at != kNone;) {
      Record& holder = records_[at >> 1];
      uint32_t& link = holder.next_user[at & 1];
      if (link == ref) {
        link = record.next_user[i];
        break;
      }
      at = link;
    }
  }
  by_service_.Erase(
      HashService(record.service), [slot](uint32_t s) { return s == slot; },
      [this](uint32_t s) { return HashOfService(s); });
  Record removed = std::move(record);
  record = Record{};
  free_slots_.push_back(slot);
  return removed;
}

}  // namespace metallab::allocator
