#include "test_virtio_blk_driver.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

namespace loom::tlm_devices::testing {

using namespace virtio;

TempImage::TempImage(uint64_t sectors, const std::string& tag)
    : path(::testing::TempDir() + "loom_virtio_blk_" + std::to_string(::getpid()) + "_" + tag + ".img") {
  std::vector<uint8_t> bytes(sectors * virtio_blk::sector_bytes);
  for (uint64_t i = 0; i < bytes.size(); ++i) bytes[i] = pattern_byte(i / virtio_blk::sector_bytes, i % 512);
  ::unlink(path.c_str());
  write(0, bytes);
}

TempImage::~TempImage() { ::unlink(path.c_str()); }

std::vector<uint8_t> TempImage::read(uint64_t offset, uint64_t length) const {
  std::vector<uint8_t> bytes(length);
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0) << path;
  EXPECT_EQ(::pread(fd, bytes.data(), length, static_cast<off_t>(offset)), static_cast<ssize_t>(length));
  ::close(fd);
  return bytes;
}

void TempImage::write(uint64_t offset, const std::vector<uint8_t>& bytes) const {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
  EXPECT_GE(fd, 0) << path;
  EXPECT_EQ(::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

std::vector<uint8_t> guest_bytes(Testbench& tb, uint64_t address, uint64_t length) {
  return std::vector<uint8_t>(tb.memory.at(address), tb.memory.at(address) + length);
}

std::vector<uint8_t> sector_pattern(uint64_t first_sector, uint64_t count) {
  std::vector<uint8_t> bytes;
  for (uint64_t s = first_sector; s < first_sector + count; ++s) {
    for (uint64_t i = 0; i < 512; ++i) bytes.push_back(TempImage::pattern_byte(s, i));
  }
  return bytes;
}

ModelParams blk_params(const TempImage& image, ModelParams extra) {
  extra["image"] = image.path;
  return extra;
}

uint32_t VirtioBlkDriver::reg(uint64_t offset) {
  const MmioResult result = tb_.read(offset, 4);
  EXPECT_EQ(result.status, tlm::TLM_OK_RESPONSE) << "read at 0x" << std::hex << offset;
  return static_cast<uint32_t>(result.value);
}

void VirtioBlkDriver::set_reg(uint64_t offset, uint32_t value) {
  EXPECT_EQ(tb_.write(offset, 4, value).status, tlm::TLM_OK_RESPONSE) << "write at 0x" << std::hex << offset;
}

uint64_t VirtioBlkDriver::device_features() {
  set_reg(mmio::regs::device_features_sel, 1);
  uint64_t features = uint64_t{reg(mmio::regs::device_features)} << 32;
  set_reg(mmio::regs::device_features_sel, 0);
  return features | reg(mmio::regs::device_features);
}

bool VirtioBlkDriver::negotiate(uint64_t wanted) {
  reset();
  set_reg(mmio::regs::status, status::acknowledge);
  set_reg(mmio::regs::status, status::acknowledge | status::driver);
  const uint64_t features = device_features() & wanted;
  set_reg(mmio::regs::driver_features_sel, 1);
  set_reg(mmio::regs::driver_features, static_cast<uint32_t>(features >> 32));
  set_reg(mmio::regs::driver_features_sel, 0);
  set_reg(mmio::regs::driver_features, static_cast<uint32_t>(features));
  set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok);
  return (reg(mmio::regs::status) & status::features_ok) != 0;
}

void VirtioBlkDriver::setup_queue() {
  std::memset(tb_.memory.at(desc_table), 0, 0x3000);  // fresh rings, as Linux allocates them
  avail_idx_ = 0;
  last_used_ = 0;
  free_.clear();
  for (uint32_t i = queue_size_; i > 0; --i) free_.push_back(static_cast<uint16_t>(i - 1));
  chains_.assign(queue_size_, {});

  set_reg(mmio::regs::queue_sel, 0);
  EXPECT_EQ(reg(mmio::regs::queue_ready), 0u);
  EXPECT_GE(reg(mmio::regs::queue_num_max), queue_size_);
  set_reg(mmio::regs::queue_num, queue_size_);
  set_reg(mmio::regs::queue_desc_low, static_cast<uint32_t>(desc_table));
  set_reg(mmio::regs::queue_desc_high, static_cast<uint32_t>(desc_table >> 32));
  set_reg(mmio::regs::queue_driver_low, static_cast<uint32_t>(avail_ring));
  set_reg(mmio::regs::queue_driver_high, static_cast<uint32_t>(avail_ring >> 32));
  set_reg(mmio::regs::queue_device_low, static_cast<uint32_t>(used_ring));
  set_reg(mmio::regs::queue_device_high, static_cast<uint32_t>(used_ring >> 32));
  set_reg(mmio::regs::queue_ready, 1);
}

void VirtioBlkDriver::init(uint64_t wanted) {
  ASSERT_TRUE(negotiate(wanted));
  setup_queue();
  set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok | status::driver_ok);
}

void VirtioBlkDriver::reset() {
  set_reg(mmio::regs::status, 0);
  EXPECT_EQ(reg(mmio::regs::status), 0u);
}

uint16_t VirtioBlkDriver::read16(uint64_t address) {
  return static_cast<uint16_t>(tb_.memory.at(address)[0] | tb_.memory.at(address)[1] << 8);
}

void VirtioBlkDriver::write16(uint64_t address, uint16_t value) {
  tb_.memory.at(address)[0] = static_cast<uint8_t>(value);
  tb_.memory.at(address)[1] = static_cast<uint8_t>(value >> 8);
}

