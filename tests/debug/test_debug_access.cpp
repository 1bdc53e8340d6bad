// What the CPU gives a debugger (Machine::debug_*): memory through a
// hart's current translation without touching the page tables' A/D bits,
// physical memory, CSRs without privilege checks, stepping a sleeping hart.
#include <gtest/gtest.h>

#include <cstring>

#include "machine_test_support.h"
#include "mmu/page_walk.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kRoot = kRam + 0x100000;  // Sv39 root table
constexpr uint64_t kVirtual = 0x40000000;    // a gigapage onto kRam

class DebugAccess : public testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_BINUTILS();
    ASSERT_TRUE(t.load("access", "  wfi\n  j exit\n"));
    // Sv39: VPN[2] = 1 maps the 1 GiB page at kRam, readable and writable,
    // A and D clear (a walk by a hart would set them).
    root_entry = (kRam >> 12) << mmu::pte::PPN_SHIFT | mmu::pte::V | mmu::pte::R | mmu::pte::W;
    t.machine.bus().write_bytes(kRoot + 8, &root_entry, 8);
    t.machine.hart_state(0).satp = mmu::satp::MODE_SV39 << mmu::satp::MODE_SHIFT | kRoot >> 12;
  }
  uint64_t pte() {
    uint64_t value;
    t.machine.bus().read_bytes(kRoot + 8, &value, 8);
    return value;
  }
  TestMachine t;
  uint64_t root_entry = 0;
};

TEST_F(DebugAccess, MachineModeSeesPhysicalAddresses) {
  const uint32_t word = 0xcafef00d;
  EXPECT_EQ(t.machine.debug_write_memory(0, kRam + 0x8000, false, &word, 4), 4u);
  uint32_t back = 0;
  EXPECT_EQ(t.machine.debug_read_memory(0, kRam + 0x8000, false, &back, 4), 4u);
  EXPECT_EQ(back, word);
  EXPECT_EQ(t.machine.debug_read_memory(0, kVirtual + 0x8000, false, &back, 4), 0u);  // nothing there
}

TEST_F(DebugAccess, SupervisorModeReadsThroughItsPageTablesWithoutSideEffects) {
  t.machine.debug_set_privilege(0, PrivilegeMode::Supervisor);
  const uint64_t value = 0x0123456789abcdef;
  t.machine.bus().write_bytes(kRam + 0x8000, &value, 8);
  uint64_t back = 0;
  EXPECT_EQ(t.machine.debug_read_memory(0, kVirtual + 0x8000, false, &back, 8), 8u);
  EXPECT_EQ(back, value);
  const uint64_t other = 42;
  EXPECT_EQ(t.machine.debug_write_memory(0, kVirtual + 0x8000, false, &other, 8), 8u);
  t.machine.bus().read_bytes(kRam + 0x8000, &back, 8);
  EXPECT_EQ(back, 42u);
  EXPECT_EQ(pte(), root_entry);  // no A, no D
  // Unmapped virtual memory, a non-canonical address: nothing.
  EXPECT_EQ(t.machine.debug_read_memory(0, 0x1000, false, &back, 8), 0u);
  EXPECT_EQ(t.machine.debug_read_memory(0, 0x8000000000000000, false, &back, 8), 0u);
  // Physical access ignores the translation.
  EXPECT_EQ(t.machine.debug_read_memory(0, kRam + 0x8000, true, &back, 8), 8u);
  EXPECT_EQ(back, 42u);
  // A read that runs off the end of the mapping stops there.
  uint8_t buffer[16];
  const uint64_t end_of_ram = kVirtual + (16 << 20);
  EXPECT_EQ(t.machine.debug_read_memory(0, end_of_ram - 8, false, buffer, 16), 8u);
}

TEST_F(DebugAccess, DevicesAndRomWritesAreRefused) {
  uint64_t value = 1;
  EXPECT_EQ(t.machine.debug_read_memory(0, 0x2000000, true, &value, 8), 0u);  // CLINT
  EXPECT_EQ(t.machine.debug_write_memory(0, 0x2004000, true, &value, 8), 0u);
  t.machine.bus().map_rom(0x1000, 0x1000, std::vector<uint8_t>(16, 0xab));
  uint8_t byte = 0;
  EXPECT_EQ(t.machine.debug_read_memory(0, 0x1000, true, &byte, 1), 1u);
  EXPECT_EQ(byte, 0xab);
  EXPECT_EQ(t.machine.debug_write_memory(0, 0x1000, true, &byte, 1), 0u);
}

TEST_F(DebugAccess, WritingCodeDropsWhatWasDecodedFromIt) {
  // `wfi; j exit` is fetched and decoded; then the debugger replaces the
  // wfi with `li a0, 7` (addi a0, x0, 7): the hart must execute the new bytes.
  EngineOptions jit;
  jit.translate_after = 1;
  t.machine.set_engine(jit);
  t.machine.hart_state(0).satp = 0;
  ASSERT_EQ(t.machine.step(0).reason, StopReason::Debug);
  t.machine.hart_state(0).pc = kRam;
  const uint32_t li_a0_7 = 0x00700513;
  ASSERT_EQ(t.machine.debug_write_memory(0, kRam, false, &li_a0_7, 4), 4u);
  ASSERT_EQ(t.machine.step(0).reason, StopReason::Debug);
  EXPECT_EQ(t.machine.hart_state(0).x[10], 7u);
  const RunResult r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, 7);
}

TEST_F(DebugAccess, CsrsWithoutPrivilegeChecks) {
  t.machine.debug_set_privilege(0, PrivilegeMode::User);
  uint64_t value = 0;
  EXPECT_TRUE(t.machine.debug_read_csr(0, 0x300, value));  // mstatus from U-mode
  EXPECT_TRUE(t.machine.debug_read_csr(0, 0x003, value));  // fcsr with FS off
  EXPECT_TRUE(t.machine.debug_write_csr(0, 0x340, 0x55));  // mscratch
  EXPECT_EQ(t.machine.hart_state(0).mscratch, 0x55u);
  EXPECT_TRUE(t.machine.debug_write_csr(0, 0x002, 3));  // frm
  EXPECT_EQ(t.machine.hart_state(0).frm, 3u);
  EXPECT_FALSE(t.machine.debug_write_csr(0, 0xf14, 1));  // mhartid is read-only
  EXPECT_FALSE(t.machine.debug_read_csr(0, 0x7b0, value));  // no dcsr
  // A counter written by the debugger reads back as written.
  EXPECT_TRUE(t.machine.debug_write_csr(0, 0xb02, 1000));  // minstret
  EXPECT_TRUE(t.machine.debug_read_csr(0, 0xb02, value));
  EXPECT_EQ(value, 1000u);
  EXPECT_EQ(t.machine.hart_state(0).priv, PrivilegeMode::User);
}

TEST_F(DebugAccess, SteppingASleepingHartWakesIt) {
  t.machine.hart_state(0).satp = 0;
  ASSERT_EQ(t.machine.step(0).reason, StopReason::Debug);  // wfi: asleep at the next pc
  EXPECT_TRUE(t.machine.hart_sleeping(0));
  EXPECT_EQ(t.machine.hart_state(0).pc, kRam + 4);
  ASSERT_EQ(t.machine.step(0).reason, StopReason::Debug);  // j exit
  EXPECT_FALSE(t.machine.hart_sleeping(0));
  EXPECT_NE(t.machine.hart_state(0).pc, kRam + 4);
}

}  // namespace
}  // namespace loom::cpu
