#pragma once
// A small virtio-mmio block driver for the tests: it does what Linux's
// virtio_mmio + virtio_blk do (reset, ACKNOWLEDGE, DRIVER, feature
// negotiation, the FEATURES_OK check, queue setup, DRIVER_OK; split-ring
// requests, the interrupt handler's status read and acknowledge), against
// the testbench's RAM. Test bodies call it from the testbench's thread.
//
// RAM plan (the testbench has 64 KiB at ram_base):
//   +0x0000 descriptor table   +0x1000 available ring   +0x2000 used ring
//   +0x3000 request headers and status bytes (32 bytes a slot)
//   +0x4000 indirect tables (0x200 bytes a slot)
//   +0x8000 .. +0x10000 data buffers, chosen by the tests

#include <cstdint>
#include <string>
#include <vector>

#include "testbench.h"
#include "virtio-blk/registers.h"
#include "virtio/bus.h"
#include "virtio/mmio_registers.h"
#include "virtio/virtio.h"

namespace loom::tlm_devices::testing {

// A raw image file in the test's temporary directory, removed at the end.
// Sector k is filled with pattern_byte(k, i).
class TempImage {
 public:
  explicit TempImage(uint64_t sectors, const std::string& tag = "disk");
  ~TempImage();
  static uint8_t pattern_byte(uint64_t sector, uint64_t i) { return static_cast<uint8_t>(sector * 31 + i * 7 + 1); }
  std::vector<uint8_t> read(uint64_t offset, uint64_t length) const;
  void write(uint64_t offset, const std::vector<uint8_t>& bytes) const;
  const std::string path;
};

ModelParams blk_params(const TempImage& image, ModelParams extra = {});

// `length` bytes of the testbench's RAM at `address`.
std::vector<uint8_t> guest_bytes(Testbench& tb, uint64_t address, uint64_t length);
// What TempImage holds in sectors [first_sector, first_sector + count).
std::vector<uint8_t> sector_pattern(uint64_t first_sector, uint64_t count);

class VirtioBlkDriver {
 public:
  static constexpr uint64_t desc_table = Testbench::ram_base + 0x0000;
  static constexpr uint64_t avail_ring = Testbench::ram_base + 0x1000;
  static constexpr uint64_t used_ring = Testbench::ram_base + 0x2000;
  static constexpr uint64_t header_area = Testbench::ram_base + 0x3000;
  static constexpr uint64_t indirect_area = Testbench::ram_base + 0x4000;
  static constexpr uint64_t data_area = Testbench::ram_base + 0x8000;
  static constexpr unsigned slots = 32;

  // The features a Linux 6.1 virtio_blk driver would accept of ours.
  static constexpr uint64_t linux_features =
      virtio::bit(virtio::feature::version_1) | virtio::bit(virtio::feature::ring_indirect_desc) |
      virtio::bit(virtio_blk::feature::seg_max) | virtio::bit(virtio_blk::feature::blk_size) |
      virtio::bit(virtio_blk::feature::flush) | virtio::bit(virtio_blk::feature::ro);

  VirtioBlkDriver(Testbench& tb, uint32_t queue_size = 16) : tb_(tb), queue_size_(queue_size) {}
  // The same driver state (its ring indices, free descriptors) over another
  // testbench, whose RAM holds the same: a snapshot's restored guest.
  VirtioBlkDriver(Testbench& tb, const VirtioBlkDriver& same)
      : tb_(tb), queue_size_(same.queue_size_), avail_idx_(same.avail_idx_), last_used_(same.last_used_),
        free_(same.free_), chains_(same.chains_) {}

  // 4-byte register accesses that must succeed.
  uint32_t reg(uint64_t offset);
  void set_reg(uint64_t offset, uint32_t value);

  uint64_t device_features();
  // Linux's probe up to FEATURES_OK: false if the device refused the
  // features (FEATURES_OK did not stick). Accepts `wanted` & offered.
  bool negotiate(uint64_t wanted = linux_features);
  void setup_queue();
  // negotiate + setup_queue + DRIVER_OK; expects success.
  void init(uint64_t wanted = linux_features);
  void reset();

  // One buffer of a chain: guest address, length, device-writable or not.
  struct Buffer {
    uint64_t address;
    uint32_t length;
    bool writable;
  };
  // Makes a chain available (direct descriptors, or one indirect table in
  // `slot`'s area), without notifying; returns its head.
  uint16_t add_chain(const std::vector<Buffer>& buffers, bool indirect = false, unsigned slot = 0);
  void kick(sc_time delay = SC_ZERO_TIME);

  struct Used {
    uint32_t id;
    uint32_t len;
  };
  // Used elements the device added since the last call; frees their descriptors.
  std::vector<Used> take_used();
  uint16_t used_idx();

  // Waits for the interrupt line, reads InterruptStatus and acknowledges it,
  // as Linux's handler does; returns the status read.
  uint32_t wait_interrupt();

  // virtio-blk requests. The header and status byte live in `slot`; the data
  // is `length` bytes at `data`, split into `segments` descriptors.
  struct Request {
    uint16_t head;
    unsigned slot;
  };
  Request submit(uint32_t type, uint64_t sector, uint64_t data, uint32_t length, unsigned slot = 0,
                 bool indirect = false, unsigned segments = 1);
  uint8_t status(const Request& request) const;
  // submit + kick + wait_interrupt + take_used (one element, for this
  // request); returns the status byte.
  uint8_t run(uint32_t type, uint64_t sector, uint64_t data, uint32_t length, bool indirect = false,
              unsigned segments = 1);

  static uint64_t header_of(unsigned slot) { return header_area + slot * 32; }
  static uint64_t status_of(unsigned slot) { return header_area + slot * 32 + 16; }

  uint32_t queue_size() const { return queue_size_; }

 private:
  uint16_t alloc_descriptor();
  void write_descriptor(uint64_t address, uint64_t buffer, uint32_t length, uint16_t flags, uint16_t next);
  uint16_t read16(uint64_t address);
  void write16(uint64_t address, uint16_t value);

  Testbench& tb_;
  uint32_t queue_size_;
  uint16_t avail_idx_ = 0;
  uint16_t last_used_ = 0;
  std::vector<uint16_t> free_;
  std::vector<std::vector<uint16_t>> chains_;  // descriptors of each head in flight
};

}  // namespace loom::tlm_devices::testing
