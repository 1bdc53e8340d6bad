#pragma once
// One buffer the driver made available: the descriptors of a chain,
// flattened (indirect tables expanded) into its driver-readable part and its
// device-writable part. Devices see each part as one byte stream, so a
// request's layout never depends on how the driver split it into
// descriptors (VIRTIO 1.2, 2.6.4 "Message Framing").

#include <cstdint>
#include <vector>

#include "loom/state/state.h"
#include "virtio/bus.h"

namespace loom::tlm_devices::virtio {

struct Segment {
  uint64_t address;
  uint32_t length;
};

class DescriptorChain {
 public:
  // Descriptors in chain order; SplitQueue checks that every readable one
  // comes before every writable one.
  void add_readable(uint64_t address, uint32_t length);
  void add_writable(uint64_t address, uint32_t length);

  uint64_t readable_bytes() const { return readable_bytes_; }
  uint64_t writable_bytes() const { return writable_bytes_; }
  size_t descriptor_count() const { return readable_.size() + writable_.size(); }

  // Copies bytes [offset, offset + length) of the readable part out of, or
  // of the writable part into, guest memory, one bus access per segment
  // touched. The range must lie inside the part (std::out_of_range if not:
  // a device bug, not the driver's).
  void gather(Bus& bus, uint64_t offset, uint8_t* data, uint64_t length) const;
  void scatter(Bus& bus, uint64_t offset, const uint8_t* data, uint64_t length) const;

  uint16_t head = 0;  // the index the used ring gives back

  // Snapshots: a request under way, as its descriptors.
  void save(state::StateWriter& out) const;
  void restore(state::StateReader& in);

 private:
  std::vector<Segment> readable_;
  std::vector<Segment> writable_;
  uint64_t readable_bytes_ = 0;
  uint64_t writable_bytes_ = 0;
};

}  // namespace loom::tlm_devices::virtio
