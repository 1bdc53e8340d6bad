// PMP matching, priority, locking, uniformity and the pmpcfg/pmpaddr WARL
// rules (privileged spec 1.12, section 3.7).

#include <gtest/gtest.h>

#include "mmu/pmp.h"

namespace loom::cpu::mmu {
namespace {

using A = AccessType;
using P = PrivilegeMode;

constexpr uint8_t kR = pmpcfg::R, kW = pmpcfg::W, kX = pmpcfg::X, kL = pmpcfg::L;
constexpr uint8_t kTor = pmpcfg::A_TOR << pmpcfg::A_SHIFT;
constexpr uint8_t kNa4 = pmpcfg::A_NA4 << pmpcfg::A_SHIFT;
constexpr uint8_t kNapot = pmpcfg::A_NAPOT << pmpcfg::A_SHIFT;

// pmpaddr value for a NAPOT region of `size` bytes (a power of two >= 8).
uint64_t napot(uint64_t base, uint64_t size) { return (base >> 2) | ((size >> 3) - 1); }

class Pmp : public ::testing::Test {
 protected:
  void set(unsigned index, uint8_t cfg, uint64_t address) {
    state.pmpcfg[index] = cfg;
    state.pmpaddr[index] = address;
  }
  bool allows(uint64_t address, uint64_t size, A access, P priv) {
    return pmp_allows(state, address, size, access, priv);
  }

