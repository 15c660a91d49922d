#include "core/bgp/adj_rib_out.h"

#include <algorithm>
#include <utility>

#include "core/bgp/message_header.h"
#include "core/bgp/update_builder.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {
namespace {

// Withdrawn Routes Length and Total Path Attribute Length, and the longest prefix on the wire
// (an IPv6 /128: length octet and 16 address octets).
constexpr size_t kUpdateLengthFields = 4;
constexpr size_t kLongestPrefix = 17;

// What is stored: the attributes without prefixes of their own.
PathAttributes Stored(const PathAttributes& attributes) {
  PathAttributes stored = attributes;
  if (stored.mp_reach) stored.mp_reach->nlri.clear();
  stored.mp_unreach.reset();
  return stored;
}

// Whether one prefix fits beside the attributes on any session: the encoding is longest either
// with 2-octet AS numbers (AS4_PATH rides along) or with 4-octet ones, and with LOCAL_PREF.
bool LeavesRoomForAPrefix(const PathAttributes& attributes) {
  size_t longest = 0;
  for (const bool four_octet : {false, true}) {
    std::vector<uint8_t> bytes;
    wire::ByteWriter out(bytes);
    EncodePathAttributes(attributes, CodecContext{four_octet, /*is_ibgp=*/true}, out);
    longest = std::max(longest, bytes.size());
  }
  return kHeaderSize + kUpdateLengthFields + longest + kLongestPrefix <= kMaxMessageSize;
}

bool CanCarry(const PathAttributes& attributes, net::Family family) {
  if (family == net::Family::kIPv4) return attributes.next_hop && attributes.next_hop->is_v4();
  return attributes.mp_reach && attributes.mp_reach->family == kIpv6Unicast;
}

bool InFamilies(const net::IpPrefix& prefix, std::span<const AfiSafi> families) {
  return std::find(families.begin(), families.end(), UnicastFamilyOf(prefix.family())) !=
         families.end();
}

void Append(std::vector<std::vector<uint8_t>>& to, std::vector<std::vector<uint8_t>> messages) {
  for (std::vector<uint8_t>& message : messages) to.push_back(std::move(message));
}

}  // namespace

uint32_t AdjRibOut::AttributeSets::Find(const PathAttributes& attributes) {
  for (size_t id = 0; id < slots_.size(); ++id) {
    if (slots_[id].references != 0 && slots_[id].attributes == attributes) {
      return static_cast<uint32_t>(id);
    }
  }
  if (!free_.empty()) {
    const uint32_t id = free_.back();
    free_.pop_back();
    slots_[id].attributes = attributes;
    return id;
  }
  slots_.push_back(Slot{attributes, 0});
  return static_cast<uint32_t>(slots_.size() - 1);
}

void AdjRibOut::AttributeSets::Release(uint32_t id) {
  if (--slots_[id].references != 0) return;
  slots_[id].attributes = {};
  free_.push_back(id);
}

void AdjRibOut::Set(std::map<net::IpPrefix, uint32_t>& table, const net::IpPrefix& prefix,
                    uint32_t id) {
  sets_.Acquire(id);
  const auto [it, inserted] = table.try_emplace(prefix, id);
  if (inserted) return;
  sets_.Release(it->second);
  it->second = id;
}

void AdjRibOut::Erase(std::map<net::IpPrefix, uint32_t>& table, const net::IpPrefix& prefix) {
  const auto it = table.find(prefix);
  if (it == table.end()) return;
  sets_.Release(it->second);
  table.erase(it);
}

size_t AdjRibOut::Announce(std::span<const net::IpPrefix> prefixes,
                           const PathAttributes& attributes) {
  const PathAttributes stored = Stored(attributes);
  const bool fits = LeavesRoomForAPrefix(stored);
  const auto acceptable = [&](const net::IpPrefix& prefix) {
    return fits && CanCarry(stored, prefix.family());
  };
  const size_t accepted =
      static_cast<size_t>(std::count_if(prefixes.begin(), prefixes.end(), acceptable));
  if (accepted == 0) return prefixes.size();
  const uint32_t id = sets_.Find(stored);
  for (const net::IpPrefix& prefix : prefixes) {
    if (!acceptable(prefix)) continue;
    Set(wanted_, prefix, id);
    pending_.insert(prefix);
  }
  return prefixes.size() - accepted;
}

void AdjRibOut::Withdraw(std::span<const net::IpPrefix> prefixes) {
  for (const net::IpPrefix& prefix : prefixes) {
    Erase(wanted_, prefix);
    pending_.insert(prefix);
  }
}

std::vector<std::vector<uint8_t>> AdjRibOut::TakeUpdates(const CodecContext& context,
                                                         std::span<const AfiSafi> families) {
  // Groups in the order their first prefix comes, so the output depends only on the tables.
  std::vector<std::pair<uint32_t, std::vector<net::IpPrefix>>> announce;
  std::map<uint32_t, size_t> group_of;
  std::vector<net::IpPrefix> withdraw;
  for (auto it = pending_.begin(); it != pending_.end();) {
    const net::IpPrefix prefix = *it;
    const auto wanted = wanted_.find(prefix);
    const auto sent = sent_.find(prefix);
    const bool want = wanted != wanted_.end();
    const bool have = sent != sent_.end();
    if (!InFamilies(prefix, families) && (want || have)) {
      ++it;  // waits for a session that speaks its family
      continue;
    }
    it = pending_.erase(it);
    if (want && (!have || sent->second != wanted->second)) {
      const auto [group, added] = group_of.try_emplace(wanted->second, announce.size());
      if (added) announce.emplace_back(wanted->second, std::vector<net::IpPrefix>{});
      announce[group->second].second.push_back(prefix);
      Set(sent_, prefix, wanted->second);
    } else if (!want && have) {
      withdraw.push_back(prefix);
      Erase(sent_, prefix);
    }
  }
  std::vector<std::vector<uint8_t>> messages;
  for (const auto& [id, prefixes] : announce) {
    Append(messages, PackAnnouncements(sets_.Get(id), prefixes, context).messages);
  }
  Append(messages, PackWithdrawals(withdraw, context));
  return messages;
}

void AdjRibOut::ForgetSent() {
  while (!sent_.empty()) Erase(sent_, sent_.begin()->first);
  pending_.clear();
  for (const auto& [prefix, id] : wanted_) pending_.insert(pending_.end(), prefix);
}

void AdjRibOut::Resend(AfiSafi family) {
  for (auto it = sent_.begin(); it != sent_.end();) {
    const net::IpPrefix prefix = it->first;
    ++it;
    if (UnicastFamilyOf(prefix.family()) != family || wanted_.count(prefix) == 0) continue;
    Erase(sent_, prefix);
    pending_.insert(prefix);
  }
}

}  // namespace metallab::bgp
