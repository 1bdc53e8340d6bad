// The machine's debugging core under every engine: a run stopped anywhere
// (an instruction limit, a pause) goes on exactly as if it never stopped;
// breakpoints stop before their instruction and are stepped over on the way
// on; watchpoints stop after the access with its address; removing them
// restores the plain run. The JIT translates at once here, so its paths
// (blocks that end before a breakpoint, slow accesses in watched pages) are
// the ones exercised.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "machine_test_support.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kFunc = kRam + 0x200;  // `func`, placed with .org below
constexpr uint64_t kData = kRam + 0x8000;

// Two harts; hart 0 calls `func` ten times, which stores a running sum to
// kData and loads it back; hart 1 counts down and parks. Exit code: the sum.
const char* kProgram = R"(
  csrr t0, mhartid
  bnez t0, hart1
  li s0, 10
  li a0, 0
loop:
  call func
  addi s0, s0, -1
  bnez s0, loop
  j exit
hart1:
  li t1, 5000
1: addi t1, t1, -1
  bnez t1, 1b
park: j park
.org 0x200
func:
  li t2, 0x80008000
  ld t3, 0(t2)
  addi t3, t3, 3
  sd t3, 0(t2)
  add a0, a0, t3
  ret
)";

struct Outcome {
  StopReason reason;
  int exit_code;
  uint64_t retired;
  uint64_t time_ps;
  bool operator==(const Outcome& o) const {
    return reason == o.reason && exit_code == o.exit_code && retired == o.retired && time_ps == o.time_ps;
  }
};

class Debug : public testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    REQUIRE_BINUTILS();
    ASSERT_TRUE(t.load("debug", kProgram));
    EngineOptions options;
    options.kind = GetParam();
    options.translate_after = 1;
    t.machine.set_engine(options);
  }
  Outcome outcome(const RunResult& r) {
    return {r.reason, r.exit_code, t.machine.stats().instructions, t.machine.stats().simulated_ps};
  }
  TestMachine t{2};
};

// 0+3, 3+6, ... : the sum of 3k for k = 1..10.
constexpr int kExitCode = 165;

TEST_P(Debug, ARunStoppedAnywhereGoesOnAsIfItNeverStopped) {
  const Outcome whole = [] {
    TestMachine plain(2);
    EXPECT_TRUE(plain.load("debug", kProgram));
    EngineOptions options;
    options.kind = GetParam();
    options.translate_after = 1;
    plain.machine.set_engine(options);
    const RunResult r = plain.machine.run();
    return Outcome{r.reason, r.exit_code, plain.machine.stats().instructions, plain.machine.stats().simulated_ps};
  }();
  ASSERT_EQ(whole.reason, StopReason::GuestExit);
  ASSERT_EQ(whole.exit_code, kExitCode);
  // Stops at odd instruction counts, inside quanta, on either hart.
  RunResult r;
  uint64_t limit = 0;
  do {
    limit += 37;
    r = t.machine.run(limit);
  } while (r.reason == StopReason::InstructionLimit);
  EXPECT_EQ(outcome(r), whole);
}

TEST_P(Debug, ABreakpointStopsBeforeItsInstructionEachTime) {
  t.machine.add_breakpoint(kFunc);
  for (int hit = 1; hit <= 10; ++hit) {
    const RunResult r = t.machine.run();
    ASSERT_EQ(r.reason, StopReason::Debug) << "hit " << hit << ": " << r.message;
    const DebugStop& stop = t.machine.debug_stop();
    EXPECT_EQ(stop.cause, DebugStop::Cause::Breakpoint);
    EXPECT_EQ(stop.hart, 0u);
    EXPECT_EQ(stop.pc, kFunc);
    EXPECT_EQ(t.machine.hart_state(0).pc, kFunc);
  }
  const RunResult r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, kExitCode);
}

TEST_P(Debug, ARemovedBreakpointNoLongerStops) {
  t.machine.add_breakpoint(kFunc);
  ASSERT_EQ(t.machine.run().reason, StopReason::Debug);
  EXPECT_TRUE(t.machine.remove_breakpoint(kFunc));
  EXPECT_FALSE(t.machine.remove_breakpoint(kFunc));
  const RunResult r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, kExitCode);
}

