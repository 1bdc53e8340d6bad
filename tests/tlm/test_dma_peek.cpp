// DMA_PEEK: an 8-byte DMA read at DMA_SRC performed inside the MMIO read's
// own b_transport, without waiting.

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using DmaPeek = TlmTest;

constexpr uint64_t src = Testbench::ram_base + 0x2000;

TEST_F(DmaPeek, ReturnsMemoryAtSrcWithinTheRead) {
  Testbench tb;
  tb.memory.access_delay = ns(40);
  tb.run([&] {
    wait(ns(100));
    const uint8_t bytes[] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    std::copy(std::begin(bytes), std::end(bytes), tb.memory.at(src + 3));
    tb.write64(regs::dma_src, src + 3);

    const MmioResult peek = tb.read(regs::dma_peek, 8);
    EXPECT_EQ(peek.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(peek.value, 0x8877'6655'4433'2211u);
    EXPECT_EQ(peek.delay, ns(10 + 40));        // the device's and the memory's annotations
    EXPECT_EQ(sc_time_stamp(), ns(100));       // nothing waited
    ASSERT_EQ(tb.memory.log.size(), 1u);
    EXPECT_EQ(tb.memory.log[0].command, tlm::TLM_READ_COMMAND);
    EXPECT_EQ(tb.memory.log[0].address, src + 3);
    EXPECT_EQ(tb.memory.log[0].length, 8u);
    EXPECT_EQ(tb.memory.log[0].time, ns(110));  // after the device's own access delay

    const MmioResult low = tb.read(regs::dma_peek, 4);
    EXPECT_EQ(low.value, 0x4433'2211u);
    EXPECT_EQ(tb.memory.log.back().length, 8u);  // still an 8-byte DMA read

    // Sees memory as it is now.
    *tb.memory.at(src + 3) = 0xaa;
    EXPECT_EQ(tb.read64(regs::dma_peek), 0x8877'6655'4433'22aau);
    EXPECT_EQ(tb.read64(regs::dma_status), 0u);  // the engine is not involved
  });
}

TEST_F(DmaPeek, FailedDmaFailsTheReadAndLeavesStatusAlone) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::dma_src, 0x10);  // not RAM
    const MmioResult peek = tb.read(regs::dma_peek, 8);
    EXPECT_EQ(peek.status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(tb.memory.log.size(), 1u);
    EXPECT_EQ(tb.read64(regs::dma_status), 0u);
    EXPECT_EQ(tb.read64(regs::irq_status), 0u);
  });
}

TEST_F(DmaPeek, WorksWhileTheEngineIsBusy) {
  Testbench tb;
  tb.run([&] {
    tb.memory.fill_pattern(src, 64, 1);
    tb.write64(regs::dma_src, src);
    tb.write64(regs::dma_dst, src + 0x100);
    tb.write64(regs::dma_len, 64);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    wait(ns(500));
    uint64_t expected = 0;
    for (unsigned i = 0; i < 8; ++i) expected |= uint64_t{*tb.memory.at(src + i)} << (8 * i);
    EXPECT_EQ(tb.read64(regs::dma_peek), expected);
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_busy);
    wait(tb.irq(irq_dma).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000));
    EXPECT_EQ(tb.read64(regs::dma_status), dma_status_done);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
