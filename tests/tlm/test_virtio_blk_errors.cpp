// loom,virtio-blk when things go wrong: a read-only image, DMA error
// responses and malformed rings (DEVICE_NEEDS_RESET), a reset or a stopped
// queue in the middle of a request.

#include "test_virtio_blk_driver.h"
#include "virtio/mmio_transport.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace virtio;
namespace blk = virtio_blk;

using VirtioBlkErrors = TlmTest;

constexpr uint64_t image_sectors = 16;
constexpr uint64_t data = VirtioBlkDriver::data_area;

const std::string& fault_of(Testbench& tb) { return dynamic_cast<MmioTransport&>(*tb.device).fault(); }

// After a fault: NEEDS_RESET, a config-change interrupt, no used buffer.
void expect_needs_reset(Testbench& tb, VirtioBlkDriver& driver, const std::string& reason) {
  EXPECT_EQ(driver.wait_interrupt(), mmio::interrupt_config_change);
  EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, status::needs_reset);
  EXPECT_EQ(driver.used_idx(), 0u);
  EXPECT_NE(fault_of(tb).find(reason), std::string::npos) << fault_of(tb);
}

TEST_F(VirtioBlkErrors, ReadOnlyImageRejectsWrites) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"readonly", "1"}}), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    EXPECT_TRUE(driver.device_features() & bit(blk::feature::ro));
    driver.init();
    tb.memory.fill_pattern(data, 512, 5);
    EXPECT_EQ(driver.run(blk::request::out, 0, data, 512), blk::status::ioerr);
    EXPECT_EQ(image.read(0, 512)[0], TempImage::pattern_byte(0, 0));
    EXPECT_EQ(driver.run(blk::request::in, 1, data, 512), blk::status::ok);
    EXPECT_EQ(*tb.memory.at(data + 3), TempImage::pattern_byte(1, 3));
    EXPECT_EQ(driver.run(blk::request::flush, 0, 0, 0), blk::status::ok);
  });
}

TEST_F(VirtioBlkErrors, DmaErrorNeedsResetAndStopsTheDevice) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    // The data buffer is not RAM.
    const auto request = driver.submit(blk::request::in, 0, 0x1000, 512);
    driver.kick();
    expect_needs_reset(tb, driver, "DMA write of 512 bytes at 0x1000 failed: TLM_ADDRESS_ERROR_RESPONSE");
    EXPECT_EQ(driver.status(request), 0xee);
    // The driver can no longer clear the bit, and the queue stays stopped.
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok | status::driver_ok);
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, status::needs_reset);
    driver.submit(blk::request::in, 0, data, 512, 1);
    driver.kick();
    wait(ns(100000));
    EXPECT_EQ(driver.used_idx(), 0u);
    EXPECT_FALSE(sc_pending_activity());
    // A reset brings it back.
    driver.init();
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, 0u);
    EXPECT_EQ(driver.run(blk::request::in, 0, data, 512), blk::status::ok);
  });
}

TEST_F(VirtioBlkErrors, RingsOutsideRamNeedReset) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    ASSERT_TRUE(driver.negotiate());
    driver.setup_queue();
    driver.set_reg(mmio::regs::queue_ready, 0);
    driver.set_reg(mmio::regs::queue_driver_low, 0x2000);  // not RAM
    driver.set_reg(mmio::regs::queue_driver_high, 0);
    driver.set_reg(mmio::regs::queue_ready, 1);
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok | status::driver_ok);
    driver.kick();
    expect_needs_reset(tb, driver, "DMA read of 2 bytes at 0x2002 failed");
  });
}

TEST_F(VirtioBlkErrors, MissingHeaderOrStatusNeedsReset) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    driver.add_chain({{VirtioBlkDriver::header_of(0), 8, false}, {VirtioBlkDriver::status_of(0), 1, true}});
    driver.kick();
    expect_needs_reset(tb, driver, "less than its header");

    driver.init();
    driver.add_chain({{VirtioBlkDriver::header_of(0), 16, false}});
    driver.kick();
    expect_needs_reset(tb, driver, "no device-writable status byte");
  });
}

