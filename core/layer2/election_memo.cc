#include "core/layer2/election_memo.h"

#include "core/layer2/owner_election.h"

namespace metallab::layer2 {
namespace {

// An unambiguous encoding: every string carries its length, every list its size.
class KeyWriter {
 public:
  KeyWriter& Text(std::string_view text) {
    key_ += std::to_string(text.size());
    key_ += ':';
    key_ += text;
    return *this;
  }
  KeyWriter& Number(int64_t value) { return Text(std::to_string(value)); }
  KeyWriter& Flag(std::optional<bool> value) { return Number(value ? (*value ? 1 : 0) : 2); }
  KeyWriter& Names(const std::set<std::string>& names) {
    Number(static_cast<int64_t>(names.size()));
    for (const std::string& name : names) Text(name);
    return *this;
  }
  std::string Take() { return std::move(key_); }

 private:
  std::string key_;
};

std::string SharedKey(const ElectionInput& input) {
  KeyWriter key;
  key.Number(static_cast<int64_t>(input.profile)).Flag(input.ignore_exclude_lb);
  key.Number(static_cast<int64_t>(input.nodes.size()));
  for (const ElectionNode& node : input.nodes) {
    key.Text(node.name).Flag(node.network_unavailable);
    key.Number(static_cast<int64_t>(node.labels.size()));
    for (const auto& [label, value] : node.labels) key.Text(label).Text(value);
  }
  key.Flag(input.live_members.has_value());
  if (input.live_members) key.Names(*input.live_members);
  return key.Take();
}

std::string ServiceKey(const ElectionInput& input) {
  KeyWriter key;
  const ElectionService& service = input.service;
  key.Text(service.ns).Text(service.name).Text(service.first_ip);
  key.Number(static_cast<int64_t>(service.traffic_policy)).Flag(service.allow_shared_ip);
  key.Number(static_cast<int64_t>(input.endpoints.size()));
  for (const ElectionEndpoint& endpoint : input.endpoints) {
    key.Text(endpoint.node).Flag(endpoint.ready).Flag(endpoint.serving);
  }
  key.Number(static_cast<int64_t>(input.advertisements.size()));
  for (const ElectionAdvertisement& ad : input.advertisements) {
    key.Flag(ad.nodes.has_value()).Flag(ad.has_service_selectors);
    if (ad.nodes) key.Names(*ad.nodes);
    key.Number(static_cast<int64_t>(ad.preferences.size()));
    for (const ElectionPreference& preference : ad.preferences) {
      key.Number(preference.weight).Names(preference.nodes);
    }
  }
  return key.Take();
}

}  // namespace

ElectionMemo::SharedId ElectionMemo::Intern(const ElectionInput& input) {
  std::string key = SharedKey(input);
  if (const auto found = ids_.find(key); found != ids_.end()) return found->second;
  if (entries_.size() >= max_shared_ && !entries_.empty()) {
    ids_.erase(entries_.front().first);
    entries_.pop_front();
  }
  const SharedId id = next_id_++;
  ids_.emplace(key, id);
  entries_.emplace_back(std::move(key), SharedEntry{id, {}});
  return id;
}

const ElectionVerdict& ElectionMemo::Verdict(SharedId shared, const ElectionInput& input) {
  SharedEntry* entry = Find(shared);
  if (entry == nullptr) {
    // Evicted since it was interned: intern again (its elections start over).
    entry = Find(Intern(input));
  }
  std::string key = ServiceKey(input);
  if (const auto found = entry->verdicts.find(key); found != entry->verdicts.end()) {
    ++hits_;
    return found->second;
  }
  ++misses_;
  ElectionResult result = ElectOwner(input);
  return entry->verdicts
      .emplace(std::move(key), ElectionVerdict{result.outcome, std::move(result.owner)})
      .first->second;
}

ElectionMemo::SharedEntry* ElectionMemo::Find(SharedId id) {
  for (auto& [key, entry] : entries_) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

}  // namespace metallab::layer2
