// Whole-machine tests: small assembly programs (assembled at test time with
// the cross binutils) run on harts with CLINT, PLIC and HTIF, checking
// interrupt delivery, WFI time skipping, multi-hart wake-up, determinism and
// the run-ending errors that keep a simulation from hanging.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <atomic>
#include <chrono>

#include <unistd.h>

#include "devices/clint.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "loom/cpu/loader.h"
#include "loom/cpu/machine.h"
#include "machine_test_support.h"

namespace loom::cpu {
namespace {

using namespace test;

TEST(Machine, PlicInterruptReachesTheHartAndIsClaimed) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("plic", R"(
  la t0, handler
  csrw mtvec, t0
  li t0, 0xc000000
  li t1, 1
  sw t1, 4*5(t0)          # priority of source 5 = 1
  li t2, 0xc002000
  li t1, 1 << 5
  sw t1, 0(t2)            # enable source 5 for context 0 (hart 0, M)
  li t1, 1 << 11
  csrs mie, t1            # MEIE
  csrsi mstatus, 8        # MIE
  li a0, 99
spin: j spin
handler:
  csrr a1, mcause
  li t2, 0xc200004
  lw a0, 0(t2)            # claim: source id
  li t3, (1 << 63) | 11
  bne a1, t3, bad
  j exit
bad:
  li a0, 77
  j exit
)"));
  t.plic->set_source_level(5, true);
  const RunResult r = t.machine.run(1'000'000);
  EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
  EXPECT_EQ(r.exit_code, 5);
}

TEST(Machine, TimerInterruptAfterWfiSkipsTimeExactly) {
  REQUIRE_BINUTILS();
  auto run_once = [](uint64_t& retired, uint64_t& time) {
    TestMachine t;
    if (!t.load("timer", R"(
  la t0, handler
  csrw mtvec, t0
  li t0, 0x2004000
  li t1, 1000000          # mtimecmp: 100 ms at 10 MHz
  sd t1, 0(t0)
  li t1, 1 << 7
  csrs mie, t1
  csrsi mstatus, 8
wait: wfi
  j wait
handler:
  csrr a0, mcause
  andi a0, a0, 0xff
  j exit
)"))
      return false;
    const RunResult r = t.machine.run(0);
    EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
    EXPECT_EQ(r.exit_code, 7);
    retired = t.machine.stats().instructions;
    time = t.machine.stats().simulated_ps;
    return true;
  };
  uint64_t retired1, time1, retired2, time2;
  ASSERT_TRUE(run_once(retired1, time1));
  ASSERT_TRUE(run_once(retired2, time2));
  EXPECT_LT(retired1, 100u);  // slept, did not spin 100 M instructions
  EXPECT_GE(time1, 100'000'000'000ull);
  EXPECT_LT(time1, 100'000'100'000ull);
  EXPECT_EQ(retired1, retired2);  // deterministic
  EXPECT_EQ(time1, time2);
}

TEST(Machine, SoftwareInterruptWakesAnotherHart) {
  REQUIRE_BINUTILS();
  TestMachine t(2);
  ASSERT_TRUE(t.load("msip", R"(
  csrr t0, mhartid
  bnez t0, hart1
  li t1, 0x2000004        # msip of hart 1
  li t2, 1
  li t3, 20000
delay: addi t3, t3, -1
  bnez t3, delay
  sw t2, 0(t1)
park: j park
hart1:
  la t0, handler
  csrw mtvec, t0
  li t1, 1 << 3
  csrs mie, t1
  csrsi mstatus, 8
sleep: wfi
  j sleep
handler:
  li a0, 42
  j exit
)"));
  const RunResult r = t.machine.run(10'000'000);
  EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
  EXPECT_EQ(r.exit_code, 42);
}

TEST(Machine, TrapLoopEndsTheRunWithAnError) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("storm", R"(
  li t0, 0x1000            # nothing mapped there: the vector itself faults
  csrw mtvec, t0
  .word 0                  # illegal instruction
)"));
  const RunResult r = t.machine.run(0);
  EXPECT_EQ(r.reason, StopReason::Error);
  EXPECT_NE(r.message.find("trap loop"), std::string::npos) << r.message;
}

TEST(Machine, SleepingForeverIsAnErrorNotAHang) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("sleep", R"(
  li t1, 1 << 7
  csrs mie, t1
w: wfi
  j w
)"));
  const RunResult r = t.machine.run(0);
  EXPECT_EQ(r.reason, StopReason::Error);
  EXPECT_NE(r.message.find("wfi"), std::string::npos) << r.message;
}

TEST(Machine, InstructionLimitStopsARunawayProgram) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("spin", "spin: j spin\n"));
  const RunResult r = t.machine.run(12345);
  EXPECT_EQ(r.reason, StopReason::InstructionLimit);
  EXPECT_EQ(t.machine.stats().instructions, 12345u);
}

}  // namespace
}  // namespace loom::cpu

