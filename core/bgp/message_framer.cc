#include "core/bgp/message_framer.h"

#include <algorithm>

#include "core/bgp/message_header.h"

namespace metallab::bgp {

FramerOutput MessageFramer::Push(std::span<const uint8_t> bytes) {
  FramerOutput out;
  if (error_) {
    out.error = error_;
    return out;
  }
  if (!partial_.empty()) {
    if (!FillPartial(bytes)) {
      if (error_) out.error = error_;
      return out;
    }
    out.messages.push_back(std::move(partial_));
    partial_.clear();
    expected_ = 0;
  }
  TakeWhole(bytes, out);
  if (!error_ && !bytes.empty()) FillPartial(bytes);
  if (error_ && !out.error) out.error = error_;
  return out;
}

bool MessageFramer::FillPartial(std::span<const uint8_t>& bytes) {
  if (partial_.size() < kHeaderSize) {
    const size_t take = std::min(kHeaderSize - partial_.size(), bytes.size());
    partial_.insert(partial_.end(), bytes.begin(),
                    bytes.begin() + static_cast<std::ptrdiff_t>(take));
    bytes = bytes.subspan(take);
    if (partial_.size() < kHeaderSize) return false;
    auto header = DecodeHeader(partial_);
    if (auto* error = std::get_if<DecodeError>(&header)) {
      error_ = std::move(*error);
      partial_.clear();
      return false;
    }
    expected_ = std::get<Header>(header).length;
  }
  const size_t take = std::min(expected_ - partial_.size(), bytes.size());
  partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
  bytes = bytes.subspan(take);
  return partial_.size() == expected_;
}

void MessageFramer::TakeWhole(std::span<const uint8_t>& bytes, FramerOutput& out) {
  while (bytes.size() >= kHeaderSize) {
    auto header = DecodeHeader(bytes);
    if (auto* error = std::get_if<DecodeError>(&header)) {
      Fail(std::move(*error), out);
      return;
    }
    const size_t length = std::get<Header>(header).length;
    if (bytes.size() < length) return;
    out.messages.emplace_back(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    bytes = bytes.subspan(length);
  }
}

void MessageFramer::Fail(DecodeError error, FramerOutput& out) {
  error_ = std::move(error);
  out.error = error_;
}

}  // namespace metallab::bgp
