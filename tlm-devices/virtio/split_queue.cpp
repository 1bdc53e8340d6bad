#include "virtio/split_queue.h"

#include <algorithm>
#include <array>
#include <limits>

#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio {
namespace {

using namespace split;

struct Descriptor {
  uint64_t address;
  uint32_t length;
  uint16_t flags;
  uint16_t next;
};

Descriptor decode(const uint8_t* bytes) {
  return {load_le(bytes, 8), static_cast<uint32_t>(load_le(bytes + 8, 4)),
          static_cast<uint16_t>(load_le(bytes + 12, 2)), static_cast<uint16_t>(load_le(bytes + 14, 2))};
}

std::string chain_name(uint16_t head) { return "descriptor chain at head " + std::to_string(head); }

}  // namespace

SplitQueue::SplitQueue(const QueueLayout& layout, bool indirect_negotiated, uint32_t max_indirect)
    : layout_(layout), indirect_negotiated_(indirect_negotiated), max_indirect_(max_indirect) {}

bool SplitQueue::pop(Bus& bus, DescriptorChain& chain) {
  if (next_pending_ == pending_heads_.size() && !fetch_available(bus)) return false;
  const uint16_t head = pending_heads_[next_pending_++];
  ++last_avail_;
  chain = DescriptorChain();
  chain.head = head;
  walk_chain(bus, head, chain);
  return true;
}

bool SplitQueue::fetch_available(Bus& bus) {
  uint8_t idx_bytes[2];
  bus.read(layout_.driver_area + avail_idx_offset, idx_bytes, sizeof idx_bytes);
  const uint16_t avail_idx = static_cast<uint16_t>(load_le(idx_bytes, 2));
  const uint16_t count = static_cast<uint16_t>(avail_idx - last_avail_);
  if (count == 0) return false;
  if (count > layout_.size) {
    throw DeviceFault("available index moved from " + std::to_string(last_avail_) + " to " + std::to_string(avail_idx) +
                      ", more than the queue size " + std::to_string(layout_.size));
  }
  // The new entries, in at most two reads (the ring may wrap).
  std::vector<uint8_t> entries(count * avail_entry_bytes);
  const uint32_t first = last_avail_ % layout_.size;
  const uint32_t before_wrap = std::min<uint32_t>(count, layout_.size - first);
  const uint64_t ring = layout_.driver_area + avail_ring_offset;
  bus.read(ring + first * avail_entry_bytes, entries.data(), before_wrap * avail_entry_bytes);
  if (before_wrap < count) {
    bus.read(ring, entries.data() + before_wrap * avail_entry_bytes, (count - before_wrap) * avail_entry_bytes);
  }
  pending_heads_.clear();
  next_pending_ = 0;
  for (uint32_t i = 0; i < count; ++i) {
    pending_heads_.push_back(static_cast<uint16_t>(load_le(&entries[i * avail_entry_bytes], 2)));
  }
  return true;
}

void SplitQueue::walk_chain(Bus& bus, uint16_t head, DescriptorChain& chain) {
  bool writable_seen = false;
  uint32_t index = head;
  for (uint32_t count = 1;; ++count) {
    if (index >= layout_.size) {
      throw DeviceFault(chain_name(head) + ": descriptor index " + std::to_string(index) +
                        " is beyond the queue size " + std::to_string(layout_.size));
    }
    if (count > layout_.size) throw DeviceFault(chain_name(head) + " is longer than the queue (a loop?)");
    std::array<uint8_t, descriptor_bytes> bytes;
    bus.read(layout_.descriptor_table + index * descriptor_bytes, bytes.data(), bytes.size());
    const Descriptor desc = decode(bytes.data());
    if (desc.flags & desc_f_indirect) {
      if (desc.flags & desc_f_next) throw DeviceFault(chain_name(head) + ": an indirect descriptor with NEXT set");
      walk_indirect(bus, desc.address, desc.length, chain, writable_seen);
      break;
    }
    if (desc.flags & desc_f_write) {
      writable_seen = true;
      chain.add_writable(desc.address, desc.length);
    } else {
      if (writable_seen) {
        throw DeviceFault(chain_name(head) + ": a driver-readable descriptor after a device-writable one");
      }
      chain.add_readable(desc.address, desc.length);
    }
    if (!(desc.flags & desc_f_next)) break;
    index = desc.next;
  }
  // The used ring's length field and the driver's own limit (2.7.5).
  if (chain.readable_bytes() + chain.writable_bytes() > std::numeric_limits<uint32_t>::max()) {
    throw DeviceFault(chain_name(head) + " holds 4 GiB or more");
  }
}

