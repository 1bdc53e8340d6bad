#pragma once
// Register map of the virtio-mmio transport, version 2 (VIRTIO 1.2, 4.2.2):
// offsets from the device's base, access rights, and the values the
// transport reports. Behaviour lives in mmio_transport.cpp; the table in
// ../README.md documents the same map for software.
//
// Registers take exactly one 4-byte access at their own offset, every byte
// enabled. The device-specific configuration space starts at config_offset
// and takes naturally aligned accesses of 1, 2, 4 or 8 bytes. The legacy
// (version 1) registers GuestPageSize, QueueAlign and QueuePFN and the
// shared-memory registers do not exist here.

#include <cstdint>

namespace loom::tlm_devices::virtio::mmio {

enum class Access { read_only, write_only, read_write };

struct Register {
  uint64_t offset;
  const char* name;
  Access access;
};

namespace regs {
constexpr uint64_t magic_value = 0x000;          // RO: magic_value
constexpr uint64_t version = 0x004;              // RO: version
constexpr uint64_t device_id = 0x008;            // RO: virtio device type (2 = block)
constexpr uint64_t vendor_id = 0x00c;            // RO: vendor_id
constexpr uint64_t device_features = 0x010;      // RO: 32 feature bits, the word DeviceFeaturesSel picks
constexpr uint64_t device_features_sel = 0x014;  // WO: 0 = bits 0..31, 1 = bits 32..63
constexpr uint64_t driver_features = 0x020;      // WO: features the driver accepts, word DriverFeaturesSel
constexpr uint64_t driver_features_sel = 0x024;  // WO
constexpr uint64_t queue_sel = 0x030;            // WO: the queue the Queue* registers refer to
constexpr uint64_t queue_num_max = 0x034;        // RO: largest size of the selected queue, 0 if none
constexpr uint64_t queue_num = 0x038;            // WO: size the driver uses (a power of 2)
constexpr uint64_t queue_ready = 0x044;          // RW: 1 starts the selected queue, 0 stops it
constexpr uint64_t queue_notify = 0x050;         // WO: index of a queue with new buffers
constexpr uint64_t interrupt_status = 0x060;     // RO: interrupt_used_buffer | interrupt_config_change
constexpr uint64_t interrupt_ack = 0x064;        // WO: clears the bits written
constexpr uint64_t status = 0x070;               // RW: device status (virtio.h); 0 resets the device
constexpr uint64_t queue_desc_low = 0x080;       // WO: descriptor table address, low 32 bits
constexpr uint64_t queue_desc_high = 0x084;      // WO: ... high 32 bits
constexpr uint64_t queue_driver_low = 0x090;     // WO: driver area (available ring)
constexpr uint64_t queue_driver_high = 0x094;    // WO
constexpr uint64_t queue_device_low = 0x0a0;     // WO: device area (used ring)
constexpr uint64_t queue_device_high = 0x0a4;    // WO
constexpr uint64_t config_generation = 0x0fc;    // RO: changes when the config space changes
}  // namespace regs

constexpr Register register_map[] = {
    {regs::magic_value, "MagicValue", Access::read_only},
    {regs::version, "Version", Access::read_only},
    {regs::device_id, "DeviceID", Access::read_only},
    {regs::vendor_id, "VendorID", Access::read_only},
    {regs::device_features, "DeviceFeatures", Access::read_only},
    {regs::device_features_sel, "DeviceFeaturesSel", Access::write_only},
    {regs::driver_features, "DriverFeatures", Access::write_only},
    {regs::driver_features_sel, "DriverFeaturesSel", Access::write_only},
    {regs::queue_sel, "QueueSel", Access::write_only},
    {regs::queue_num_max, "QueueNumMax", Access::read_only},
    {regs::queue_num, "QueueNum", Access::write_only},
    {regs::queue_ready, "QueueReady", Access::read_write},
    {regs::queue_notify, "QueueNotify", Access::write_only},
    {regs::interrupt_status, "InterruptStatus", Access::read_only},
    {regs::interrupt_ack, "InterruptACK", Access::write_only},
    {regs::status, "Status", Access::read_write},
    {regs::queue_desc_low, "QueueDescLow", Access::write_only},
    {regs::queue_desc_high, "QueueDescHigh", Access::write_only},
    {regs::queue_driver_low, "QueueDriverLow", Access::write_only},
    {regs::queue_driver_high, "QueueDriverHigh", Access::write_only},
    {regs::queue_device_low, "QueueDeviceLow", Access::write_only},
    {regs::queue_device_high, "QueueDeviceHigh", Access::write_only},
    {regs::config_generation, "ConfigGeneration", Access::read_only},
};

// The register at exactly `offset`, or null.
constexpr const Register* find_register(uint64_t offset) {
  for (const Register& reg : register_map) {
    if (reg.offset == offset) return &reg;
  }
  return nullptr;
}

constexpr uint32_t magic_value = 0x74726976;  // "virt", little-endian
constexpr uint32_t version = 2;               // modern virtio-mmio
constexpr uint32_t vendor_id = 0x4c4f4f4d;    // "LOOM", as loom,test-device's ID

constexpr uint32_t interrupt_used_buffer = 1u << 0;    // a queue has new used buffers
constexpr uint32_t interrupt_config_change = 1u << 1;  // config space changed, or DEVICE_NEEDS_RESET
constexpr uint32_t interrupt_mask = interrupt_used_buffer | interrupt_config_change;

constexpr uint64_t register_bytes = 4;
constexpr uint64_t config_offset = 0x100;
constexpr unsigned max_config_access_bytes = 8;

// The smallest aperture: the registers and 0x100 bytes of configuration
// space, as QEMU maps a virtio-mmio transport. The usual one is 0x1000.
constexpr uint64_t min_size = 0x200;

}  // namespace loom::tlm_devices::virtio::mmio
