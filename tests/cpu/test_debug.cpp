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

constexpr uint64_t kFunc = kCallsFunc;
constexpr uint64_t kData = kCallsData;
constexpr int kExitCode = kCallsExitCode;
const char* kProgram = kCallsProgram;

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
  Outcome outcome(const RunResult& r) { return outcome_of(t.machine, r); }
  TestMachine t{2};
};

TEST_P(Debug, ARunStoppedAnywhereGoesOnAsIfItNeverStopped) {
  const Outcome whole = [] {
    TestMachine plain(2);
    EXPECT_TRUE(plain.load("debug", kProgram));
    EngineOptions options;
    options.kind = GetParam();
    options.translate_after = 1;
    plain.machine.set_engine(options);
    return outcome_of(plain.machine, plain.machine.run());
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
                         engine_test_name);

}  // namespace
}  // namespace loom::cpu
