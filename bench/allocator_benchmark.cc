// allocator_bench: the cost of ONE automatic allocation with N addresses already live, for
// metallab's allocator and for the address-by-address walk MetalLB does.
//
// Method: outside the timed loop, N services are allocated one by one from a fresh pool (so the
// N lowest addresses are taken and the next free address is the (N+1)-th). Each timed
// iteration allocates one extra service and releases it again, so every iteration sees exactly
// N live allocations; the reported time is allocate + release of that one service.
//
// allocator/allocate_fragmented: 2N services are allocated and every other one released, so the
// N live addresses alternate with free ones: the worst case for the used-address intervals
// (one interval per live address) and so for bytes_per_live_allocation.
//
// bytes_per_live_allocation: heap in use (glibc mallinfo2: small chunks including their malloc
// headers, plus mmapped blocks) after the N allocations minus before them, divided by N.
#include <cstdio>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <malloc.h>

#include "bench/reference_walk_allocator.h"
#include "core/allocator/allocator.h"

namespace metallab::bench {
namespace {

using allocator::AllocationRequest;
using allocator::Allocator;
using allocator::ServiceFamily;

size_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

std::string ServiceKey(int64_t i) {
  char name[48];
  std::snprintf(name, sizeof(name), "default/svc-%06lld", static_cast<long long>(i));
  return name;
}

AllocationRequest Request(std::string key, ServiceFamily family) {
  AllocationRequest request;
  request.key = std::move(key);
  request.ns = "default";
  request.family = family;
  request.ports = {allocator::Port{"TCP", 80}};
  return request;
}

void AllocateWithLive(benchmark::State& state, const char* cidr, ServiceFamily family) {
  const int64_t live = state.range(0);
  config::Pool pool;
  pool.name = "bench";
  pool.cidrs = {*net::IpPrefix::Parse(cidr)};
  auto allocator = std::make_unique<Allocator>();
  if (allocator->SetPools({pool})) {
    state.SkipWithError("pool refused");
    return;
  }
  const size_t before = HeapInUse();
  for (int64_t i = 0; i < live; ++i) {
    if (!allocator->Allocate(Request(ServiceKey(i), family)).ok()) {
      state.SkipWithError("setup allocation failed");
      return;
    }
  }
  const size_t after = HeapInUse();

  const AllocationRequest extra = Request("default/extra", family);
  for (auto _ : state) {
    auto result = allocator->Allocate(extra);
    benchmark::DoNotOptimize(result);
    allocator->Unassign(extra.key);
  }
  state.counters["bytes_per_live_allocation"] =
      static_cast<double>(after - before) / static_cast<double>(live);
}

void Allocate(benchmark::State& state) {
  AllocateWithLive(state, "10.0.0.0/12", ServiceFamily::kIPv4);
}

void AllocateIpv6(benchmark::State& state) {
  AllocateWithLive(state, "2001:db8::/64", ServiceFamily::kIPv6);
}

void AllocateFragmented(benchmark::State& state) {
  const int64_t live = state.range(0);
  config::Pool pool;
  pool.name = "bench";
  pool.cidrs = {*net::IpPrefix::Parse("10.0.0.0/12")};
  auto allocator = std::make_unique<Allocator>();
  if (allocator->SetPools({pool})) {
    state.SkipWithError("pool refused");
    return;
  }
  const size_t before = HeapInUse();
  for (int64_t i = 0; i < 2 * live; ++i) {
    if (!allocator->Allocate(Request(ServiceKey(i), ServiceFamily::kIPv4)).ok()) {
      state.SkipWithError("setup allocation failed");
      return;
    }
  }
  for (int64_t i = 1; i < 2 * live; i += 2) allocator->Unassign(ServiceKey(i));
  const size_t after = HeapInUse();

  const AllocationRequest extra = Request("default/extra", ServiceFamily::kIPv4);
  for (auto _ : state) {
    auto result = allocator->Allocate(extra);
    benchmark::DoNotOptimize(result);
    allocator->Unassign(extra.key);
  }
  state.counters["bytes_per_live_allocation"] =
      static_cast<double>(after - before) / static_cast<double>(live);
}

void ReferenceWalk(benchmark::State& state) {
  const int64_t live = state.range(0);
  ReferenceWalkAllocator reference({*net::IpPrefix::Parse("10.0.0.0/12")});
  const size_t before = HeapInUse();
  for (int64_t i = 0; i < live; ++i) reference.Allocate(ServiceKey(i));
  const size_t after = HeapInUse();
  const std::string extra = "default/extra";
  for (auto _ : state) {
    auto address = reference.Allocate(extra);
    benchmark::DoNotOptimize(address);
    reference.Release(extra);
  }
  state.counters["bytes_per_live_allocation"] =
      static_cast<double>(after - before) / static_cast<double>(live);
}

void LiveCounts(benchmark::internal::Benchmark* b) {
  b->ArgName("live");
  for (const int64_t n : {1000, 10000, 60000, 100000}) b->Arg(n);
}

BENCHMARK(Allocate)->Name("allocator/allocate")->Apply(LiveCounts);
BENCHMARK(ReferenceWalk)->Name("allocator/reference_walk")->Apply(LiveCounts);
BENCHMARK(AllocateIpv6)->Name("allocator/allocate_ipv6")->Apply(LiveCounts);
BENCHMARK(AllocateFragmented)->Name("allocator/allocate_fragmented")->Apply(LiveCounts);

}  // namespace
}  // namespace metallab::bench

BENCHMARK_MAIN();
