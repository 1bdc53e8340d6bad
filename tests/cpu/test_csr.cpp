// CSR access rules and WARL behaviour, trap delegation and interrupt
// selection, exercised directly on a hart.
#include <gtest/gtest.h>

#include <cstring>

#include "core/hart.h"
#include "engine/engine.h"
#include "priv/csr.h"
#include "priv/csr_numbers.h"
#include "priv/trap.h"

namespace loom::cpu {
namespace {

class CsrTest : public ::testing::Test {
 protected:
  CsrTest() : hart(0, bus, 1000, 0x80000000) { bus.map_ram(0x80000000, 1 << 20); }
  uint64_t read(uint16_t n) {
    uint64_t v = 0;
    EXPECT_TRUE(csr_read(hart, n, v)) << std::hex << n;
    return v;
  }
  void set_priv(PrivilegeMode p) {
    hart.s.priv = p;
    hart.on_translation_change(false);
  }
  Bus bus;
  Hart hart;
};

TEST_F(CsrTest, MisaReportsRv64ImafdcSu) {
  const uint64_t misa = read(csr::misa);
  EXPECT_EQ(misa >> 62, 2u);
  for (char ext : std::string("IMAFDCSU")) EXPECT_TRUE((misa >> (ext - 'A')) & 1) << ext;
  for (char ext : std::string("BEHNQV")) EXPECT_FALSE((misa >> (ext - 'A')) & 1) << ext;
  EXPECT_TRUE(csr_write(hart, csr::misa, 0));  // WARL: accepted, ignored
  EXPECT_EQ(read(csr::misa), misa);
}

TEST_F(CsrTest, ReadOnlyCsrsRejectWrites) {
  uint64_t v;
  EXPECT_FALSE(csr_write(hart, csr::mhartid, 1));
  EXPECT_FALSE(csr_write(hart, csr::cycle, 1));
  EXPECT_TRUE(csr_read(hart, csr::mhartid, v));
  EXPECT_FALSE(csr_read(hart, 0x7c0, v));  // unimplemented custom CSR
}

TEST_F(CsrTest, LowerPrivilegeCannotReachMachineCsrs) {
  uint64_t v;
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_FALSE(csr_read(hart, csr::mstatus, v));
  EXPECT_TRUE(csr_read(hart, csr::sstatus, v));
  set_priv(PrivilegeMode::User);
  EXPECT_FALSE(csr_read(hart, csr::sstatus, v));
}

TEST_F(CsrTest, SstatusIsARestrictedViewOfMstatus) {
  ASSERT_TRUE(csr_write(hart, csr::sstatus, mstatus::SIE | mstatus::MIE | mstatus::SUM));
  const uint64_t m = read(csr::mstatus);
  EXPECT_TRUE(m & mstatus::SIE);
  EXPECT_TRUE(m & mstatus::SUM);
  EXPECT_FALSE(m & mstatus::MIE);
  EXPECT_EQ((m >> mstatus::UXL_SHIFT) & 3, 2u);
  EXPECT_EQ((m >> mstatus::SXL_SHIFT) & 3, 2u);
}

TEST_F(CsrTest, MstatusWarlFields) {
  ASSERT_TRUE(csr_write(hart, csr::mstatus, 1ull << mstatus::MPP_SHIFT));
  ASSERT_TRUE(csr_write(hart, csr::mstatus, 2ull << mstatus::MPP_SHIFT));  // reserved: keeps S
  EXPECT_EQ((read(csr::mstatus) & mstatus::MPP) >> mstatus::MPP_SHIFT, 1u);
  ASSERT_TRUE(csr_write(hart, csr::mstatus, mstatus::FS));
  EXPECT_TRUE(read(csr::mstatus) & mstatus::SD);  // FS dirty shows in SD
  ASSERT_TRUE(csr_write(hart, csr::mstatus, 0));
  EXPECT_FALSE(read(csr::mstatus) & mstatus::SD);
}

TEST_F(CsrTest, TvecReservedModesAreIgnored) {
  ASSERT_TRUE(csr_write(hart, csr::mtvec, 0x80000101));
  EXPECT_EQ(read(csr::mtvec), 0x80000101u);
  ASSERT_TRUE(csr_write(hart, csr::mtvec, 0x80000202));
  EXPECT_EQ(read(csr::mtvec), 0x80000101u);
}

TEST_F(CsrTest, EpcClearsBitZero) {
  ASSERT_TRUE(csr_write(hart, csr::mepc, 0x80000003));
  EXPECT_EQ(read(csr::mepc), 0x80000002u);
}

TEST_F(CsrTest, DelegationMasks) {
  ASSERT_TRUE(csr_write(hart, csr::medeleg, ~0ull));
  EXPECT_EQ(read(csr::medeleg) & (1ull << 11), 0u);  // ecall from M never delegable
  EXPECT_NE(read(csr::medeleg) & (1ull << 8), 0u);
  ASSERT_TRUE(csr_write(hart, csr::mideleg, ~0ull));
  EXPECT_EQ(read(csr::mideleg), 0x222u);
}

TEST_F(CsrTest, SieAndSipFollowMideleg) {
  ASSERT_TRUE(csr_write(hart, csr::mie, 0xaaa));
  EXPECT_EQ(read(csr::sie), 0u);
  ASSERT_TRUE(csr_write(hart, csr::mideleg, 0x222));
  EXPECT_EQ(read(csr::sie), 0x222u);
  ASSERT_TRUE(csr_write(hart, csr::sip, 0x222));
  EXPECT_EQ(read(csr::mip), 0x2u);  // only SSIP is writable through sip
}

TEST_F(CsrTest, MachineInterruptBitsComeFromDevices) {
  ASSERT_TRUE(csr_write(hart, csr::mip, 0xaaa));
  EXPECT_EQ(read(csr::mip), 0x222u);
  hart.set_external_line(irq::MTI, true);
  EXPECT_EQ(read(csr::mip), 0x2a2u);
}

// CSRRS/CSRRC on mip modify only the software-writable SEIP bit, not the
// PLIC's line that reads OR'ed into it. OpenSBI clears STIP with `csrc mip`
// when Linux sets its timer: with the UART's interrupt asserted at that
// moment, SEIP used to stay set for good and Linux spun in its interrupt
// handler, claiming nothing.
TEST_F(CsrTest, SetAndClearOnMipLeaveTheExternalSeipLineOut) {
  constexpr uint64_t seip = 1ull << irq::SEI, stip = 1ull << irq::STI;
  InterpreterEngine interpreter;
  constexpr uint64_t kUntil = 1'000'000'000;  // ps: far enough for one instruction each time
  const uint32_t program[] = {
      0x3442b0f3,  // csrrc ra, mip, t0
      0x3442a073,  // csrrs zero, mip, t0
      0x34432073,  // csrrs zero, mip, t1
      0x3442b073,  // csrrc zero, mip, t0
  };
  std::memcpy(bus.writable_ram_pointer(0x80000000, sizeof program), program, sizeof program);
  hart.s.x[5] = stip;  // t0
  hart.s.x[6] = seip;  // t1
  ASSERT_TRUE(csr_write(hart, csr::mip, stip));
  hart.set_external_line(irq::SEI, true);
  hart.run(interpreter, kUntil, 1);
  EXPECT_EQ(hart.s.x[1], seip | stip);  // the read still shows the line
  EXPECT_EQ(read(csr::mip), seip);
  hart.run(interpreter, kUntil, 1);
  EXPECT_EQ(read(csr::mip), seip | stip);
  hart.set_external_line(irq::SEI, false);
  EXPECT_EQ(read(csr::mip), stip);  // nothing latched
  // Software's own SEIP survives a read-modify-write of another bit.
  hart.set_external_line(irq::SEI, true);
  hart.run(interpreter, kUntil, 1);
  hart.run(interpreter, kUntil, 1);
  hart.set_external_line(irq::SEI, false);
  EXPECT_EQ(read(csr::mip), seip);
  EXPECT_EQ(hart.s.pc, 0x80000010u);
}

TEST_F(CsrTest, CounterEnablesGateLowerPrivileges) {
  uint64_t v;
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_FALSE(csr_read(hart, csr::cycle, v));
  set_priv(PrivilegeMode::Machine);
  ASSERT_TRUE(csr_write(hart, csr::mcounteren, 0x5));  // CY, IR
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_TRUE(csr_read(hart, csr::cycle, v));
  EXPECT_FALSE(csr_read(hart, csr::time, v));
  set_priv(PrivilegeMode::User);
  EXPECT_FALSE(csr_read(hart, csr::instret, v));
  hart.s.scounteren = 0x4;
  EXPECT_TRUE(csr_read(hart, csr::instret, v));
  EXPECT_FALSE(csr_read(hart, csr::cycle, v));
}

TEST_F(CsrTest, SatpTrapsUnderTvm) {
  uint64_t v;
  ASSERT_TRUE(csr_write(hart, csr::mstatus, mstatus::TVM));
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_FALSE(csr_read(hart, csr::satp, v));
  EXPECT_FALSE(csr_write(hart, csr::satp, 0));
}

TEST_F(CsrTest, FloatingPointCsrsNeedFs) {
  uint64_t v;
  EXPECT_FALSE(csr_read(hart, csr::fcsr, v));
  ASSERT_TRUE(csr_write(hart, csr::mstatus, 1ull << mstatus::FS_SHIFT));
  ASSERT_TRUE(csr_write(hart, csr::fcsr, 0xff));
  EXPECT_EQ(read(csr::fflags), 0x1fu);
  EXPECT_EQ(read(csr::frm), 0x7u);
  EXPECT_EQ(read(csr::mstatus) & mstatus::FS, mstatus::FS);  // now dirty
}

TEST_F(CsrTest, WrittenInstretCountsOnFromTheValue) {
  ASSERT_TRUE(csr_write(hart, csr::minstret, 1000));
  ++hart.s.retired;  // the csrw itself retires
  EXPECT_EQ(read(csr::minstret), 1000u);
}

TEST_F(CsrTest, OddPmpcfgIsIllegalOnRv64) {
  uint64_t v;
  EXPECT_TRUE(csr_read(hart, csr::pmpcfg0, v));
  EXPECT_FALSE(csr_read(hart, csr::pmpcfg0 + 1, v));
  EXPECT_FALSE(csr_read(hart, csr::pmpaddr0 + 16, v));
}

TEST_F(CsrTest, ExceptionsDelegateOnlyBelowMachine) {
  hart.s.medeleg = 1ull << static_cast<unsigned>(Exception::IllegalInstruction);
  hart.s.stvec = 0x80001000;
  hart.s.mtvec = 0x80002000;
  hart.s.pc = 0x80000040;
  take_exception(hart, Exception::IllegalInstruction, 0x1234);  // from M: stays in M
  EXPECT_EQ(hart.s.priv, PrivilegeMode::Machine);
  EXPECT_EQ(hart.s.pc, 0x80002000u);
  EXPECT_EQ(hart.s.mtval, 0x1234u);
  set_priv(PrivilegeMode::User);
  hart.s.pc = 0x80000080;
  take_exception(hart, Exception::IllegalInstruction, 0x99);
  EXPECT_EQ(hart.s.priv, PrivilegeMode::Supervisor);
  EXPECT_EQ(hart.s.sepc, 0x80000080u);
  EXPECT_EQ(hart.s.scause, 2u);
  EXPECT_EQ(hart.s.stval, 0x99u);
  EXPECT_FALSE(hart.s.mstatus & mstatus::SPP);  // came from U
}

TEST_F(CsrTest, InterruptPriorityAndVectoring) {
  hart.s.mie = (1ull << irq::MSI) | (1ull << irq::MTI) | (1ull << irq::STI);
  hart.s.mstatus |= mstatus::MIE;
  hart.set_external_line(irq::MTI, true);
  hart.set_external_line(irq::MSI, true);
  EXPECT_EQ(pending_interrupt(hart), static_cast<int>(irq::MSI));  // MSI before MTI
  hart.s.mstatus &= ~mstatus::MIE;
  EXPECT_EQ(pending_interrupt(hart), -1);  // M-mode with MIE clear
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_EQ(pending_interrupt(hart), static_cast<int>(irq::MSI));  // always enabled below M
  hart.s.mtvec = 0x80000001;  // vectored
  take_interrupt(hart, irq::MTI);
  EXPECT_EQ(hart.s.pc, 0x80000000u + 4 * irq::MTI);
  EXPECT_EQ(hart.s.mcause, (1ull << 63) | irq::MTI);
}

TEST_F(CsrTest, DelegatedInterruptsAreNotTakenInMachineMode) {
  hart.s.mideleg = 1ull << irq::STI;
  hart.s.mie = 1ull << irq::STI;
  hart.s.mip = 1ull << irq::STI;
  hart.s.mstatus |= mstatus::MIE | mstatus::SIE;
  EXPECT_EQ(pending_interrupt(hart), -1);
  set_priv(PrivilegeMode::Supervisor);
  EXPECT_EQ(pending_interrupt(hart), static_cast<int>(irq::STI));
  hart.s.mstatus &= ~mstatus::SIE;
  EXPECT_EQ(pending_interrupt(hart), -1);
  set_priv(PrivilegeMode::User);
  EXPECT_EQ(pending_interrupt(hart), static_cast<int>(irq::STI));
}

}  // namespace
}  // namespace loom::cpu
