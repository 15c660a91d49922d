#include "sim/network/pcap_writer.h"

#include <fstream>

namespace metallab::sim {
namespace {

constexpr uint32_t kNanosecondMagic = 0xa1b23c4d;  // pcap with nanosecond timestamps
constexpr uint32_t kSnapLength = 65535;
constexpr uint32_t kLinkTypeEthernet = 1;

}  // namespace

PcapWriter::PcapWriter() {
  // Little-endian global header, whatever the host: the file is the same on every machine.
  Put32(kNanosecondMagic);
  Put16(2);  // version 2.4
  Put16(4);
  Put32(0);  // thiszone
  Put32(0);  // sigfigs
  Put32(kSnapLength);
  Put32(kLinkTypeEthernet);
}

void PcapWriter::Put32(uint32_t value) {
  for (int k = 0; k < 4; ++k) bytes_.push_back(static_cast<uint8_t>(value >> (8 * k)));
}

void PcapWriter::Put16(uint16_t value) {
  bytes_.push_back(static_cast<uint8_t>(value));
  bytes_.push_back(static_cast<uint8_t>(value >> 8));
}

void PcapWriter::Write(SimTime time, const std::vector<uint8_t>& frame) {
  const uint64_t ns = time < 0 ? 0 : static_cast<uint64_t>(time);
  const auto captured = static_cast<uint32_t>(std::min<size_t>(frame.size(), kSnapLength));
  Put32(static_cast<uint32_t>(ns / kSecond));
  Put32(static_cast<uint32_t>(ns % kSecond));
  Put32(captured);
  Put32(static_cast<uint32_t>(frame.size()));
  bytes_.insert(bytes_.end(), frame.begin(), frame.begin() + captured);
  ++frames_;
}

bool PcapWriter::SaveTo(const std::string& path) const {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes_.data()),
            static_cast<std::streamsize>(bytes_.size()));
  return static_cast<bool>(out);
}

}  // namespace metallab::sim
