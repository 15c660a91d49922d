// bgp_bench: the BGP codec on the traffic a speaker with many Services sends: 10,000 /32
// routes sharing MetalLB's attribute set (ORIGIN, a one-segment AS_PATH, NEXT_HOP, LOCAL_PREF,
// two COMMUNITIES) packed into as few UPDATEs as fit (13). items_per_second is prefixes per
// second, decoded (bgp/decode_update) or packed and encoded (bgp/encode_update).
#include <variant>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/bgp/message.h"
#include "core/bgp/update_builder.h"

namespace metallab::bgp {
namespace {

constexpr size_t kPrefixes = 10000;
constexpr CodecContext kIbgp{.four_octet_as = true, .is_ibgp = true};

std::vector<net::IpPrefix> HostRoutes() {
  std::vector<net::IpPrefix> prefixes;
  prefixes.reserve(kPrefixes);
  const uint32_t first = 0x0a000000;  // 10.0.0.0
  for (uint32_t k = 0; k < kPrefixes; ++k) prefixes.emplace_back(net::IpAddress::V4(first + k), 32);
  return prefixes;
}

PathAttributes MetallbAttributes() {
  PathAttributes attributes;
  attributes.origin = Origin::kIgp;
  attributes.as_path = SequenceOf({64512});
  attributes.next_hop = net::IpAddress::V4(0x0a000005);  // 10.0.0.5
  attributes.local_pref = 100;
  attributes.communities = {MakeCommunity(0, 1234), MakeCommunity(0, 2345)};
  return attributes;
}

void DecodeUpdates(benchmark::State& state) {
  const PackedUpdates packed = PackAnnouncements(MetallbAttributes(), HostRoutes(), kIbgp);
  for (auto _ : state) {
    size_t prefixes = 0;
    for (const std::vector<uint8_t>& bytes : packed.messages) {
      const auto decoded = DecodeMessage(bytes, kIbgp);
      prefixes += std::get<Update>(std::get<DecodedMessage>(decoded).message).nlri.size();
    }
    benchmark::DoNotOptimize(prefixes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPrefixes));
  state.counters["updates"] = static_cast<double>(packed.messages.size());
}
BENCHMARK(DecodeUpdates)->Name("bgp/decode_update");

void EncodeUpdates(benchmark::State& state) {
  const PathAttributes attributes = MetallbAttributes();
  const std::vector<net::IpPrefix> prefixes = HostRoutes();
  for (auto _ : state) {
    const PackedUpdates packed = PackAnnouncements(attributes, prefixes, kIbgp);
    benchmark::DoNotOptimize(packed.messages.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPrefixes));
}
BENCHMARK(EncodeUpdates)->Name("bgp/encode_update");

}  // namespace
}  // namespace metallab::bgp
