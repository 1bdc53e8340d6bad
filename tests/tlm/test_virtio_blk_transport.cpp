// loom,virtio-blk's virtio-mmio transport: identification, the register
// access rules, configuration space, feature negotiation as Linux does it,
// queue setup, reset.

#include "test_virtio_blk_driver.h"
#include "virtio/mmio_transport.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace virtio;
namespace blk = virtio_blk;

using VirtioBlkTransport = TlmTest;

constexpr uint64_t image_sectors = 64;

TEST_F(VirtioBlkTransport, IdentifiesAsAModernBlockDevice) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    EXPECT_EQ(driver.reg(mmio::regs::magic_value), 0x74726976u);
    EXPECT_EQ(driver.reg(mmio::regs::version), 2u);
    EXPECT_EQ(driver.reg(mmio::regs::device_id), 2u);
    EXPECT_EQ(driver.reg(mmio::regs::vendor_id), 0x4c4f4f4du);
    EXPECT_EQ(driver.reg(mmio::regs::status), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::config_generation), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::queue_num_max), 256u);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);

    const uint64_t offered = bit(feature::version_1) | bit(feature::ring_indirect_desc) | bit(blk::feature::seg_max) |
                             bit(blk::feature::blk_size) | bit(blk::feature::flush);
    EXPECT_EQ(driver.device_features(), offered);
    driver.set_reg(mmio::regs::device_features_sel, 2);
    EXPECT_EQ(driver.reg(mmio::regs::device_features), 0u);

    // Configuration space: capacity as one 8-byte read and as Linux reads
    // it (two 4-byte reads), then blk_size, seg_max, num_queues.
    EXPECT_EQ(tb.read64(mmio::config_offset + blk::config::capacity), image_sectors);
    EXPECT_EQ(driver.reg(mmio::config_offset + blk::config::capacity), image_sectors);
    EXPECT_EQ(driver.reg(mmio::config_offset + blk::config::capacity + 4), 0u);
    EXPECT_EQ(driver.reg(mmio::config_offset + blk::config::blk_size), 512u);
    EXPECT_EQ(driver.reg(mmio::config_offset + blk::config::seg_max), 254u);
    EXPECT_EQ(tb.read(mmio::config_offset + blk::config::num_queues, 2).value, 1u);
    EXPECT_EQ(tb.read(mmio::config_offset + blk::config::capacity, 1).value, image_sectors);
    EXPECT_EQ(driver.reg(mmio::config_offset + blk::config::size_max), 0u);
    // The window runs to the end of the aperture, zero past the structure.
    EXPECT_EQ(tb.read64(0xff8), 0u);
  });
}

