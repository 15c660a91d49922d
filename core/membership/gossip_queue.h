// Broadcasts waiting to be gossiped (memberlist's TransmitLimitedQueue). A message about a node
// replaces any older one about the same node; each is sent a limited number of times,
// retransmit_mult × ceil(log10(N + 1)), which is enough for it to reach every member with high
// probability; the least-sent messages go first, so news spreads before repeats.
#ifndef METALLAB_CORE_MEMBERSHIP_GOSSIP_QUEUE_H_
#define METALLAB_CORE_MEMBERSHIP_GOSSIP_QUEUE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace metallab::membership {

// How many times each broadcast is sent in a cluster of `members`.
int RetransmitLimit(int retransmit_mult, size_t members);

class GossipQueue {
 public:
  // Queues `message` about `node`, dropping any queued message about the same node.
  void Queue(const std::string& node, std::vector<uint8_t> message);

  // As many messages as fit in `budget` bytes, each costing its size plus `overhead`; every
  // message returned counts one transmission and leaves the queue after `limit` of them.
  std::vector<std::vector<uint8_t>> Take(size_t overhead, size_t budget, int limit);

  bool Contains(const std::string& node) const {
    for (const Item& item : items_) {
      if (item.node == node) return true;
    }
    return false;
  }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void Clear() { items_.clear(); }

 private:
  struct Item {
    std::string node;
    std::vector<uint8_t> message;
    int transmits = 0;
    uint64_t id = 0;  // newer messages have larger ids
  };

  std::vector<Item> items_;
  uint64_t next_id_ = 0;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_GOSSIP_QUEUE_H_
