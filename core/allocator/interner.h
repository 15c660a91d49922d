// Reference-counted interning of values that many allocations repeat (port lists, sharing and
// backend keys): each allocation stores a 4-byte id instead of its own copy, and ids compare
// equal exactly when values do.
#ifndef METALLAB_CORE_ALLOCATOR_INTERNER_H_
#define METALLAB_CORE_ALLOCATOR_INTERNER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace metallab::allocator {

template <class T>
class Interner {
 public:
  // The id of `value`, creating it on first use; every Acquire needs a matching Release.
  uint32_t Acquire(const T& value) {
    auto [it, inserted] = ids_.try_emplace(value, 0);
    if (inserted) {
      uint32_t id;
      if (!free_.empty()) {
        id = free_.back();
        free_.pop_back();
        entries_[id] = Entry{it, 0};
      } else {
        id = static_cast<uint32_t>(entries_.size());
        entries_.push_back(Entry{it, 0});
      }
      it->second = id;
    }
    ++entries_[it->second].refs;
    return it->second;
  }

  void Release(uint32_t id) {
    Entry& entry = entries_[id];
    if (--entry.refs > 0) return;
    ids_.erase(entry.it);
    free_.push_back(id);
  }

  // The id of a value already interned, without taking a reference.
  std::optional<uint32_t> Find(const T& value) const {
    const auto it = ids_.find(value);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

  const T& Get(uint32_t id) const { return entries_[id].it->first; }
  size_t size() const { return ids_.size(); }

 private:
  struct Entry {
    typename std::map<T, uint32_t>::iterator it;
    uint32_t refs = 0;
  };

  std::map<T, uint32_t> ids_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_INTERNER_H_
