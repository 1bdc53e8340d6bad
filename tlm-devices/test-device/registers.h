#pragma once
// Register map of loom,test-device: offsets from the device's base, widths,
// access rights and field layouts. Behaviour lives in test_device*.cpp; the
// table in ../README.md documents the same map for software.
//
// Access rules (enforced in test_device.cpp): BUFFER takes any access of 1..8
// bytes inside it; every other register takes only a 4- or 8-byte access at
// its own offset with all bytes enabled. A 4-byte access reaches the low half
// of a 64-bit register (a write keeps the high half); an 8-byte access to a
// 32-bit register reads 0 in, and ignores writes to, the high half.

#include <cstdint>

namespace loom::tlm_devices::test_device {

enum class Access { read_only, write_only, read_write };

struct Register {
  uint64_t offset;
  const char* name;
  unsigned width_bits;  // 32 or 64
  Access access;
};

namespace regs {
constexpr uint64_t id = 0x000;               // RO 32: id_value
constexpr uint64_t scratch = 0x008;          // RW 64: plain storage
constexpr uint64_t irq_raise = 0x010;        // WO 32: bit n raises interrupt output n
constexpr uint64_t irq_clear = 0x018;        // WO 32: bit n lowers interrupt output n
constexpr uint64_t irq_status = 0x020;       // RO 32: bit n = level of output n
constexpr uint64_t timer_period_ns = 0x028;  // RW 64: 0 stops the timer
constexpr uint64_t timer_count = 0x030;      // RO 64: ticks since reset
constexpr uint64_t dma_src = 0x040;          // RW 64: physical address DMA reads
constexpr uint64_t dma_dst = 0x048;          // RW 64: physical address DMA writes
constexpr uint64_t dma_len = 0x050;          // RW 64: bytes, at most dma_max_length
constexpr uint64_t dma_ctrl = 0x058;         // WO 32: dma_ctrl_start
constexpr uint64_t dma_status = 0x060;       // RO 32: dma_status_* bits
constexpr uint64_t dma_peek = 0x068;         // RO 64: 8-byte DMA read at DMA_SRC, done inside the read
constexpr uint64_t error = 0x070;            // any access: TLM_GENERIC_ERROR_RESPONSE
constexpr uint64_t buffer = 0x100;           // 256 bytes of storage, any access
}  // namespace regs

constexpr Register register_map[] = {
    {regs::id, "ID", 32, Access::read_only},
    {regs::scratch, "SCRATCH", 64, Access::read_write},
    {regs::irq_raise, "IRQ_RAISE", 32, Access::write_only},
    {regs::irq_clear, "IRQ_CLEAR", 32, Access::write_only},
    {regs::irq_status, "IRQ_STATUS", 32, Access::read_only},
    {regs::timer_period_ns, "TIMER_PERIOD_NS", 64, Access::read_write},
    {regs::timer_count, "TIMER_COUNT", 64, Access::read_only},
    {regs::dma_src, "DMA_SRC", 64, Access::read_write},
    {regs::dma_dst, "DMA_DST", 64, Access::read_write},
    {regs::dma_len, "DMA_LEN", 64, Access::read_write},
    {regs::dma_ctrl, "DMA_CTRL", 32, Access::write_only},
    {regs::dma_status, "DMA_STATUS", 32, Access::read_only},
    {regs::dma_peek, "DMA_PEEK", 64, Access::read_only},
    // Access rights do not matter: every access fails (see regs::error).
    {regs::error, "ERROR", 64, Access::read_write},
};

// The register at exactly `offset`, or null.
constexpr const Register* find_register(uint64_t offset) {
  for (const Register& reg : register_map) {
    if (reg.offset == offset) return &reg;
  }
  return nullptr;
}

constexpr uint32_t id_value = 0x4c4f4f4d;  // "LOOM" in ASCII, most significant byte first

constexpr uint64_t buffer_size = 0x100;
constexpr unsigned max_access_bytes = 8;  // the longest access the bus carries

// Interrupt outputs, in the order Model::interrupts() returns them.
constexpr unsigned num_interrupts = 2;
constexpr unsigned irq_timer = 0;  // raised by each timer tick (and IRQ_RAISE bit 0)
constexpr unsigned irq_dma = 1;    // raised when a DMA transfer ends (and IRQ_RAISE bit 1)
constexpr uint32_t irq_mask = (1u << num_interrupts) - 1;

constexpr uint32_t dma_ctrl_start = 1u << 0;  // starts a transfer unless one is running

constexpr uint32_t dma_status_busy = 1u << 0;   // a transfer is running
constexpr uint32_t dma_status_done = 1u << 1;   // the last transfer has ended (cleared by a start)
constexpr uint32_t dma_status_error = 1u << 2;  // ... and failed: bad length or an error response

constexpr uint64_t dma_max_length = 4096;
constexpr uint64_t dma_chunk_bytes = 64;  // largest single transaction on dma()
constexpr uint64_t dma_peek_bytes = 8;

// The smallest aperture holding every register; the usual one is 0x1000.
constexpr uint64_t min_size = regs::buffer + buffer_size;

}  // namespace loom::tlm_devices::test_device
