#include "sim/engine/event_queue.h"

#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/engine/simulator.h"

// This test program's global allocator counts allocations and, on request, refuses them as a
// machine out of memory would, to check what cancelling does without allocating.
namespace {
bool g_refuse_allocations = false;
size_t g_allocations = 0;
}  // namespace

// Every unaligned form is replaced, so that no memory from one allocator reaches another's
// delete (AddressSanitizer checks that).
void* operator new(std::size_t size) {
  if (g_refuse_allocations) throw std::bad_alloc();
  ++g_allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }

namespace metallab::sim {
namespace {

// Refuses every allocation while alive.
class NoAllocations {
 public:
  NoAllocations() { g_refuse_allocations = true; }
  NoAllocations(const NoAllocations&) = delete;
  NoAllocations& operator=(const NoAllocations&) = delete;
  ~NoAllocations() { g_refuse_allocations = false; }
};

TEST_CASE("cancelling allocates nothing, compaction included", "[engine]") {
  EventQueue queue;
  std::vector<EventId> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(queue.Push(i, [] {}, {}));
  const size_t before = g_allocations;
  int cancelled = 0;
  try {
    const NoAllocations refuse;
    // 4000 cancellations outnumber the 1000 left: the heap is compacted on the way.
    for (int i = 0; i < 4000; ++i) cancelled += queue.Cancel(ids[i]) ? 1 : 0;
  } catch (const std::bad_alloc&) {
    FAIL("cancelling allocated");
  }
  CHECK(cancelled == 4000);
  CHECK(g_allocations == before);
  CHECK(queue.size() == 1000);
  const auto first = queue.Pop();
  REQUIRE(first);
  CHECK(first->time == 4000);
}

TEST_CASE("slots freed by cancelling are reused most recent first", "[engine]") {
  EventQueue queue;
  const EventId a = queue.Push(1, [] {}, {});
  const EventId b = queue.Push(2, [] {}, {});
  queue.Cancel(a);
  queue.Cancel(b);
  CHECK(queue.Push(3, [] {}, {}).slot == b.slot);
  CHECK(queue.Push(4, [] {}, {}).slot == a.slot);
  CHECK(queue.Push(5, [] {}, {}).slot == 2);
}

TEST_CASE("timers destroyed while std::bad_alloc unwinds cancel cleanly", "[engine]") {
  Simulator simulator;
  bool ran = false;
  bool caught = false;
  try {
    std::vector<std::unique_ptr<Timer>> timers;
    for (int i = 0; i < 3000; ++i) {
      timers.push_back(std::make_unique<Timer>(simulator));
      timers.back()->Arm(Seconds(1), [&ran] { ran = true; });
    }
    // Refused from here until the catch, so the 3000 timers are destroyed, and cancel, while
    // the bad_alloc unwinds and nothing can be allocated; before cancelling was made
    // allocation-free this ended in std::terminate.
    g_refuse_allocations = true;
    timers.push_back(std::make_unique<Timer>(simulator));
  } catch (const std::bad_alloc&) {
    caught = true;
  }
  g_refuse_allocations = false;
  CHECK(caught);
  CHECK(simulator.pending() == 0);
  simulator.Run();
  CHECK_FALSE(ran);
}

}  // namespace
}  // namespace metallab::sim
