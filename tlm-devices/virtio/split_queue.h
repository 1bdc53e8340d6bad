#pragma once
// The device side of one split virtqueue (VIRTIO 1.2, 2.7): takes the chains
// the driver makes available and gives them back through the used ring.
// Everything it reads or writes goes through a Bus (the device's DMA port).
//
// A SplitQueue lives from the driver's QueueReady = 1 until the queue stops
// or the device resets; the transport then builds a new one, so its ring
// indices always start at 0 as the driver's do.
//
// Anything a correct driver never does is a DeviceFault (the device then
// needs a reset): an available index that moves by more than the queue size,
// a head or `next` index beyond the queue, a chain longer than the queue (a
// loop), a readable descriptor after a writable one, an indirect descriptor
// when VIRTIO_F_INDIRECT_DESC was not negotiated, with NEXT set, of a length
// that is not a non-zero multiple of 16 or of more than `max_indirect`
// entries, a nested indirect descriptor, or a chain of 4 GiB or more.

#include <cstdint>
#include <vector>

#include "loom/state/state.h"
#include "virtio/bus.h"
#include "virtio/descriptor_chain.h"

namespace loom::tlm_devices::virtio {

struct QueueLayout {
  uint32_t size = 0;              // QueueNum: a power of 2
  uint64_t descriptor_table = 0;  // QueueDesc
  uint64_t driver_area = 0;       // QueueDriver: the available ring
  uint64_t device_area = 0;       // QueueDevice: the used ring
};

class SplitQueue {
 public:
  SplitQueue(const QueueLayout& layout, bool indirect_negotiated, uint32_t max_indirect);

  // Takes the next available chain into `chain`; false when the driver has
  // made none available. Reads the available index only when the chains
  // already seen are used up, and then every new ring entry at once.
  bool pop(Bus& bus, DescriptorChain& chain);

  // Hands the chain at `head` back with `written` bytes written into its
  // device-writable part: the used element first, then the used index.
  void push_used(Bus& bus, uint16_t head, uint32_t written);

  // Snapshots: the ring indices and the entries read but not yet taken
  // (the layout is the transport's to save).
  void save(state::StateWriter& out) const;
  void restore(state::StateReader& in);

 private:
  bool fetch_available(Bus& bus);
  void walk_chain(Bus& bus, uint16_t head, DescriptorChain& chain);
  void walk_indirect(Bus& bus, uint64_t address, uint32_t length, DescriptorChain& chain, bool& writable_seen);

  const QueueLayout layout_;
  const bool indirect_negotiated_;
  const uint32_t max_indirect_;

  uint16_t last_avail_ = 0;              // available ring entries taken so far (mod 2^16)
  uint16_t used_idx_ = 0;                // the used index as last written
  std::vector<uint16_t> pending_heads_;  // entries read from the ring but not yet taken
  size_t next_pending_ = 0;
};

}  // namespace loom::tlm_devices::virtio
