#include "sim/network/pcap_writer.h"

#include <algorithm>
#include <fstream>

namespace metallab::sim {
namespace {

constexpr uint32_t kNanosecondMagic = 0xa1b23c4d;  // pcap with nanosecond timestamps
constexpr uint32_t kSnapLength = 65535;
constexpr uint32_t kLinkTypeEthernet = 1;

// Little-endian, whatever the host: the file is the same on every machine.
void Put32(std::vector<uint8_t>& out, uint32_t value) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(value >> (8 * k)));
}

void Put16(std::vector<uint8_t>& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value));
  out.push_back(static_cast<uint8_t>(value >> 8));
}

}  // namespace

void PcapWriter::Write(SimTime time, const std::vector<uint8_t>& frame) {
  const auto captured = static_cast<uint32_t>(std::min<size_t>(frame.size(), kSnapLength));
  records_.push_back(
      Record{time < 0 ? 0 : time, frames_.size(), captured, static_cast<uint32_t>(frame.size())});
  frames_.insert(frames_.end(), frame.begin(), frame.begin() + captured);
}

std::vector<uint8_t> PcapWriter::Bytes() const {
  std::vector<uint8_t> out;
  out.reserve(24 + records_.size() * 16 + frames_.size());
  Put32(out, kNanosecondMagic);
  Put16(out, 2);  // version 2.4
  Put16(out, 4);
  Put32(out, 0);  // thiszone
  Put32(out, 0);  // sigfigs
  Put32(out, kSnapLength);
  Put32(out, kLinkTypeEthernet);
  std::vector<const Record*> order;
  order.reserve(records_.size());
  for (const Record& record : records_) order.push_back(&record);
  std::stable_sort(order.begin(), order.end(),
                   [](const Record* a, const Record* b) { return a->time < b->time; });
  for (const Record* record : order) {
    const auto ns = static_cast<uint64_t>(record->time);
    Put32(out, static_cast<uint32_t>(ns / kSecond));
    Put32(out, static_cast<uint32_t>(ns % kSecond));
    Put32(out, record->captured);
    Put32(out, record->length);
    const auto begin = frames_.begin() + static_cast<std::ptrdiff_t>(record->offset);
    out.insert(out.end(), begin, begin + record->captured);
  }
  return out;
}

bool PcapWriter::SaveTo(const std::string& path) const {
  const std::vector<uint8_t> bytes = Bytes();
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace metallab::sim