TEST_F(VirtioBlkErrors, MalformedChainsNeedReset) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 8);
  auto descriptor = [&](uint16_t index, uint64_t address, uint32_t length, uint16_t flags, uint16_t next) {
    uint8_t* d = tb.memory.at(VirtioBlkDriver::desc_table + index * 16);
    store_le(d, 8, address);
    store_le(d + 8, 4, length);
    store_le(d + 12, 2, flags);
    store_le(d + 14, 2, next);
  };
  auto make_available = [&](uint16_t head) {
    uint8_t* avail = tb.memory.at(VirtioBlkDriver::avail_ring);
    store_le(avail + 4, 2, head);
    store_le(avail + 2, 2, 1);
    driver.kick();
  };
  tb.run([&] {
    const uint64_t header = VirtioBlkDriver::header_of(0);
    // A head beyond the queue.
    driver.init();
    make_available(8);
    expect_needs_reset(tb, driver, "descriptor index 8 is beyond the queue size 8");
    // A loop.
    driver.init();
    descriptor(0, header, 16, split::desc_f_next, 1);
    descriptor(1, header, 16, split::desc_f_next, 0);
    make_available(0);
    expect_needs_reset(tb, driver, "longer than the queue");
    // Readable after writable.
    driver.init();
    descriptor(0, header, 16, split::desc_f_write | split::desc_f_next, 1);
    descriptor(1, header, 16, 0, 0);
    make_available(0);
    expect_needs_reset(tb, driver, "driver-readable descriptor after a device-writable one");
    // The available index runs ahead by more than the queue.
    driver.init();
    store_le(tb.memory.at(VirtioBlkDriver::avail_ring + 2), 2, 9);
    driver.kick();
    expect_needs_reset(tb, driver, "available index moved from 0 to 9");
    // Indirect with NEXT, with a bad length, nested.
    driver.init();
    descriptor(0, VirtioBlkDriver::indirect_area, 48, split::desc_f_indirect | split::desc_f_next, 1);
    make_available(0);
    expect_needs_reset(tb, driver, "indirect descriptor with NEXT set");
    driver.init();
    descriptor(0, VirtioBlkDriver::indirect_area, 40, split::desc_f_indirect, 0);
    make_available(0);
    expect_needs_reset(tb, driver, "not a non-zero multiple of 16");
    driver.init();
    descriptor(0, VirtioBlkDriver::indirect_area, 16, split::desc_f_indirect, 0);
    store_le(tb.memory.at(VirtioBlkDriver::indirect_area + 12), 2, split::desc_f_indirect);
    make_available(0);
    expect_needs_reset(tb, driver, "holds another indirect descriptor");
  });
}

TEST_F(VirtioBlkErrors, IndirectWithoutTheFeatureNeedsReset) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init(VirtioBlkDriver::linux_features & ~bit(feature::ring_indirect_desc));
    driver.submit(blk::request::in, 0, data, 512, 0, true);
    driver.kick();
    expect_needs_reset(tb, driver, "VIRTIO_F_INDIRECT_DESC was not negotiated");
  });
}

TEST_F(VirtioBlkErrors, ResetDuringARequestDropsIt) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    tb.memory.fill_pattern(data, 512, 99);
    const auto request = driver.submit(blk::request::out, 2, data, 512);
    driver.kick();
    wait(ns(5000));
    driver.reset();
    // The request's wait ends with the reset: nothing pending, nothing written.
    wait(ns(1));
    EXPECT_FALSE(sc_pending_activity());
    wait(ns(20000));
    EXPECT_EQ(driver.used_idx(), 0u);
    EXPECT_EQ(driver.status(request), 0xee);
    EXPECT_TRUE(tb.irq_edges(0).empty());
    EXPECT_EQ(image.read(2 * 512, 512)[0], TempImage::pattern_byte(2, 0));
    // The device works after re-initialisation.
    driver.init();
    EXPECT_EQ(driver.run(blk::request::in, 2, data, 512), blk::status::ok);
  });
}

TEST_F(VirtioBlkErrors, StoppingTheQueueDropsTheRequest) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    driver.submit(blk::request::in, 2, data, 512);
    driver.kick();
    wait(ns(5000));
    driver.set_reg(mmio::regs::queue_ready, 0);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
    wait(ns(20000));
    EXPECT_EQ(driver.used_idx(), 0u);
    EXPECT_EQ(*tb.memory.at(data), 0);
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, 0u);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
