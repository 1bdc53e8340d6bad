#pragma once
// The loom,test-device DMA engine as the tests program it: source and
// destination in the testbench's RAM, and the register writes of a transfer.

#include <cstdint>

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {

constexpr uint64_t dma_test_src = Testbench::ram_base + 0x1000;
constexpr uint64_t dma_test_dst = Testbench::ram_base + 0x8000;

inline void program_dma(Testbench& tb, uint64_t from, uint64_t to, uint64_t length) {
  tb.write64(test_device::regs::dma_src, from);
  tb.write64(test_device::regs::dma_dst, to);
  tb.write64(test_device::regs::dma_len, length);
}

}  // namespace loom::tlm_devices::testing
