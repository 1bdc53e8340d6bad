// Snapshots of the CPU side (snapshot.h, Machine::save/restore): a machine
// saved at any instruction and restored into a fresh one of the same board
// runs on exactly as the uninterrupted run does (exit code, instructions,
// simulated time), under every engine; a snapshot that does not fit the
// board, a damaged file and a device that cannot be saved are refused with
// one line naming what is wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include <sys/stat.h>

#include "machine_test_support.h"

namespace loom::cpu {
namespace {

using namespace test;

// Hart 0 sums squares into memory while a 10 kHz timer counts ticks; hart 1
// adds to a shared counter with AMOs. Exit: (sum + ticks + counter) & 0xff.
const char* kProgram = R"(
  csrr t0, mhartid
  bnez t0, hart1
  la t0, handler
  csrw mtvec, t0
  li t0, 0x200bff8
  ld t1, 0(t0)
  addi t1, t1, 1000
  li t0, 0x2004000
  sd t1, 0(t0)
  li t1, 1 << 7
  csrs mie, t1
  csrsi mstatus, 8
  li s0, 0
  li s1, 20000
  li s2, 0x80009000
sum:
  mul t2, s0, s0
  ld t3, 0(s2)
  add t3, t3, t2
  sd t3, 0(s2)
  addi s0, s0, 1
  bne s0, s1, sum
  csrci mstatus, 8
  ld a0, 0(s2)
  ld t3, 8(s2)
  add a0, a0, t3
  ld t3, 16(s2)
  add a0, a0, t3
  andi a0, a0, 0xff
  j exit
hart1:
  li s2, 0x80009010
  li t1, 3
1: amoadd.d zero, t1, (s2)
  j 1b
handler:
  li t4, 0x80009008
  ld t5, 0(t4)
  addi t5, t5, 1
  sd t5, 0(t4)
  li t4, 0x2004000
  ld t5, 0(t4)
  addi t5, t5, 1000
  sd t5, 0(t4)
  mret
)";

class Snapshot : public testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override { REQUIRE_BINUTILS(); }
  void prepare(TestMachine& t) {
    ASSERT_TRUE(t.load("snapshot", kProgram));
    EngineOptions options;
    options.kind = GetParam();
    options.translate_after = 1;
    t.machine.set_engine(options);
  }
  static Outcome outcome(TestMachine& t, const RunResult& r) { return outcome_of(t.machine, r); }
};

