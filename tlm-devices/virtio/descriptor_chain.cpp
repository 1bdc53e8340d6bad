#include "virtio/descriptor_chain.h"

#include <algorithm>

namespace loom::tlm_devices::virtio {
namespace {

// Calls `access(address, done, bytes)` for each piece of [offset,
// offset + length) of the stream that `segments` form.
template <typename Access>
void for_each_piece(const std::vector<Segment>& segments, uint64_t total, uint64_t offset, uint64_t length,
                    Access access) {
  if (offset > total || length > total - offset) {
    throw std::out_of_range("descriptor chain access [" + std::to_string(offset) + ", +" + std::to_string(length) +
                            ") beyond its " + std::to_string(total) + " bytes");
  }
  uint64_t start = 0;  // stream offset of the current segment
  uint64_t done = 0;
  for (const Segment& segment : segments) {
    if (done == length) break;
    const uint64_t end = start + segment.length;
    const uint64_t position = offset + done;
    if (position < end) {
      const uint64_t bytes = std::min(end - position, length - done);
      access(segment.address + (position - start), done, bytes);
      done += bytes;
    }
    start = end;
  }
}

}  // namespace

void DescriptorChain::add_readable(uint64_t address, uint32_t length) {
  if (length == 0) return;
  readable_.push_back({address, length});
  readable_bytes_ += length;
}

void DescriptorChain::add_writable(uint64_t address, uint32_t length) {
  if (length == 0) return;
  writable_.push_back({address, length});
  writable_bytes_ += length;
}

void DescriptorChain::gather(Bus& bus, uint64_t offset, uint8_t* data, uint64_t length) const {
  for_each_piece(readable_, readable_bytes_, offset, length,
                 [&](uint64_t address, uint64_t done, uint64_t bytes) { bus.read(address, data + done, bytes); });
}

void DescriptorChain::scatter(Bus& bus, uint64_t offset, const uint8_t* data, uint64_t length) const {
  for_each_piece(writable_, writable_bytes_, offset, length,
                 [&](uint64_t address, uint64_t done, uint64_t bytes) { bus.write(address, data + done, bytes); });
}

void DescriptorChain::save(state::StateWriter& out) const {
  out.u32(head);
  for (const std::vector<Segment>* part : {&readable_, &writable_}) {
    out.u64(part->size());
    for (const Segment& segment : *part) {
      out.u64(segment.address);
      out.u32(segment.length);
    }
  }
}

void DescriptorChain::restore(state::StateReader& in) {
  *this = DescriptorChain();
  head = static_cast<uint16_t>(in.u32());
  for (bool writable : {false, true}) {
    const uint64_t count = in.u64();
    if (count > 65536) in.fail("a descriptor chain longer than any queue");
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t address = in.u64();
      const uint32_t length = in.u32();
      writable ? add_writable(address, length) : add_readable(address, length);
    }
  }
}

}  // namespace loom::tlm_devices::virtio