void VirtioBlkDriver::write_descriptor(uint64_t address, uint64_t buffer, uint32_t length, uint16_t flags,
                                       uint16_t next) {
  uint8_t* d = tb_.memory.at(address);
  store_le(d, 8, buffer);
  store_le(d + 8, 4, length);
  store_le(d + 12, 2, flags);
  store_le(d + 14, 2, next);
}

uint16_t VirtioBlkDriver::alloc_descriptor() {
  EXPECT_FALSE(free_.empty()) << "the test ran out of descriptors";
  const uint16_t index = free_.back();
  free_.pop_back();
  return index;
}

uint16_t VirtioBlkDriver::add_chain(const std::vector<Buffer>& buffers, bool indirect, unsigned slot) {
  std::vector<uint16_t> used_descriptors;
  uint16_t head = 0;
  if (indirect) {
    const uint64_t table = indirect_area + slot * 0x200;
    for (size_t i = 0; i < buffers.size(); ++i) {
      const bool last = i + 1 == buffers.size();
      write_descriptor(table + i * 16, buffers[i].address, buffers[i].length,
                       (buffers[i].writable ? split::desc_f_write : 0) | (last ? 0 : split::desc_f_next),
                       static_cast<uint16_t>(i + 1));
    }
    head = alloc_descriptor();
    used_descriptors.push_back(head);
    write_descriptor(desc_table + head * 16, table, static_cast<uint32_t>(buffers.size() * 16), split::desc_f_indirect,
                     0);
  } else {
    for (size_t i = 0; i < buffers.size(); ++i) used_descriptors.push_back(alloc_descriptor());
    head = used_descriptors.front();
    for (size_t i = 0; i < buffers.size(); ++i) {
      const bool last = i + 1 == buffers.size();
      write_descriptor(desc_table + used_descriptors[i] * 16, buffers[i].address, buffers[i].length,
                       (buffers[i].writable ? split::desc_f_write : 0) | (last ? 0 : split::desc_f_next),
                       last ? 0 : used_descriptors[i + 1]);
    }
  }
  chains_[head] = used_descriptors;
  write16(avail_ring + split::avail_ring_offset + (avail_idx_ % queue_size_) * 2, head);
  ++avail_idx_;
  write16(avail_ring + split::avail_idx_offset, avail_idx_);
  return head;
}

void VirtioBlkDriver::kick(sc_time delay) {
  EXPECT_EQ(tb_.access(tlm::TLM_WRITE_COMMAND, mmio::regs::queue_notify, 4, 0, {}, delay).status,
            tlm::TLM_OK_RESPONSE);
}

uint16_t VirtioBlkDriver::used_idx() { return read16(used_ring + split::used_idx_offset); }

std::vector<VirtioBlkDriver::Used> VirtioBlkDriver::take_used() {
  std::vector<Used> elements;
  const uint16_t idx = used_idx();
  for (; last_used_ != idx; ++last_used_) {
    const uint8_t* e = tb_.memory.at(used_ring + split::used_ring_offset + (last_used_ % queue_size_) * 8);
    const Used element{static_cast<uint32_t>(load_le(e, 4)), static_cast<uint32_t>(load_le(e + 4, 4))};
    elements.push_back(element);
    if (element.id < chains_.size()) {
      for (uint16_t d : chains_[element.id]) free_.push_back(d);
      chains_[element.id].clear();
    }
  }
  return elements;
}

uint32_t VirtioBlkDriver::wait_interrupt() {
  for (;;) {
    if (!tb_.irq(0).read()) wait(tb_.irq(0).posedge_event());
    const uint32_t pending = reg(mmio::regs::interrupt_status);
    if (pending != 0) {
      set_reg(mmio::regs::interrupt_ack, pending);
      return pending;
    }
    // Acknowledged already: the line drops a delta cycle after the ACK.
    wait(tb_.irq(0).negedge_event());
  }
}

VirtioBlkDriver::Request VirtioBlkDriver::submit(uint32_t type, uint64_t sector, uint64_t data, uint32_t length,
                                                 unsigned slot, bool indirect, unsigned segments) {
  uint8_t* header = tb_.memory.at(header_of(slot));
  store_le(header, 4, type);
  store_le(header + 4, 4, 0);
  store_le(header + 8, 8, sector);
  *tb_.memory.at(status_of(slot)) = 0xee;  // the device must overwrite it

  std::vector<Buffer> buffers{{header_of(slot), 16, false}};
  const bool device_writes = type != virtio_blk::request::out;
  // Segments of equal size, the last one taking the remainder.
  const uint32_t piece = segments > 0 ? length / segments : 0;
  for (unsigned s = 0; s < segments && length > 0; ++s) {
    const uint32_t begin = s * piece;
    const uint32_t bytes = s + 1 == segments ? length - begin : piece;
    buffers.push_back({data + begin, bytes, device_writes});
  }
  buffers.push_back({status_of(slot), 1, true});
  return {add_chain(buffers, indirect, slot), slot};
}

uint8_t VirtioBlkDriver::status(const Request& request) const { return *tb_.memory.at(status_of(request.slot)); }

uint8_t VirtioBlkDriver::run(uint32_t type, uint64_t sector, uint64_t data, uint32_t length, bool indirect,
                             unsigned segments) {
  const Request request = submit(type, sector, data, length, 0, indirect, segments);
  kick();
  EXPECT_EQ(wait_interrupt(), mmio::interrupt_used_buffer);
  const auto used = take_used();
  EXPECT_EQ(used.size(), 1u);
  if (!used.empty()) {
    EXPECT_EQ(used[0].id, request.head);
  }
  return status(request);
}

}  // namespace loom::tlm_devices::testing