TEST_P(Debug, StepRunsOneInstructionOfOneHart) {
  t.machine.add_breakpoint(kFunc);
  ASSERT_EQ(t.machine.run().reason, StopReason::Debug);
  const uint64_t retired = t.machine.hart_state(0).retired;
  const uint64_t other = t.machine.hart_state(1).retired;
  for (unsigned i = 1; i <= 3; ++i) {
    const RunResult r = t.machine.step(0);
    ASSERT_EQ(r.reason, StopReason::Debug) << r.message;
    EXPECT_EQ(t.machine.debug_stop().cause, DebugStop::Cause::Step);
    EXPECT_EQ(t.machine.hart_state(0).pc, kFunc + 4 * i);
    EXPECT_EQ(t.machine.hart_state(0).retired, retired + i);
  }
  EXPECT_EQ(t.machine.hart_state(1).retired, other);
}

TEST_P(Debug, AWriteWatchpointStopsAfterEachStore) {
  t.machine.add_watchpoint({kData, 8, WatchKind::Write});
  uint64_t expected = 0;
  for (int hit = 1; hit <= 10; ++hit) {
    const RunResult r = t.machine.run();
    ASSERT_EQ(r.reason, StopReason::Debug) << "hit " << hit << ": " << r.message;
    const DebugStop& stop = t.machine.debug_stop();
    EXPECT_EQ(stop.cause, DebugStop::Cause::Watchpoint);
    EXPECT_EQ(stop.data_address, kData);
    EXPECT_EQ(stop.watchpoint.kind, WatchKind::Write);
    EXPECT_EQ(stop.pc, t.machine.hart_state(0).pc);
    expected += 3;
    uint64_t stored = 0;
    ASSERT_TRUE(t.machine.bus().read({0, 0}, kData, 8, stored));
    EXPECT_EQ(stored, expected);  // the store is done
  }
  const RunResult r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, kExitCode);
}

TEST_P(Debug, ReadAndAccessWatchpointsSeeTheirKinds) {
  t.machine.add_watchpoint({kData + 4, 1, WatchKind::Read});  // inside the doubleword
  RunResult r = t.machine.run();
  ASSERT_EQ(r.reason, StopReason::Debug) << r.message;
  EXPECT_EQ(t.machine.debug_stop().watchpoint.kind, WatchKind::Read);
  EXPECT_EQ(t.machine.debug_stop().pc, kFunc + 12);  // after `ld` (li is two instructions)
  ASSERT_TRUE(t.machine.remove_watchpoint({kData + 4, 1, WatchKind::Read}));
  t.machine.add_watchpoint({kData, 8, WatchKind::Access});
  r = t.machine.run();  // the store of this call
  ASSERT_EQ(r.reason, StopReason::Debug) << r.message;
  EXPECT_EQ(t.machine.debug_stop().pc, kFunc + 20);
  r = t.machine.run();  // the load of the next call
  ASSERT_EQ(r.reason, StopReason::Debug) << r.message;
  EXPECT_EQ(t.machine.debug_stop().pc, kFunc + 12);
  ASSERT_TRUE(t.machine.remove_watchpoint({kData, 8, WatchKind::Access}));
  r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, kExitCode);
}

TEST_P(Debug, APauseStopsAtAnInstructionBoundaryAndGoesOn) {
  t.machine.request_pause();
  RunResult r = t.machine.run();
  ASSERT_EQ(r.reason, StopReason::Debug);
  EXPECT_EQ(t.machine.debug_stop().cause, DebugStop::Cause::Pause);
  r = t.machine.run();
  EXPECT_EQ(r.reason, StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, kExitCode);
}

INSTANTIATE_TEST_SUITE_P(Engines, Debug,
                         testing::Values(EngineKind::Interpreter, EngineKind::Jit, EngineKind::Audit),
                         [](const testing::TestParamInfo<EngineKind>& info) {
                           switch (info.param) {
                             case EngineKind::Interpreter: return std::string("interp");
                             case EngineKind::Jit: return std::string("jit");
                             case EngineKind::Audit: return std::string("audit");
                           }
                           return std::string("unknown");
                         });

}  // namespace
}  // namespace loom::cpu
