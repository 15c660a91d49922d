// Writes frames to a classic pcap file (nanosecond timestamps, LINKTYPE_ETHERNET) with virtual
// time, so a capture of a simulation opens in Wireshark and tshark. Same run, same bytes.
#ifndef METALLAB_SIM_NETWORK_PCAP_WRITER_H_
#define METALLAB_SIM_NETWORK_PCAP_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

class PcapWriter {
 public:
  // Frames are collected in memory; Bytes() is the whole file, SaveTo writes it.
  PcapWriter();

  void Write(SimTime time, const std::vector<uint8_t>& frame);

  const std::vector<uint8_t>& Bytes() const { return bytes_; }
  size_t frames() const { return frames_; }
  // False when the file cannot be written.
  bool SaveTo(const std::string& path) const;

 private:
  void Put32(uint32_t value);
  void Put16(uint16_t value);

  std::vector<uint8_t> bytes_;
  size_t frames_ = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PCAP_WRITER_H_