TEST_F(VirtioBlkTransport, RegisterAccessRules) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  tb.run([&] {
    const MmioResult ok = tb.read(mmio::regs::magic_value, 4);
    EXPECT_EQ(ok.status, tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(ok.dmi_allowed);
    EXPECT_EQ(ok.delay, SC_ZERO_TIME);
    // Registers are 32-bit, one access each.
    EXPECT_EQ(tb.read(mmio::regs::magic_value, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(mmio::regs::magic_value, 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(mmio::regs::magic_value + 1, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(mmio::regs::magic_value, 4, {0xff, 0xff, 0x00, 0xff}).status,
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    // Legacy registers (GuestPageSize, QueueAlign, QueuePFN) and gaps.
    for (uint64_t offset : {0x028, 0x03c, 0x040, 0x018, 0x0f8}) {
      EXPECT_EQ(tb.read(offset, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << offset;
      EXPECT_EQ(tb.write(offset, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << offset;
    }
    // Direction.
    EXPECT_EQ(tb.read(mmio::regs::queue_num, 4).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(mmio::regs::queue_notify, 4).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(mmio::regs::magic_value, 4, 0).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(mmio::regs::interrupt_status, 4, 0).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
    // Configuration space: naturally aligned 1, 2, 4, 8 bytes; writes ignored.
    EXPECT_EQ(tb.read(0x101, 2).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x104, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x100, 3).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x101, 1).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.write(0x100, 8, 0x1234).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(0x100), image_sectors);
    // Beyond the aperture, and longer than any access.
    EXPECT_EQ(tb.read(0x1000, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0xffc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x100, 16).status, tlm::TLM_BURST_ERROR_RESPONSE);
  });
}

TEST_F(VirtioBlkTransport, LinuxStyleProbeReachesDriverOk) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    EXPECT_EQ(driver.reg(mmio::regs::status),
              status::acknowledge | status::driver | status::features_ok | status::driver_ok);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 1u);
    // Linux's del_vq: stop the queue and check that it stopped.
    driver.set_reg(mmio::regs::queue_ready, 0);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
    // Queue 1 does not exist.
    driver.set_reg(mmio::regs::queue_sel, 1);
    EXPECT_EQ(driver.reg(mmio::regs::queue_num_max), 0u);
    driver.set_reg(mmio::regs::queue_ready, 1);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, 0u);
  });
}

TEST_F(VirtioBlkTransport, DriverWithoutVersion1FailsFeaturesOk) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    EXPECT_FALSE(driver.negotiate(VirtioBlkDriver::linux_features & ~bit(feature::version_1)));
    EXPECT_EQ(driver.reg(mmio::regs::status), status::acknowledge | status::driver);
    // Nor may a driver accept what was not offered (EVENT_IDX here).
    driver.reset();
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver);
    driver.set_reg(mmio::regs::driver_features_sel, 1);
    driver.set_reg(mmio::regs::driver_features, 1);  // VERSION_1
    driver.set_reg(mmio::regs::driver_features_sel, 0);
    driver.set_reg(mmio::regs::driver_features, 1u << feature::ring_event_idx);
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok);
    EXPECT_EQ(driver.reg(mmio::regs::status), status::acknowledge | status::driver);
    // The features are frozen once FEATURES_OK sticks.
    ASSERT_TRUE(driver.negotiate());
    driver.set_reg(mmio::regs::driver_features_sel, 1);
    driver.set_reg(mmio::regs::driver_features, 0);
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok);
    EXPECT_EQ(driver.reg(mmio::regs::status), status::acknowledge | status::driver | status::features_ok);
  });
}

TEST_F(VirtioBlkTransport, QueueSizeMustBeAPowerOfTwo) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 12);
  tb.run([&] {
    ASSERT_TRUE(driver.negotiate());
    driver.setup_queue();
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::needs_reset, status::needs_reset);
    auto& transport = dynamic_cast<MmioTransport&>(*tb.device);
    EXPECT_NE(transport.fault().find("QueueNum 12"), std::string::npos) << transport.fault();
    // Before DRIVER_OK the device says nothing through the interrupt.
    EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), 0u);
    driver.reset();
    EXPECT_EQ(transport.fault(), "");
  });
}

TEST_F(VirtioBlkTransport, ResetClearsTheDeviceAndTheRingsRestart) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 8);
  tb.run([&] {
    driver.init();
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(driver.run(blk::request::in, i, VirtioBlkDriver::data_area, 512), blk::status::ok);
    }
    EXPECT_EQ(driver.used_idx(), 3u);
    // Leave an interrupt pending, then reset.
    driver.submit(blk::request::flush, 0, 0, 0);
    driver.kick();
    wait(tb.irq(0).posedge_event());
    driver.reset();
    EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), 0u);
    EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(0).read());
    driver.set_reg(mmio::regs::queue_sel, 0);
    EXPECT_EQ(driver.reg(mmio::regs::queue_num_max), 256u);
    // The features were forgotten: FEATURES_OK needs them again.
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok);
    EXPECT_EQ(driver.reg(mmio::regs::status) & status::features_ok, 0u);

    // A new driver instance with new (zeroed) rings starts from index 0.
    driver.init();
    EXPECT_EQ(driver.run(blk::request::in, 5, VirtioBlkDriver::data_area, 512), blk::status::ok);
    EXPECT_EQ(driver.used_idx(), 1u);
  });
}

TEST_F(VirtioBlkTransport, IdleDeviceHasNoPendingActivity) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.start([&] {
    driver.init();
    driver.submit(blk::request::in, 0, VirtioBlkDriver::data_area, 512);
    driver.kick();
  });
  sc_start(ns(1));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(9999));  // the request's latency
  sc_start(ns(10000));
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_FALSE(sc_pending_activity());
}

}  // namespace
}  // namespace loom::tlm_devices::testing
