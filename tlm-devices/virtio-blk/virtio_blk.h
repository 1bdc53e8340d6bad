#pragma once
// loom,virtio-blk: a virtio block device on the virtio-mmio transport
// (version 2), backed by a raw disk image file, as the QEMU `virt`
// machine's virtio-mmio slots carry it (the device tree node says
// `compatible = "virtio,mmio"`). Linux's virtio_mmio + virtio_blk drive it.
//
// The transport (../virtio/) does registers, negotiation and rings; this
// device adds its configuration space and executes one request at a time:
// each takes `latency_ns` of simulated time from the moment the device
// takes it off the ring, then its data moves (file <-> guest memory through
// dma()), its status is written and the used-buffer interrupt is raised.
// Requests: registers.h; behaviour: virtio_blk_requests.cpp.
//
// Model::reset() is the transport's (the driver's Status = 0): the device
// adds no state of its own beyond its configuration and the open image,
// which stay. A request under way is abandoned at its next wait, before it
// touches guest memory or the file again.

#include <systemc>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"
#include "virtio-blk/disk_image.h"
#include "virtio/mmio_transport.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::virtio_blk {

constexpr const char* type_name = type_names::kVirtioBlk;

// Platform parameters (ModelParams).
namespace param {
// Path of the raw disk image; required.
constexpr char image[] = "image";
// 1: open the image read-only, offer VIRTIO_BLK_F_RO and fail writes; 0 (default): read/write.
constexpr char readonly[] = "readonly";
// 1: keep the guest's writes in memory, never in the image (QEMU's
// -snapshot): the image stays as it is, and board snapshots include the
// writes. 0 (default): written in place, which snapshots refuse.
constexpr char overlay[] = "overlay";
// Simulated time each request takes, in ns.
constexpr char latency_ns[] = "latency_ns";
constexpr uint64_t default_latency_ns = 10000;
// What VIRTIO_BLK_T_GET_ID returns, at most 20 bytes; the instance name
// (cut to 20 bytes) by default.
constexpr char serial[] = "serial";
}  // namespace param

struct Config {
  uint64_t size = 0;  // aperture, at least virtio::mmio::min_size
  std::string image;
  bool readonly = false;
  bool overlay = false;
  sc_core::sc_time latency;
  std::string serial;
};

// Builds a Config from the platform's parameters; throws ModelError. Does
// not open the image.
Config parse_config(const std::string& name, uint64_t size, const ModelParams& params);

class VirtioBlk : public virtio::MmioTransport {
 public:
  VirtioBlk(sc_core::sc_module_name name, const Config& config, DiskImage image);

  uint64_t capacity_sectors() const { return capacity_sectors_; }

  // Snapshots (virtio_blk_state.cpp): the transport (registers, queues, a
  // request under way) and the disk (which image; the overlay's writes).
  void save(state::StateWriter& out) const override;
  void restore(state::StateReader& in) override;

 protected:
  void read_config(uint64_t offset, uint8_t* data, unsigned length) const override;
  uint32_t handle_chain(unsigned queue, const virtio::DescriptorChain& chain, virtio::Bus& bus) override;

 private:
  // Requests (virtio_blk_requests.cpp). Each returns the status byte.
  uint8_t execute(uint32_t type, uint64_t sector, const virtio::DescriptorChain& chain, virtio::Bus& bus);
  uint8_t read_sectors(uint64_t sector, const virtio::DescriptorChain& chain, virtio::Bus& bus);
  uint8_t write_sectors(uint64_t sector, const virtio::DescriptorChain& chain, virtio::Bus& bus);
  uint8_t get_id(const virtio::DescriptorChain& chain, virtio::Bus& bus);
  bool in_range(uint64_t sector, uint64_t bytes) const;

  const Config config_;
  DiskImage image_;
  const uint64_t capacity_sectors_;
  std::vector<uint8_t> config_space_;
  std::vector<uint8_t> transfer_buffer_;  // one DMA chunk of data between file and guest
};

std::unique_ptr<Model> make_virtio_blk(const std::string& name, uint64_t size, const ModelParams& params,
                                       HostServices* services);

}  // namespace loom::tlm_devices::virtio_blk
