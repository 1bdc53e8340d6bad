// loom,virtio-blk under Model::reset, called between simulation steps as the
// device server does when the platform reboots: the same as the driver's
// Status = 0 (registers, queues and the interrupt back to power-on), a
// request under way abandoned at once without touching guest memory again,
// nothing left pending, and a driver can bring the device up again.

#include "test_virtio_blk_driver.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace virtio;
namespace blk = virtio_blk;

using VirtioBlkReset = TlmTest;

constexpr uint64_t image_sectors = 16;
constexpr uint64_t data = VirtioBlkDriver::data_area;

size_t writes_in(const std::vector<Memory::Access>& log) {
  size_t count = 0;
  for (const auto& access : log) count += access.command == tlm::TLM_WRITE_COMMAND ? 1 : 0;
  return count;
}

// Re-initialises the device from outside any process, serves one read of
// sectors 3-4 into `to`, and checks it.
void expect_a_read_works(Testbench& tb, VirtioBlkDriver& driver, uint64_t to) {
  driver.init();
  const auto request = driver.submit(blk::request::in, 3, to, 1024, 2);
  driver.kick();
  const size_t edges = tb.irq_edges(0).size();
  sc_start(ns(10'000 + 10'000));  // enough for any DMA delays of the tests
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_EQ(tb.irq_edges(0).size(), edges + 1);
  EXPECT_EQ(driver.status(request), blk::status::ok);
  EXPECT_EQ(guest_bytes(tb, to, 1024), sector_pattern(3, 2));
  const auto used = driver.take_used();
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0].id, request.head);
}

TEST_F(VirtioBlkReset, ResetDuringTheLatencyAbandonsTheRequest) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  VirtioBlkDriver::Request in_flight{};
  tb.start([&] {
    driver.init();
    driver.submit(blk::request::in, 1, data, 512);
    driver.kick();
    wait(tb.irq(0).posedge_event());  // at 10 us, left unacknowledged
    driver.take_used();
    in_flight = driver.submit(blk::request::in, 3, data + 0x1000, 1024, 1);
    driver.kick();  // under way until 20 us
    driver.set_reg(mmio::regs::device_features_sel, 1);
    driver.set_reg(mmio::regs::queue_sel, 5);  // no such queue
  });
  sc_start(ns(15'000));
  ASSERT_TRUE(tb.irq(0).read());
  ASSERT_EQ(driver.reg(mmio::regs::status) & status::driver_ok, status::driver_ok);
  ASSERT_EQ(sc_time_to_pending_activity(), ns(5000));  // the request's latency
  const size_t accesses = tb.memory.log.size();

  tb.device->reset();
  EXPECT_EQ(driver.reg(mmio::regs::status), 0u);
  EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), 0u);
  EXPECT_EQ(driver.reg(mmio::regs::config_generation), 0u);
  // The selectors are back to 0: the low feature word, queue 0.
  EXPECT_NE(driver.reg(mmio::regs::device_features) & bit(feature::ring_indirect_desc), 0u);
  EXPECT_EQ(driver.reg(mmio::regs::queue_num_max), 256u);
  EXPECT_EQ(driver.reg(mmio::regs::queue_ready), 0u);
  sc_start(ns(1));
  EXPECT_FALSE(tb.irq(0).read());
  ASSERT_EQ(tb.irq_edges(0).size(), 2u);
  EXPECT_EQ(tb.irq_edges(0)[1].time, ns(15'000));
  EXPECT_FALSE(sc_pending_activity());  // the latency wait ended with the reset
  // The features were forgotten: FEATURES_OK needs them accepted again.
  driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok);
  EXPECT_EQ(driver.reg(mmio::regs::status) & status::features_ok, 0u);
  driver.set_reg(mmio::regs::status, 0);

  sc_start(ns(30'000));
  EXPECT_EQ(tb.memory.log.size(), accesses);  // not one access more
  EXPECT_EQ(driver.used_idx(), 1u);
  EXPECT_EQ(driver.status(in_flight), 0xee);
  EXPECT_EQ(guest_bytes(tb, data + 0x1000, 1024), std::vector<uint8_t>(1024, 0));
  EXPECT_EQ(tb.irq_edges(0).size(), 2u);

  expect_a_read_works(tb, driver, data + 0x2000);
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(VirtioBlkReset, ResetDuringAnAnnotatedDmaDelayWritesNothingMore) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"latency_ns", "1000"}}), 0x1000, "loom,virtio-blk");
  tb.memory.access_delay = ns(100);
  VirtioBlkDriver driver(tb);
  VirtioBlkDriver::Request in_flight{};
  tb.start([&] {
    driver.init();
    in_flight = driver.submit(blk::request::in, 2, data, 512);
    driver.kick();
  });
  // Six reads (0 to 600 ns), the latency (to 1600 ns), then the data write
  // at 1600 ns whose 100 ns the device is waiting out at 1650 ns; the status
  // byte, the used element and the used index would follow.
  sc_start(ns(1650));
  ASSERT_EQ(tb.memory.log.size(), 7u);
  ASSERT_EQ(writes_in(tb.memory.log), 1u);
  ASSERT_EQ(sc_time_to_pending_activity(), ns(50));

  tb.device->reset();
  sc_start(ns(1));
  EXPECT_FALSE(sc_pending_activity());  // the wait ended with the reset
  sc_start(ns(10'000));
  EXPECT_EQ(tb.memory.log.size(), 7u);
  EXPECT_EQ(driver.status(in_flight), 0xee);
  EXPECT_EQ(driver.used_idx(), 0u);
  EXPECT_TRUE(tb.irq_edges(0).empty());
  EXPECT_EQ(driver.reg(mmio::regs::status), 0u);

  expect_a_read_works(tb, driver, data + 0x2000);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