  HartState state{};
};

TEST_F(Pmp, NoEntriesAllowMachineOnly) {
  EXPECT_TRUE(allows(0x80000000, 8, A::Write, P::Machine));
  EXPECT_TRUE(allows(0x80000000, 4, A::Execute, P::Machine));
  EXPECT_FALSE(allows(0x80000000, 8, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0x80000000, 8, A::Read, P::User));
}

TEST_F(Pmp, Na4MatchesExactlyFourBytes) {
  set(0, kNa4 | kR, 0x80001000 >> 2);
  EXPECT_TRUE(allows(0x80001000, 4, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x80001003, 1, A::Read, P::User));
  EXPECT_FALSE(allows(0x80001000, 4, A::Write, P::Supervisor));
  EXPECT_FALSE(allows(0x80001000, 4, A::Execute, P::Supervisor));
  EXPECT_FALSE(allows(0x80001004, 4, A::Read, P::Supervisor));  // no match -> S denied
  EXPECT_FALSE(allows(0x80000ffc, 4, A::Read, P::Supervisor));
}

TEST_F(Pmp, NapotDecodesBaseAndSize) {
  set(0, kNapot | kR | kW, napot(0x80010000, 0x10000));
  EXPECT_FALSE(allows(0x8000fff8, 8, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x80010000, 8, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x8001fff8, 8, A::Write, P::Supervisor));
  EXPECT_FALSE(allows(0x80020000, 8, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0x80010000, 4, A::Execute, P::Supervisor));
}

TEST_F(Pmp, NapotSmallestIsEightBytes) {
  set(0, kNapot | kR, 0x80000008 >> 2);  // trailing bit 0 -> 8 bytes
  EXPECT_TRUE(allows(0x80000008, 8, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0x80000010, 1, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0x80000007, 1, A::Read, P::Supervisor));
}

TEST_F(Pmp, NapotAllOnesCoversEverything) {
  set(15, kNapot | kR | kW | kX, (1ull << kPmpAddrBits) - 1);
  EXPECT_TRUE(allows(0, 8, A::Read, P::User));
  EXPECT_TRUE(allows(0x80000000, 8, A::Execute, P::Supervisor));
  EXPECT_TRUE(allows((1ull << 56) - 8, 8, A::Write, P::Supervisor));
}

TEST_F(Pmp, TorUsesPreviousAddressAsBase) {
  set(0, kTor | kR, 0x1000 >> 2);        // [0, 0x1000)
  set(1, kTor | kR | kW, 0x3000 >> 2);   // [0x1000, 0x3000)
  EXPECT_TRUE(allows(0, 8, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0xff8, 8, A::Write, P::Supervisor));
  EXPECT_TRUE(allows(0x1000, 8, A::Write, P::Supervisor));
  EXPECT_TRUE(allows(0x2ff8, 8, A::Write, P::Supervisor));
  EXPECT_FALSE(allows(0x3000, 8, A::Read, P::Supervisor));
}

TEST_F(Pmp, TorBaseComesFromPreviousEntryEvenWhenItIsOff) {
  set(2, 0, 0x2000 >> 2);  // OFF, but its pmpaddr is entry 3's lower bound
  set(3, kTor | kR, 0x3000 >> 2);
  EXPECT_FALSE(allows(0x1ffc, 4, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x2000, 4, A::Read, P::Supervisor));
}

TEST_F(Pmp, TorWithInvertedBoundsMatchesNothing) {
  set(0, kNapot | kR, napot(0x80000000, 0x1000));  // pmpaddr0 sits above pmpaddr1
  set(1, kTor | kL, 0x1000 >> 2);
  // Entry 1 matches nothing, so an M-mode access below 0x1000 is not stopped.
  EXPECT_TRUE(allows(0x800, 8, A::Write, P::Machine));
  // Nor does it match address 0 (QEMU 7.2 quirk: its collapsed [0,0] range would).
  EXPECT_TRUE(allows(0, 4, A::Read, P::Machine));
}

TEST_F(Pmp, LowestNumberedMatchWins) {
  set(0, kNapot, napot(0x80000000, 0x1000));                 // no permissions
  set(1, kNapot | kR | kW | kX, napot(0x80000000, 0x100000));  // everything
  EXPECT_FALSE(allows(0x80000000, 8, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x80001000, 8, A::Read, P::Supervisor));

  set(0, kNapot | kR | kW | kX, napot(0x80000000, 0x100000));
  set(1, kNapot, napot(0x80000000, 0x1000));
  EXPECT_TRUE(allows(0x80000000, 8, A::Read, P::Supervisor));
}

TEST_F(Pmp, MachineModeIgnoresUnlockedEntries) {
  set(0, kNapot, napot(0x80000000, 0x1000));
  EXPECT_TRUE(allows(0x80000000, 8, A::Write, P::Machine));
  EXPECT_FALSE(allows(0x80000000, 8, A::Write, P::Supervisor));
}

TEST_F(Pmp, LockedEntriesBindMachineMode) {
  set(0, kNapot | kL | kR | kX, napot(0x80000000, 0x1000));
  EXPECT_TRUE(allows(0x80000000, 8, A::Read, P::Machine));
  EXPECT_TRUE(allows(0x80000000, 4, A::Execute, P::Machine));
  EXPECT_FALSE(allows(0x80000000, 8, A::Write, P::Machine));
  EXPECT_TRUE(allows(0x80001000, 8, A::Write, P::Machine));  // outside: default
}

TEST_F(Pmp, PartialMatchFailsEvenForMachineMode) {
  set(0, kNapot | kR | kW, napot(0x80000000, 0x1000));
  set(1, kNapot | kR | kW, napot(0x80000000, 0x10000));
  // Straddles entry 0's end: fails although entry 1 would grant every byte.
  EXPECT_FALSE(allows(0x80000ffc, 8, A::Read, P::Supervisor));
  EXPECT_FALSE(allows(0x80000ffc, 8, A::Read, P::Machine));
  // Starts below entry 0.
  EXPECT_FALSE(allows(0x7ffffffc, 8, A::Read, P::Machine));
  set(2, kNa4 | kR, 0x90000000 >> 2);
  EXPECT_FALSE(allows(0x90000000, 8, A::Read, P::Supervisor));
  EXPECT_TRUE(allows(0x90000000, 4, A::Read, P::Supervisor));
}

TEST_F(Pmp, UniformWhenOneEntryCoversTheRange) {
  set(0, kNapot | kR, napot(0x80000000, 0x2000));
  set(15, kNapot | kR | kW | kX, (1ull << kPmpAddrBits) - 1);
  EXPECT_TRUE(pmp_uniform(state, 0x80000000, 0x1000, A::Read, P::Supervisor));
  EXPECT_TRUE(pmp_uniform(state, 0x80001000, 0x1000, A::Write, P::Supervisor));
  EXPECT_TRUE(pmp_uniform(state, 0x80002000, 0x1000, A::Write, P::Supervisor));  // entry 15
  EXPECT_FALSE(pmp_uniform(state, 0x80000000, 0x4000, A::Read, P::Supervisor));  // crosses entry 0's end
}

TEST_F(Pmp, UniformWhenNothingOverlaps) {
  set(0, kNa4 | kR, 0x80000000 >> 2);
  EXPECT_TRUE(pmp_uniform(state, 0x80001000, 0x1000, A::Read, P::Supervisor));
  EXPECT_TRUE(pmp_uniform(state, 0x80001000, 0x1000, A::Read, P::Machine));
}

TEST_F(Pmp, NotUniformWithASmallerEntryInside) {
  set(0, kNa4 | kR, 0x80000800 >> 2);
  set(1, kNapot | kR | kW, napot(0x80000000, 0x1000));
  EXPECT_FALSE(pmp_uniform(state, 0x80000000, 0x1000, A::Read, P::Supervisor));
  // An 8-byte access over the NA4 entry fails though each byte would be allowed.
  EXPECT_FALSE(allows(0x80000800, 8, A::Read, P::Supervisor));
}

TEST_F(Pmp, NotUniformAcrossTorBoundary) {
  set(0, kTor | kR, 0x80000800 >> 2);
  EXPECT_FALSE(pmp_uniform(state, 0x80000000, 0x1000, A::Read, P::Supervisor));
  EXPECT_TRUE(pmp_uniform(state, 0x80001000, 0x1000, A::Read, P::Supervisor));
}

TEST_F(Pmp, CfgWriteAndReadRoundTrip) {
  pmpcfg_write(state, 0, 0x1f'1b'0d'09'19'0b'1f'11ull);
  EXPECT_EQ(pmpcfg_read(state, 0), 0x1f'1b'0d'09'19'0b'1f'11ull);
  EXPECT_EQ(state.pmpcfg[0], 0x11);
  EXPECT_EQ(state.pmpcfg[7], 0x1f);
  pmpcfg_write(state, 2, 0x8f'00'00'00'00'00'00'19ull);
  EXPECT_EQ(state.pmpcfg[8], 0x19);
  EXPECT_EQ(state.pmpcfg[15], 0x8f);
  EXPECT_EQ(pmpcfg_read(state, 2), 0x8f'00'00'00'00'00'00'19ull);
  EXPECT_EQ(pmpcfg_read(state, 0), 0x1f'1b'0d'09'19'0b'1f'11ull);  // untouched
}

TEST_F(Pmp, CfgWithWriteButNoReadDropsWrite) {
  pmpcfg_write(state, 0, 0x1e'1a'06'02ull);  // W, W|X, NAPOT|W, NAPOT|W|X
  EXPECT_EQ(pmpcfg_read(state, 0), 0x1c'18'04'00ull);
  set(0, 0, napot(0x80000000, 0x1000));
  pmpcfg_write(state, 0, kNapot | kW);
  EXPECT_FALSE(allows(0x80000000, 8, A::Write, P::Supervisor));
}

TEST_F(Pmp, CfgReservedBitsReadAsZero) {
  pmpcfg_write(state, 0, 0x7f);
  EXPECT_EQ(pmpcfg_read(state, 0), 0x1fu);
}

TEST_F(Pmp, LockedCfgIgnoresWrites) {
  pmpcfg_write(state, 0, 0x00'99ull);  // entry 0: L | NAPOT | R
  pmpcfg_write(state, 0, 0x1f'1full);
  EXPECT_EQ(state.pmpcfg[0], 0x99);
  EXPECT_EQ(state.pmpcfg[1], 0x1f);  // neighbours in the same CSR still change
}

TEST_F(Pmp, LockedEntryIgnoresAddressWrites) {
  pmpaddr_write(state, 3, 0x1234);
  pmpcfg_write(state, 0, uint64_t{kL | kNa4 | kR} << 24);
  pmpaddr_write(state, 3, 0x5678);
  EXPECT_EQ(state.pmpaddr[3], 0x1234u);
}

TEST_F(Pmp, LockedTorEntryFreezesPreviousAddress) {
  pmpaddr_write(state, 4, 0x100);
  pmpaddr_write(state, 5, 0x200);
  pmpcfg_write(state, 0, uint64_t{kL | kTor | kR} << 40);  // entry 5
  pmpaddr_write(state, 4, 0x111);
  pmpaddr_write(state, 5, 0x222);
  EXPECT_EQ(state.pmpaddr[4], 0x100u);
  EXPECT_EQ(state.pmpaddr[5], 0x200u);
}

TEST_F(Pmp, LockedNonTorEntryLeavesPreviousAddressWritable) {
  pmpcfg_write(state, 0, uint64_t{kL | kNapot | kR} << 40);  // entry 5
  pmpaddr_write(state, 4, 0x111);
  EXPECT_EQ(state.pmpaddr[4], 0x111u);
}

TEST_F(Pmp, AddressHoldsBits55To2) {
  pmpaddr_write(state, 0, ~0ull);
  EXPECT_EQ(state.pmpaddr[0], (1ull << 54) - 1);
  pmpaddr_write(state, 15, 0x0400'0000'0000'0001ull);
  EXPECT_EQ(state.pmpaddr[15], 1u);
}

TEST_F(Pmp, OddCfgIndexIsIgnored) {
  pmpcfg_write(state, 1, ~0ull);
  pmpcfg_write(state, 3, ~0ull);
  EXPECT_EQ(pmpcfg_read(state, 0), 0u);
  EXPECT_EQ(pmpcfg_read(state, 2), 0u);
  EXPECT_EQ(pmpcfg_read(state, 1), 0u);
}

}  // namespace
}  // namespace loom::cpu::mmu
