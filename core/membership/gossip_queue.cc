#include "core/membership/gossip_queue.h"

#include <algorithm>
#include <cmath>

namespace metallab::membership {

int RetransmitLimit(int retransmit_mult, size_t members) {
  const double scale = std::ceil(std::log10(static_cast<double>(members) + 1.0));
  return retransmit_mult * static_cast<int>(scale);
}

void GossipQueue::Queue(const std::string& node, std::vector<uint8_t> message) {
  std::erase_if(items_, [&node](const Item& item) { return item.node == node; });
  items_.push_back(Item{node, std::move(message), 0, next_id_++});
}

std::vector<std::vector<uint8_t>> GossipQueue::Take(size_t overhead, size_t budget, int limit) {
  // memberlist's order: fewest transmits first, then larger messages, then newer ones.
  std::sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) {
    if (a.transmits != b.transmits) return a.transmits < b.transmits;
    if (a.message.size() != b.message.size()) return a.message.size() > b.message.size();
    return a.id > b.id;
  });
  std::vector<std::vector<uint8_t>> taken;
  size_t used = 0;
  for (Item& item : items_) {
    const size_t cost = item.message.size() + overhead;
    if (used + cost > budget) continue;
    used += cost;
    taken.push_back(item.message);
    ++item.transmits;
  }
  std::erase_if(items_, [limit](const Item& item) { return item.transmits >= limit; });
  return taken;
}

}  // namespace metallab::membership