namespace loom::cpu {
namespace {

// A reboot: the program dirties hart, CLINT and PLIC state, spins, and the
// machine is reset; running again from the reset vector, the same program
// finds a mark in RAM (which a reset keeps) and checks that everything else
// is back to its power-on value. Each failed check exits with its own code.
TEST(Machine, ResetRestoresPowerOnStateAndTimeGoesOn) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("reset", R"(
  li t0, 0x80100000       # mark: 0 on the first boot
  ld t1, 0(t0)
  bnez t1, second
  li t1, 1
  sd t1, 0(t0)
  la t1, second
  csrw mtvec, t1
  csrw mscratch, t1
  li t1, 1 << 7
  csrs mie, t1            # MTIE
  li t2, 0xc000000
  li t1, 3
  sw t1, 4*5(t2)          # PLIC priority of source 5
  li t2, 0xc002000
  li t1, 1 << 5
  sw t1, 0(t2)            # enable source 5, context 0
  li t2, 0x2004000
  sd zero, 0(t2)          # mtimecmp 0: MTI pending
  li t2, 0x2000000
  li t1, 1
  sw t1, 0(t2)            # msip
  li s1, 1234
spin: j spin
second:
  li a0, 10
  csrr t1, mtvec
  bnez t1, exit
  li a0, 11
  csrr t1, mscratch
  bnez t1, exit
  li a0, 12
  csrr t1, mie
  bnez t1, exit
  li a0, 13
  csrr t1, mip            # the CLINT dropped MTI and MSI
  bnez t1, exit
  li a0, 14
  bnez s1, exit           # registers are zero again
  li a0, 15
  li t2, 0xc000000
  lw t1, 4*5(t2)
  bnez t1, exit
  li a0, 16
  li t2, 0xc002000
  lw t1, 0(t2)
  bnez t1, exit
  li a0, 17
  li t2, 0x2004000
  ld t1, 0(t2)
  addi t1, t1, 1          # mtimecmp is all ones again
  bnez t1, exit
  li a0, 18
  li t2, 0x200bff8
  ld t1, 0(t2)            # mtime restarted from 0: well under 1 ms of ticks
  li t3, 10000
  bgeu t1, t3, exit
  li a0, 42
  j exit
)"));
  t.machine.on_reset([&t](uint64_t now) { t.clint->reset(now); });
  t.machine.on_reset([&t](uint64_t) { t.plic->reset(); });
  const RunResult first = t.machine.run(20'000);
  ASSERT_EQ(first.reason, StopReason::InstructionLimit) << first.message;
  const uint64_t before = t.machine.stats().simulated_ps;
  t.machine.reset();
  const RunResult second = t.machine.run(40'000);
  EXPECT_EQ(second.reason, StopReason::GuestExit) << second.message;
  EXPECT_EQ(second.exit_code, 42);
  EXPECT_GT(t.machine.stats().simulated_ps, before);
  EXPECT_GT(t.machine.stats().instructions, 20'000u);  // the count goes on
}

}  // namespace
}  // namespace loom::cpu

namespace loom::cpu {
namespace {

// Stands for the console of `loom run`: input may come from outside, and
// comes (as a sync due at once) when `arrive` is set; the sync it leads to
// ends the run.
class FakeConsole final : public SyncSource, public StopSource {
 public:
  std::atomic<bool> arrive{false};
  uint64_t synced_at = 0;
  uint64_t next_sync_ps() const override { return arrive ? 0 : ~0ull; }
  void sync(uint64_t time_ps) override {
    if (arrive) synced_at = time_ps;
  }
  bool may_wake_from_outside() const override { return true; }
  void wait_for_outside(unsigned max_wait_ms) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(max_wait_ms));
  }
  bool stop_requested() const override { return synced_at != 0; }
  RunResult stop_result() const override { return {StopReason::GuestExit, 5, {}}; }
};

// Sleeps in wfi with the timer `ticks` (10 MHz) ahead, `times` times.
std::string sleeper(uint64_t ticks, unsigned times = 3) {
  return R"(
  la t0, handler
  csrw mtvec, t0
  li t1, 1 << 7
  csrs mie, t1
  li s0, 0x2004000
  li s1, 0x200bff8
  li s2, )" + std::to_string(ticks) + R"(
  li s3, )" + std::to_string(times) + R"(
arm:
  ld t1, 0(s1)
  add t1, t1, s2
  sd t1, 0(s0)
  csrsi mstatus, 8
w: wfi
  j w
handler:
  csrci mstatus, 8
  addi s3, s3, -1
  bnez s3, arm
  li a0, 0
  j exit
)";
}

// A tickless OS waiting at its console with a timer minutes ahead: idle
// time passes no faster than host time, so typed input arrives a moment
// (not minutes or days) of simulated time later.
TEST(Machine, IdleTimeFollowsHostTimeWhileConsoleInputCanCome) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("paced", sleeper(600ull * 10'000'000)));  // 10 minutes
  FakeConsole console;
  t.machine.add_sync_source(console);
  t.machine.add_stop_source(console);
  std::thread typist([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    console.arrive = true;
  });
  const RunResult r = t.machine.run(0);
  typist.join();
  EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
  EXPECT_EQ(r.exit_code, 5);  // the console's sync ended it, not the program
  EXPECT_GE(console.synced_at, 200'000'000'000ull);  // at least the 200 ms waited
  EXPECT_LT(console.synced_at, 60'000'000'000'000ull);  // far less than the timer's 10 minutes
}

