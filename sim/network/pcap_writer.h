// Writes frames to a classic pcap file (nanosecond timestamps, LINKTYPE_ETHERNET) with virtual
// time, so a capture of a simulation opens in Wireshark and tshark. Same run, same bytes.
// Frames may be written ahead of their time (a copy the simulation does not carry, captured at
// its would-be arrival): the file lists them in time order, same-time frames in write order.
#ifndef METALLAB_SIM_NETWORK_PCAP_WRITER_H_
#define METALLAB_SIM_NETWORK_PCAP_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

class PcapWriter {
 public:
  // Frames are collected in memory; Bytes() is the whole file, SaveTo writes it.
  void Write(SimTime time, const std::vector<uint8_t>& frame);

  std::vector<uint8_t> Bytes() const;
  size_t frames() const { return records_.size(); }
  // False when the file cannot be written.
  bool SaveTo(const std::string& path) const;

 private:
  struct Record {
    SimTime time;
    size_t offset;  // into frames_
    uint32_t captured;
    uint32_t length;
  };
  std::vector<Record> records_;
  std::vector<uint8_t> frames_;  // the captured bytes of every record, in write order
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PCAP_WRITER_H_