TEST_P(Snapshot, ARestoredMachineRunsOnAsTheUninterruptedOne) {
  TestMachine whole(2);
  prepare(whole);
  const Outcome expected = outcome(whole, whole.machine.run());
  ASSERT_EQ(expected.reason, StopReason::GuestExit);

  for (const uint64_t at : {1ull, 12345ull, 77777ull}) {
    SCOPED_TRACE(at);
    TestMachine first(2);
    prepare(first);
    ASSERT_EQ(first.machine.run(at).reason, StopReason::InstructionLimit);
    StateWriter out;
    first.machine.save(out);

    TestMachine second(2);  // the same board, nothing loaded: RAM comes from the snapshot
    EngineOptions options;
    options.kind = GetParam();
    options.translate_after = 1;
    second.machine.set_engine(options);
    StateReader in(out.data(), "test");
    second.machine.restore(in);
    EXPECT_EQ(outcome(second, second.machine.run()), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, Snapshot,
                         testing::Values(EngineKind::Interpreter, EngineKind::Jit, EngineKind::Audit),
                         engine_test_name);

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SnapshotRefusal, AnotherBoardADamagedFileAndAnUnsavableDevice) {
  REQUIRE_BINUTILS();
  TestMachine two(2);
  ASSERT_TRUE(two.load("refusal", kProgram));
  two.machine.run(1000);
  StateWriter out;
  two.machine.save(out);

  TestMachine one(1);
  StateReader other(out.data(), "two.snap");
  EXPECT_EQ(error_of([&] { one.machine.restore(other); }),
            "snapshot two.snap: section 'machine': 2 harts, a 10000000 ps quantum and a 1000 ps instruction where this "
            "board has 1, 10000000 and 1000");

  EXPECT_EQ(error_of([&] { StateReader bad("LOOMSNAQ....", "bad.snap"); }), "snapshot bad.snap: not a Loom snapshot");
  std::string truncated = out.data().substr(0, out.data().size() / 2);
  TestMachine again(2);
  StateReader cut(truncated, "cut.snap");
  EXPECT_NE(error_of([&] { again.machine.restore(cut); }).find("ends early"), std::string::npos);

  // Written only over an older snapshot, never over another file; a FIFO
  // is refused rather than waited on.
  const std::string dir = scratch_dir().string();
  const std::string program = dir + "/program.bin";
  std::ofstream(program) << "not a snapshot";
  EXPECT_EQ(error_of([&] { out.write_file(program); }),
            "snapshot " + program + ": a file that is not a Loom snapshot is there; not replacing it");
  std::ifstream kept(program);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "not a snapshot");
  const std::string snap = dir + "/board.snap";
  out.write_file(snap);
  out.write_file(snap);  // an older snapshot is replaced
  TestMachine from_file(2);
  StateReader read_back = StateReader::from_file(snap);
  EXPECT_EQ(error_of([&] { from_file.machine.restore(read_back); }), "no error");
  const std::string fifo = dir + "/fifo.snap";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_of([&] { StateReader::from_file(fifo); }), "snapshot " + fifo + ": not a regular file");

  // A device that keeps Device's default cannot be saved: the save says which.
  struct Opaque final : Device {
    std::string name_ = "opaque0";
    const std::string& name() const override { return name_; }
    bool read(const AccessContext&, uint64_t, unsigned, uint64_t& v) override { return v = 0, true; }
    bool write(const AccessContext&, uint64_t, unsigned, uint64_t) override { return true; }
  } opaque;
  two.machine.bus().map_device(0x30000000, 0x1000, opaque);
  StateWriter refused;
  EXPECT_EQ(error_of([&] { two.machine.save(refused); }),
            "device opaque0 cannot be saved in a snapshot (not implemented for its type)");
  two.machine.bus().unmap(opaque);
}


namespace {

// A remote part that refuses or fails as a test asks.
struct ScriptedSource final : SyncSource {
  enum class Restore { Refuse, FailHalfway } how = Restore::Refuse;
  uint64_t next_sync_ps() const override { return UINT64_MAX; }
  void sync(uint64_t) override {}
  void save(StateWriter& out) const override {
    out.begin("scripted", 1);
    out.end();
  }
  void restore(StateReader& in) override {
    in.begin("scripted", 1);
    if (how == Restore::Refuse) in.fail("not this board's servers");
    throw SimulationError("server s0 died during the restore");
  }
};

}  // namespace

TEST(SnapshotRefusal, ASnapshotTheServersRefuseLeavesTheBoardAsItWas) {
  REQUIRE_BINUTILS();
  TestMachine board(1);
  ASSERT_TRUE(board.load("rollback", kProgram));
  ScriptedSource source;
  board.machine.add_sync_source(source);
  board.machine.run(1000);
  StateWriter early;
  board.machine.save(early);
  board.machine.run(1000);
  const uint64_t pc = board.machine.hart_state(0).pc;
  const uint64_t x5 = board.machine.hart_state(0).x[5];
  StateReader in(early.data(), "early.snap");
  EXPECT_EQ(error_of([&] { board.machine.restore(in); }),
            "snapshot early.snap: section 'scripted': not this board's servers");
  EXPECT_EQ(board.machine.hart_state(0).pc, pc);  // rolled back, not the snapshot's
  EXPECT_EQ(board.machine.hart_state(0).x[5], x5);

  // A failure once the servers began to change: the board is half restored and does not run on.
  source.how = ScriptedSource::Restore::FailHalfway;
  StateReader again(early.data(), "early.snap");
  const std::string why = "the board was left half restored by a failed snapshot load: server s0 died during the restore";
  EXPECT_EQ(error_of([&] { board.machine.restore(again); }), why);
  const RunResult result = board.machine.run(1000);
  EXPECT_EQ(result.reason, StopReason::Error);
  EXPECT_EQ(result.message, why);
}

}  // namespace
}  // namespace loom::cpu
