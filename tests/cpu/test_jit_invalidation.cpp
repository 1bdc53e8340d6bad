// Code that changes under translated code: every path that writes guest
// code must drop what was derived from it, under every engine. The program
// calls a function that returns 1, its code is rewritten to return 2, and
// the next call must return 2: written by the program itself (no fence.i:
// Loom makes stores visible to fetch at once, as QEMU does), by another
// hart while this one is in a chained loop, and by the host (a loader, a
// reset image or a device server's DMA all go through Bus::write_bytes or
// Bus::note_written).
#include <gtest/gtest.h>

#include <vector>

#include "loom/cpu/machine.h"
#include "jit_test_machine.h"
#include "rv_encode.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kRam = 0x80000000, kFunction = kRam + 0x40, kData = kRam + 0x10000;
constexpr unsigned kRa = 1, kT0 = 5, kT1 = 6, kT2 = 7, kS0 = 8, kA0 = 10, kT3 = 28;

class JitInvalidation : public ::testing::TestWithParam<EngineKind> {
 protected:
  explicit JitInvalidation(uint32_t harts = 1) { reset(harts); }
  void reset(uint32_t harts) {
    machine_ = engine_test_machine(GetParam(), kRam, 1 << 20, harts);
    place(kFunction, {addi(kA0, 0, 1), ret()});  // func: li a0, 1; ret
    for (uint32_t h = 0; h < harts; ++h) {
      machine_->set_register(h, kS0, kData);
      machine_->set_register(h, kT1, addi(kA0, 0, 2));  // the new first instruction of func
      machine_->set_register(h, kT2, kFunction);
    }
  }
  void place(uint64_t address, const std::vector<uint32_t>& code) {
    machine_->bus().write_bytes(address, code.data(), code.size() * 4);
  }
  uint64_t data(unsigned index) {
    uint64_t v = 0;
    machine_->bus().read_bytes(kData + 8 * index, &v, 8);
    return v;
  }
  void run(uint64_t instructions) {
    const RunResult r = machine_->run(instructions);
    ASSERT_EQ(r.reason, StopReason::InstructionLimit) << r.message;
  }
  std::unique_ptr<Machine> machine_;
};

TEST_P(JitInvalidation, AStoreByTheProgramItself) {
  place(kRam, {
                  jal(kRa, 0x40),        // 0x00: a0 = func()
                  sd(kA0, kS0, 0),       // 0x04
                  sw(kT1, kT2, 0),       // 0x08: rewrite func
                  jal(kRa, 0x40 - 0xc),  // 0x0c: a0 = func()
                  sd(kA0, kS0, 8),       // 0x10
                  jal(0, 0),             // 0x14: j .
              });
  run(100);
  EXPECT_EQ(data(0), 1u);
  EXPECT_EQ(data(1), 2u);
}

TEST_P(JitInvalidation, AStoreByAnotherHart) {
  reset(2);
  place(kRam, {
                  jal(kRa, 0x40),        // 0x00: a0 = func()
                  addi(kT0, kA0, -2),    // 0x04
                  bne(kT0, 0, -8),       // 0x08: until func returns 2
                  sd(kA0, kS0, 0),       // 0x0c
                  jal(0, 0),             // 0x10: j .
              });
  place(kRam + 0x100, {
                          addi(kT3, kT3, -1),  // 0x100: a delay, so that hart 0 loops in translated code
                          bne(kT3, 0, -4),
                          sw(kT1, kT2, 0),     // rewrite func
                          jal(0, 0),
                      });
  machine_->set_pc(1, kRam + 0x100);
  machine_->set_register(1, kT3, 20000);
  run(200'000);
  EXPECT_EQ(data(0), 2u);
}

TEST_P(JitInvalidation, AWriteByTheHost) {
  place(kRam, {
                  jal(kRa, 0x40),  // 0x00: a0 = func()
                  sd(kA0, kS0, 0),
                  jal(0, -8),      // again
              });
  run(1000);
  EXPECT_EQ(data(0), 1u);
  place(kFunction, {addi(kA0, 0, 2)});  // as a loader, a reset image or DMA would
  run(2000);  // the limit counts from the start
  EXPECT_EQ(data(0), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, JitInvalidation,
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