// No input comes: the run is the one plain idle skipping gives (the same
// instructions, the same simulated time), only paced.
TEST(Machine, PacedIdleWithoutInputMatchesSkipping) {
  REQUIRE_BINUTILS();
  auto run = [](bool console_attached, uint64_t& time, uint64_t& retired) {
    TestMachine t;
    if (!t.load("paced_same", sleeper(1'000'000))) return false;  // 100 ms, three times
    FakeConsole console;
    if (console_attached) t.machine.add_sync_source(console);
    const RunResult r = t.machine.run(0);
    EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
    EXPECT_EQ(r.exit_code, 0);
    time = t.machine.stats().simulated_ps;
    retired = t.machine.stats().instructions;
    return true;
  };
  uint64_t skipped_time, skipped_retired, paced_time, paced_retired;
  ASSERT_TRUE(run(false, skipped_time, skipped_retired));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(run(true, paced_time, paced_retired));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_EQ(paced_time, skipped_time);
  EXPECT_EQ(paced_retired, skipped_retired);
}

// Simulated time cannot run to the end of its 64-bit range (where event
// arithmetic would wrap and the run would hang): one line, not a hang.
TEST(Machine, TheEndOfTheClockIsAnError) {
  REQUIRE_BINUTILS();
  TestMachine t;
  ASSERT_TRUE(t.load("far", sleeper(12ull * 86400 * 10'000'000, 6)));  // 12 days, 6 times
  const RunResult r = t.machine.run(0);
  EXPECT_EQ(r.reason, StopReason::Error);
  EXPECT_NE(r.message.find("end of Loom's picosecond clock"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace loom::cpu

namespace loom::cpu {
namespace {

using namespace test;

// --realtime: idle time passes no faster than host time, even with nobody
// to wake the board; the run's results are those of the skipping run.
TEST(Machine, RealtimePacesIdleTimeToTheHostAndChangesNothingElse) {
  REQUIRE_BINUTILS();
  const char* program = R"(
  la t0, handler
  csrw mtvec, t0
  li t0, 0x2004000
  li t1, 500000           # mtimecmp: 50 ms at 10 MHz
  sd t1, 0(t0)
  li t1, 1 << 7
  csrs mie, t1
  csrsi mstatus, 8
wait: wfi
  j wait
handler:
  li a0, 7
  j exit
)";
  auto run = [&](bool realtime, double& host_seconds) {
    TestMachine t;
    EXPECT_TRUE(t.load("realtime", program));
    t.machine.set_realtime(realtime);
    const auto start = std::chrono::steady_clock::now();
    const RunResult r = t.machine.run(0);
    host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.reason, StopReason::GuestExit) << r.message;
    EXPECT_EQ(r.exit_code, 7);
    return std::make_pair(t.machine.stats().instructions, t.machine.stats().simulated_ps);
  };
  double paced = 0, skipped = 0;
  const auto with = run(true, paced);
  const auto without = run(false, skipped);
  EXPECT_EQ(with, without);
  EXPECT_GE(paced, 0.050);  // a lower bound only: a loaded host is slower, never faster
}

}  // namespace
}  // namespace loom::cpu
