#include "sim/network/interface.h"

#include "sim/network/link.h"
#include "sim/network/node.h"
#include "sim/network/pcap_writer.h"

namespace metallab::sim {

Interface::Interface(Node& owner, std::string name, MacAddress mac)
    : owner_(&owner), name_(std::move(name)), mac_(mac) {}

std::string Interface::FullName() const { return owner_->name() + "/" + name_; }

bool Interface::carrier() const { return link_ != nullptr && link_->up() && owner_->powered(); }

void Interface::Capture(const Frame& frame) {
  for (PcapWriter* capture : captures_) capture->Write(owner_->simulator().Now(), *frame);
}

void Interface::Send(Frame frame) {
  if (!carrier()) {
    ++counters_.frames_dropped;
    return;
  }
  ++counters_.frames_sent;
  Capture(frame);
  link_->Transmit(*this, std::move(frame));
}

void Interface::Receive(const Frame& frame) {
  if (!owner_->powered()) {
    ++counters_.frames_dropped;
    return;
  }
  ++counters_.frames_received;
  Capture(frame);
  owner_->HandleFrame(*this, frame);
}

void Interface::OnCarrierChange(bool up) { owner_->OnCarrierChange(*this, up); }

}  // namespace metallab::sim
