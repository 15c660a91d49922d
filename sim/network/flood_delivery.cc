#include "sim/network/flood_delivery.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "sim/engine/trace.h"

namespace metallab::sim {
namespace {

struct Copy {
  Link* link;
  Link::Departure departure;
  uint8_t version;
};

// Shared by the delivery events of one flood; the last one to run frees it.
struct FloodInFlight {
  std::vector<Frame> versions;
  std::vector<uint64_t> digests;
  std::vector<Copy> copies;
};

void DeliverRange(const FloodInFlight& flood, size_t begin, size_t end) {
  for (size_t k = begin; k < end; ++k) {
    const Copy& copy = flood.copies[k];
    copy.link->Arrive(copy.departure, flood.versions[copy.version], flood.digests[copy.version]);
  }
}

}  // namespace

void Flood(Simulator& simulator, TraceTag tag, std::span<const Frame> versions,
           std::span<const FloodEgress> egress) {
  auto flood = std::make_shared<FloodInFlight>();
  flood->versions.assign(versions.begin(), versions.end());
  // A version no egress uses may be left empty.
  for (const Frame& version : versions) {
    flood->digests.push_back(version ? Trace::Digest(*version) : 0);
  }
  flood->copies.reserve(egress.size());
  for (const FloodEgress& out : egress) {
    const auto departure = out.port->Depart(*versions[out.version]);
    if (departure) flood->copies.push_back(Copy{out.port->link(), *departure, out.version});
  }
  // Stable: same-instant copies keep egress order, as one event per copy would run them.
  std::stable_sort(flood->copies.begin(), flood->copies.end(), [](const Copy& a, const Copy& b) {
    return a.departure.arrival < b.departure.arrival;
  });
  const std::vector<Copy>& copies = flood->copies;
  for (size_t begin = 0; begin < copies.size();) {
    size_t end = begin + 1;
    while (end < copies.size() &&
           copies[end].departure.arrival == copies[begin].departure.arrival) {
      ++end;
    }
    simulator.ScheduleAt(
        copies[begin].departure.arrival, [flood, begin, end] { DeliverRange(*flood, begin, end); },
        tag);
    begin = end;
  }
}

}  // namespace metallab::sim
