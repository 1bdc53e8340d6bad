#pragma once
// Constants of the VIRTIO 1.2 specification that any virtio device uses,
// whatever its type and transport: device status bits (2.1), feature bits
// reserved for the transport and the rings (6), and the split virtqueue's
// memory layout (2.7). Numbers are the specification's; names follow it.

#include <cstdint>

namespace loom::tlm_devices::virtio {

// Device IDs (5).
constexpr uint32_t device_id_block = 2;

// Device status bits (2.1). Software sets the first five in this order;
// the device sets needs_reset when it can go no further.
namespace status {
constexpr uint32_t acknowledge = 1;
constexpr uint32_t driver = 2;
constexpr uint32_t driver_ok = 4;
constexpr uint32_t features_ok = 8;
constexpr uint32_t needs_reset = 64;
constexpr uint32_t failed = 128;
}  // namespace status

// Feature bits shared by every device type (6).
namespace feature {
constexpr unsigned ring_indirect_desc = 28;  // descriptors may point at descriptor tables
constexpr unsigned ring_event_idx = 29;      // used_event / avail_event suppression (not offered)
constexpr unsigned version_1 = 32;           // a modern (non-legacy) device; mandatory here
constexpr unsigned access_platform = 33;     // (not offered: addresses are guest-physical)
constexpr unsigned ring_packed = 34;         // (not offered: split rings only)
}  // namespace feature

constexpr uint64_t bit(unsigned feature_bit) { return uint64_t{1} << feature_bit; }

// Split virtqueue layout (2.7). All fields are little-endian.
namespace split {
constexpr uint64_t descriptor_bytes = 16;  // le64 addr, le32 len, le16 flags, le16 next
constexpr uint16_t desc_f_next = 1;        // the chain continues at `next`
constexpr uint16_t desc_f_write = 2;       // device-writable (else device-readable)
constexpr uint16_t desc_f_indirect = 4;    // `addr`/`len` hold a table of descriptors

// Driver area ("available ring"): le16 flags, le16 idx, le16 ring[size].
constexpr uint64_t avail_idx_offset = 2;
constexpr uint64_t avail_ring_offset = 4;
constexpr uint64_t avail_entry_bytes = 2;

// Device area ("used ring"): le16 flags, le16 idx, {le32 id, le32 len} ring[size].
constexpr uint64_t used_idx_offset = 2;
constexpr uint64_t used_ring_offset = 4;
constexpr uint64_t used_entry_bytes = 8;

// The largest queue size the split format allows.
constexpr uint32_t max_queue_size = 32768;
}  // namespace split

}  // namespace loom::tlm_devices::virtio
