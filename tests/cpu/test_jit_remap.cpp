// Code whose virtual page is mapped elsewhere under translated code: after
// sfence.vma of that address, calls through the same virtual address must
// reach the new code, under every engine. Once for a 4 KiB page, once for
// a 2 MiB megapage flushed through another of its 4 KiB pages (Linux maps
// its text with superpages and flushes single data pages constantly: the
// JIT drops only what such a flush can reach, and this checks the reach).
#include <gtest/gtest.h>

#include <vector>

#include "loom/cpu/machine.h"
#include "jit_test_machine.h"
#include "rv_encode.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kRam = 0x80000000, kRamSize = 16 << 20;
constexpr uint64_t kSupervisorCode = kRam + 0x1000, kData = kRam + 0x2000;
constexpr uint64_t kRoot = kRam + 0x100000, kLevel1 = kRam + 0x101000, kLevel0 = kRam + 0x102000;
constexpr uint64_t kPageA = kRam + 0x200000, kPageB = kRam + 0x201000;  // 4 KiB code pages
constexpr uint64_t kMegaC = kRam + 0x400000, kMegaD = kRam + 0x600000;  // 2 MiB code regions
constexpr uint64_t kVirtualPage = 0x40000000, kVirtualMega = 0x40200000, kMegaOffset = 0x3000;
constexpr uint64_t kV = 1, kR = 2, kW = 4, kX = 8, kA = 64, kD = 128;

constexpr unsigned kRa = 1, kT0 = 5, kT2 = 7, kS0 = 8, kS1 = 9, kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA4 = 14;
constexpr unsigned kT3 = 28, kT4 = 29, kT5 = 30, kT6 = 31;

uint64_t pte(uint64_t physical, uint64_t flags) { return (physical >> 12) << 10 | flags; }
uint32_t jalr(unsigned rd, unsigned rs1) { return itype(0x67, 0, rd, rs1, 0); }
uint32_t csrw(unsigned csr, unsigned rs1) { return itype(0x73, 1, 0, rs1, static_cast<int32_t>(csr)); }
uint32_t add(unsigned rd, unsigned rs1, unsigned rs2) { return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33; }
uint32_t sfence_vma(unsigned rs1) { return rs1 << 15 | 0x12000073; }

class JitRemap : public ::testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    machine_ = engine_test_machine(GetParam(), kRam, kRamSize);
    // Page tables: RAM identity-mapped by a gigapage; kVirtualPage through
    // two levels to page A; kVirtualMega a megapage onto region C.
    const uint64_t leaf = kV | kR | kW | kX | kA | kD;
    put64(kRoot + 8 * (kRam >> 30), pte(kRam, leaf));
    put64(kRoot + 8 * (kVirtualPage >> 30), pte(kLevel1, kV));
    put64(kLevel1 + 8 * 0, pte(kLevel0, kV));
    put64(kLevel0 + 8 * 0, pte(kPageA, leaf));
    put64(kLevel1 + 8 * 1, pte(kMegaC, leaf));
    // The functions: li a0, N; ret.
    place(kPageA, {addi(kA0, 0, 1), ret()});
    place(kPageB, {addi(kA0, 0, 2), ret()});
    place(kMegaC + kMegaOffset, {addi(kA0, 0, 3), ret()});
    place(kMegaD + kMegaOffset, {addi(kA0, 0, 4), ret()});
    // M mode: PMP open to S mode (NAPOT over everything, RWX), satp,
    // MPP = S, mret into the supervisor code.
    place(kRam, {addi(kA4, 0, -1), csrw(0x3b0, kA4), addi(kA4, 0, 0x1f), csrw(0x3a0, kA4), csrw(0x180, kA0),
                 csrw(0x300, kA1), csrw(0x341, kA2), 0x30200073});
    std::vector<uint32_t> s;
    for (int i = 0; i < 3; ++i) s.insert(s.end(), {jalr(kRa, kT0), add(kS1, kS1, kA0)});  // 1 each
    for (int i = 0; i < 3; ++i) s.insert(s.end(), {jalr(kRa, kT4), add(kS1, kS1, kA0)});  // 3 each
    s.insert(s.end(), {sd(kT2, kT3, 0), sfence_vma(kT0), jalr(kRa, kT0), add(kS1, kS1, kA0)});  // page B: 2
    s.insert(s.end(), {sd(kT6, kT5, 0), sfence_vma(kA3), jalr(kRa, kT4), add(kS1, kS1, kA0)});  // region D: 4
    s.insert(s.end(), {sd(kS1, kS0, 0), jal(0, 0)});
    place(kSupervisorCode, s);
    const struct {
      unsigned reg;
      uint64_t value;
    } registers[] = {
        {kA0, 8ull << 60 | kRoot >> 12}, {kA1, 1ull << 11}, {kA2, kSupervisorCode},
        {kT0, kVirtualPage},             {kT4, kVirtualMega + kMegaOffset},
        {kT3, kLevel0},                  {kT2, pte(kPageB, leaf)},
        {kT5, kLevel1 + 8},              {kT6, pte(kMegaD, leaf)},
        {kA3, kVirtualMega + 0x1000},  // another 4 KiB page of the megapage
        {kS0, kData},                    {kS1, 0},
    };
    for (const auto& r : registers) machine_->set_register(0, r.reg, r.value);
  }
  void put64(uint64_t address, uint64_t value) { machine_->bus().write_bytes(address, &value, 8); }
  void place(uint64_t address, const std::vector<uint32_t>& code) {
    machine_->bus().write_bytes(address, code.data(), code.size() * 4);
  }
  std::unique_ptr<Machine> machine_;
};

TEST_P(JitRemap, CallsReachTheNewCodeAfterSfenceVma) {
  const RunResult r = machine_->run(500);
  ASSERT_EQ(r.reason, StopReason::InstructionLimit) << r.message;
  uint64_t sum = 0;
  machine_->bus().read_bytes(kData, &sum, 8);
  EXPECT_EQ(sum, 3 * 1 + 3 * 3 + 2 + 4u);
}

INSTANTIATE_TEST_SUITE_P(Engines, JitRemap,
                         ::testing::Values(EngineKind::Jit, EngineKind::Interpreter, EngineKind::Audit),
                         [](const auto& info) {
                           switch (info.param) {
                             case EngineKind::Jit: return "jit";
                             case EngineKind::Interpreter: return "interp";
                             default: return "audit";
                           }
                         });

}  // namespace
}  // namespace loom::cpu