void SplitQueue::walk_indirect(Bus& bus, uint64_t address, uint32_t length, DescriptorChain& chain,
                               bool& writable_seen) {
  const std::string where = chain_name(chain.head) + ": indirect table at " + hex(address);
  if (!indirect_negotiated_) throw DeviceFault(where + " but VIRTIO_F_INDIRECT_DESC was not negotiated");
  if (length == 0 || length % descriptor_bytes != 0) {
    throw DeviceFault(where + " of " + std::to_string(length) + " bytes, not a non-zero multiple of 16");
  }
  const uint32_t entries = length / descriptor_bytes;
  if (entries > max_indirect_) {
    throw DeviceFault(where + " of " + std::to_string(entries) + " descriptors, more than " +
                      std::to_string(max_indirect_));
  }
  // The whole table in one read.
  std::vector<uint8_t> table(length);
  bus.read(address, table.data(), length);
  uint32_t index = 0;
  for (uint32_t count = 1;; ++count) {
    if (count > entries) throw DeviceFault(where + " chains longer than the table (a loop?)");
    const Descriptor desc = decode(&table[index * descriptor_bytes]);
    if (desc.flags & desc_f_indirect) throw DeviceFault(where + " holds another indirect descriptor");
    if (desc.flags & desc_f_write) {
      writable_seen = true;
      chain.add_writable(desc.address, desc.length);
    } else {
      if (writable_seen) throw DeviceFault(where + ": a driver-readable descriptor after a device-writable one");
      chain.add_readable(desc.address, desc.length);
    }
    if (!(desc.flags & desc_f_next)) break;
    index = desc.next;
    if (index >= entries) {
      throw DeviceFault(where + ": next index " + std::to_string(index) + " is beyond its " + std::to_string(entries) +
                        " entries");
    }
  }
}

void SplitQueue::push_used(Bus& bus, uint16_t head, uint32_t written) {
  uint8_t element[used_entry_bytes];
  store_le(element, 4, head);
  store_le(element + 4, 4, written);
  const uint64_t slot = used_idx_ % layout_.size;
  bus.write(layout_.device_area + used_ring_offset + slot * used_entry_bytes, element, sizeof element);
  // The driver may look at the element as soon as the index covers it.
  const uint16_t next_idx = static_cast<uint16_t>(used_idx_ + 1);
  uint8_t idx_bytes[2];
  store_le(idx_bytes, 2, next_idx);
  bus.write(layout_.device_area + used_idx_offset, idx_bytes, sizeof idx_bytes);
  used_idx_ = next_idx;
}

void SplitQueue::save(state::StateWriter& out) const {
  out.u32(last_avail_);
  out.u32(used_idx_);
  out.u64(pending_heads_.size() - next_pending_);
  for (size_t i = next_pending_; i < pending_heads_.size(); ++i) out.u32(pending_heads_[i]);
}

void SplitQueue::restore(state::StateReader& in) {
  last_avail_ = static_cast<uint16_t>(in.u32());
  used_idx_ = static_cast<uint16_t>(in.u32());
  const uint64_t pending = in.u64();
  if (pending > layout_.size) in.fail("more pending ring entries than the queue holds");
  pending_heads_.clear();
  next_pending_ = 0;
  for (uint64_t i = 0; i < pending; ++i) {
    const auto head = static_cast<uint16_t>(in.u32());
    if (head >= layout_.size) in.fail("a pending ring entry beyond the queue");
    pending_heads_.push_back(head);
  }
}

}  // namespace loom::tlm_devices::virtio
