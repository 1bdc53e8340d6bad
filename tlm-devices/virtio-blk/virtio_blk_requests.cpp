// Executing one virtio-blk request: IN, OUT, FLUSH, GET_ID; anything else
// is VIRTIO_BLK_S_UNSUPP.

#include <algorithm>

#include "virtio-blk/registers.h"
#include "virtio-blk/virtio_blk.h"

namespace loom::tlm_devices::virtio_blk {

using virtio::Bus;
using virtio::DescriptorChain;

uint32_t VirtioBlk::handle_chain(unsigned queue, const DescriptorChain& chain, Bus& bus) {
  (void)queue;  // one request queue
  // Without a header or a status byte there is nothing to answer: the
  // driver is broken, and the device says so with DEVICE_NEEDS_RESET.
  if (chain.readable_bytes() < header_bytes) {
    throw virtio::DeviceFault("request " + std::to_string(chain.head) + " has " +
                              std::to_string(chain.readable_bytes()) + " driver-readable bytes, less than its header");
  }
  if (chain.writable_bytes() == 0) {
    throw virtio::DeviceFault("request " + std::to_string(chain.head) + " has no device-writable status byte");
  }
  uint8_t header[header_bytes];
  chain.gather(bus, 0, header, header_bytes);
  const auto type = static_cast<uint32_t>(virtio::load_le(header + header_type, 4));
  const uint64_t sector = virtio::load_le(header + header_sector, 8);

  // The request's whole service time passes before any of its effects:
  // data, status and used ring all appear at its end.
  work_for(config_.latency);
  const uint8_t status = execute(type, sector, chain, bus);
  chain.scatter(bus, chain.writable_bytes() - 1, &status, 1);
  // The status byte ends the writable part, so `len` covers all of it, as
  // QEMU reports it, whatever the request wrote before the status.
  return static_cast<uint32_t>(chain.writable_bytes());
}

uint8_t VirtioBlk::execute(uint32_t type, uint64_t sector, const DescriptorChain& chain, Bus& bus) {
  switch (type) {
    case request::in: return read_sectors(sector, chain, bus);
    case request::out: return write_sectors(sector, chain, bus);
    case request::flush: return image_.flush() ? status::ok : status::ioerr;
    case request::get_id: return get_id(chain, bus);
    default: return status::unsupp;
  }
}

bool VirtioBlk::in_range(uint64_t sector, uint64_t bytes) const {
  return bytes % sector_bytes == 0 && sector <= capacity_sectors_ && bytes / sector_bytes <= capacity_sectors_ - sector;
}

// Data: the writable part before the status byte.
uint8_t VirtioBlk::read_sectors(uint64_t sector, const DescriptorChain& chain, Bus& bus) {
  const uint64_t length = chain.writable_bytes() - 1;
  if (!in_range(sector, length)) return status::ioerr;
  for (uint64_t done = 0; done < length;) {
    const uint64_t chunk = std::min<uint64_t>(transfer_buffer_.size(), length - done);
    if (!image_.read(sector * sector_bytes + done, transfer_buffer_.data(), chunk)) return status::ioerr;
    chain.scatter(bus, done, transfer_buffer_.data(), chunk);
    done += chunk;
  }
  return status::ok;
}

// Data: the readable part after the header. Nothing is written to a
// read-only image (5.2.6.2).
uint8_t VirtioBlk::write_sectors(uint64_t sector, const DescriptorChain& chain, Bus& bus) {
  const uint64_t length = chain.readable_bytes() - header_bytes;
  if (image_.read_only() || !in_range(sector, length)) return status::ioerr;
  for (uint64_t done = 0; done < length;) {
    const uint64_t chunk = std::min<uint64_t>(transfer_buffer_.size(), length - done);
    chain.gather(bus, header_bytes + done, transfer_buffer_.data(), chunk);
    if (!image_.write(sector * sector_bytes + done, transfer_buffer_.data(), chunk)) return status::ioerr;
    done += chunk;
  }
  return status::ok;
}

// The serial, NUL-padded to 20 bytes, into as much of them as the driver
// gave room for.
uint8_t VirtioBlk::get_id(const DescriptorChain& chain, Bus& bus) {
  uint8_t id[id_bytes] = {};
  std::copy(config_.serial.begin(), config_.serial.end(), id);
  const uint64_t length = std::min<uint64_t>(id_bytes, chain.writable_bytes() - 1);
  chain.scatter(bus, 0, id, length);
  return status::ok;
}

}  // namespace loom::tlm_devices::virtio_blk
