// One frame sent out of many interfaces at once, as a switch floods a broadcast. Each copy
// takes its own link's wire time, jitter and loss exactly as Interface::Send would; copies
// that arrive at the same instant are then delivered by a single engine event, in egress
// order, and the frame is digested for the trace once rather than per copy. On a 1,000-port
// segment this turns a broadcast from 1,000 events into one (bench/README.md).
//
// Ordering is the same as one event per copy: copies sent together were queued back to back,
// so nothing could run between them. Only the shuffled-ties test mode sees a difference: it
// shuffles flood events against other events, not the copies within one.
#ifndef METALLAB_SIM_NETWORK_FLOOD_DELIVERY_H_
#define METALLAB_SIM_NETWORK_FLOOD_DELIVERY_H_

#include <cstdint>
#include <span>

#include "sim/engine/simulator.h"
#include "sim/network/frame.h"
#include "sim/network/interface.h"

namespace metallab::sim {

// An egress interface and which of the flooded frame's versions leaves through it (a switch
// sends a tagged version out of trunk ports and an untagged one out of access ports).
struct FloodEgress {
  Interface* port = nullptr;
  uint8_t version = 0;
};

// Sends `versions[egress[k].version]` out of every `egress[k].port`; versions no egress names
// may be null. `tag` labels the delivery events in the trace.
void Flood(Simulator& simulator, TraceTag tag, std::span<const Frame> versions,
           std::span<const FloodEgress> egress);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_FLOOD_DELIVERY_H_
