// The protocol layer against a real two-hart machine: what GDB's packets
// answer and do (threads, registers, memory, breakpoints and watchpoints,
// resuming, detaching, killing, monitor commands), with no socket between.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "machine_test_support.h"
#include "rsp_packet.h"
#include "session.h"
#include "target_description.h"

namespace loom::debug {
namespace {

using namespace cpu::test;

constexpr uint64_t kFunc = kCallsFunc;
constexpr uint64_t kData = kCallsData;
const char* kProgram = kCallsProgram;

std::string hex(const std::string& text) { return rsp::to_hex(text); }

std::string unhex(const std::string& text) {
  std::vector<uint8_t> bytes;
  EXPECT_TRUE(rsp::from_hex(text, bytes)) << text;
  return std::string(bytes.begin(), bytes.end());
}

class SessionTest : public testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_BINUTILS();
    ASSERT_TRUE(t.load("session", kProgram));
  }
  std::string ask(const std::string& packet) {
    const SessionAction action = session.handle(packet);
    EXPECT_TRUE(action.reply.has_value()) << packet;
    return action.reply.value_or("<none>");
  }
  // Runs the machine as the server does for a continue, and returns the
  // stop reply.
  std::string run_to_stop() {
    const cpu::RunResult r = t.machine.run();
    EXPECT_EQ(r.reason, cpu::StopReason::Debug) << r.message;
    return session.stopped(t.machine.debug_stop(), false);
  }
  std::string reg(unsigned regnum) { return ask(fmt::format("p{:x}", regnum)); }

  TestMachine t{2};
  Target target{t.machine};
  bool reset_called = false;
  Session session{target, MonitorHooks{[this] {
                                         reset_called = true;
                                         return std::string();
                                       },
                                       [] { return std::string("board: 2 device servers\n"); }}};
};

TEST_F(SessionTest, AnswersTheHandshake) {
  const std::string supported = ask("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+");
  for (const char* feature :
       {"PacketSize=", "qXfer:features:read+", "swbreak+", "hwbreak+", "vContSupported+", "QStartNoAckMode+"}) {
    EXPECT_NE(supported.find(feature), std::string::npos) << feature;
  }
  EXPECT_EQ(ask("qAttached"), "1");
  EXPECT_EQ(ask("vCont?"), "vCont;c;C;s;S");
  EXPECT_TRUE(session.handle("QStartNoAckMode").stop_acks);
  EXPECT_EQ(ask("vMustReplyEmpty"), "");
  EXPECT_EQ(ask("qTStatus"), "");  // unknown: the empty reply
  EXPECT_EQ(ask("bc"), "");
}

TEST_F(SessionTest, HartsAreThreads) {
  EXPECT_EQ(ask("qfThreadInfo"), "m1,2");
  EXPECT_EQ(ask("qsThreadInfo"), "l");
  EXPECT_EQ(ask("T2"), "OK");
  EXPECT_EQ(ask("T3"), "E01");
  EXPECT_EQ(ask("Hg2"), "OK");
  EXPECT_EQ(ask("qC"), "QC2");
  EXPECT_EQ(ask("Hg3"), "E01");
  EXPECT_EQ(ask("Hc-1"), "OK");
  EXPECT_EQ(unhex(ask("qThreadExtraInfo,2")), "hart 1, running");
}

TEST_F(SessionTest, TheTargetDescriptionComesInChunks) {
  std::string xml;
  for (;;) {
    const std::string part = ask(fmt::format("qXfer:features:read:target.xml:{:x},100", xml.size()));
    ASSERT_FALSE(part.empty());
    xml += part.substr(1);
    if (part[0] == 'l') break;
    ASSERT_EQ(part[0], 'm');
  }
  EXPECT_EQ(xml, target_xml());
  for (const char* feature : {"org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu", "org.gnu.gdb.riscv.csr",
                              "org.gnu.gdb.riscv.virtual", "name=\"priv\"", "name=\"mstatus\" bitsize=\"64\" regnum=\"833\"",
                              "name=\"fcsr\"", "<osabi>none</osabi>"}) {
    EXPECT_NE(xml.find(feature), std::string::npos) << feature;
  }
  EXPECT_EQ(ask("qXfer:features:read:other.xml:0,100"), "E00");
}

TEST_F(SessionTest, ReadsAndWritesRegistersOfTheChosenHart) {
  cpu::HartState& h1 = t.machine.hart_state(1);
  h1.x[10] = 0x1122334455667788;
  h1.f[3] = 0x400921fb54442d18;  // pi
  EXPECT_EQ(ask("Hg2"), "OK");
  EXPECT_EQ(reg(10), "8877665544332211");
  EXPECT_EQ(reg(32), rsp::le_hex(kRam, 8));  // pc
  EXPECT_EQ(reg(33 + 3), "182d4454fb210940");
  EXPECT_EQ(reg(kFirstCsrRegnum + 0xf14), rsp::le_hex(1, 8));  // mhartid
  EXPECT_EQ(reg(kPrivRegnum), rsp::le_hex(3, 8));              // M-mode
  EXPECT_EQ(reg(kFirstCsrRegnum + 0x7b0), "E01");               // dcsr: not offered
  // g: x0-x31 then pc, 8 bytes each.
  const std::string all = ask("g");
  ASSERT_EQ(all.size(), kGeneralRegisters * 16);
  EXPECT_EQ(all.substr(10 * 16, 16), "8877665544332211");

  EXPECT_EQ(ask("P5=efbeadde00000000"), "OK");
  EXPECT_EQ(h1.x[5], 0xdeadbeefu);
  EXPECT_EQ(ask("P0=0100000000000000"), "OK");
  EXPECT_EQ(h1.x[0], 0u);  // x0 stays zero
  EXPECT_EQ(ask(fmt::format("P{:x}={}", kFirstCsrRegnum + 0x340, rsp::le_hex(0xabc, 8))), "OK");  // mscratch
  EXPECT_EQ(h1.mscratch, 0xabcu);
  EXPECT_EQ(ask(fmt::format("P{:x}={}", kFirstCsrRegnum + 0xf14, rsp::le_hex(7, 8))), "E01");  // mhartid: read-only
  EXPECT_EQ(ask(fmt::format("P{:x}={}", kPrivRegnum, rsp::le_hex(2, 8))), "E01");  // no mode 2
  EXPECT_EQ(ask(fmt::format("P{:x}={}", kPrivRegnum, rsp::le_hex(1, 8))), "OK");
  EXPECT_EQ(h1.priv, cpu::PrivilegeMode::Supervisor);
  EXPECT_EQ(t.machine.hart_state(0).x[5], 0u);  // hart 0 untouched

  std::string g = all;
  g.replace(6 * 16, 16, "2a00000000000000");
  EXPECT_EQ(ask("G" + g), "OK");
  EXPECT_EQ(h1.x[6], 42u);
  EXPECT_EQ(ask("G1234"), "E16");
}

TEST_F(SessionTest, MemoryIsRamAndRomOnlyNeverADevice) {
  EXPECT_EQ(ask(fmt::format("M{:x},4:78563412", kData)), "OK");
  EXPECT_EQ(ask(fmt::format("m{:x},4", kData)), "78563412");
  EXPECT_EQ(ask(fmt::format("X{:x},3:a}}\x03z", kData)), "OK");  // binary, with an escaped '#'
  EXPECT_EQ(ask(fmt::format("m{:x},4", kData)), "61237a12");
  EXPECT_EQ(ask(fmt::format("X{:x},0:", kData)), "OK");
  // The CLINT's registers are no memory: GDB never reads a device.
  EXPECT_EQ(ask("m2000000,8"), "E14");
  EXPECT_EQ(ask("M2000000,4:01000000"), "E14");
  // Reads stop where memory does.
  const uint64_t ram_end = kRam + (16 << 20);
  EXPECT_EQ(ask(fmt::format("m{:x},8", ram_end - 4)).size(), 8u);
  EXPECT_EQ(ask("mzz,4"), "E16");
}

TEST_F(SessionTest, SoftwareAndHardwareBreakpointsStopAndSayWhich) {
  EXPECT_EQ(ask(fmt::format("Z0,{:x},4", kFunc)), "OK");
  const SessionAction go = session.handle("vCont;c");
  EXPECT_EQ(go.resume.kind, Resume::Kind::Continue);
  EXPECT_FALSE(go.reply.has_value());
  EXPECT_EQ(run_to_stop(), "T05thread:1;swbreak:;");
  EXPECT_EQ(ask("?"), "T05thread:1;swbreak:;");
  EXPECT_EQ(ask(fmt::format("z0,{:x},4", kFunc)), "OK");
  EXPECT_EQ(ask(fmt::format("z0,{:x},4", kFunc)), "E16");  // not set any more
  EXPECT_EQ(ask(fmt::format("Z1,{:x},4", kFunc)), "OK");
  EXPECT_EQ(run_to_stop(), "T05thread:1;hwbreak:;");
  EXPECT_EQ(t.machine.hart_state(0).pc, kFunc);
  EXPECT_EQ(ask("Z7,0,4"), "");  // an unknown type is not supported
}

TEST_F(SessionTest, WatchpointsReportTheDataAddress) {
  EXPECT_EQ(ask(fmt::format("Z2,{:x},8", kData)), "OK");
  EXPECT_EQ(run_to_stop(), fmt::format("T05thread:1;watch:{:x};", kData));
  EXPECT_EQ(ask(fmt::format("z2,{:x},8", kData)), "OK");
  // A read watchpoint on the upper half of the doubleword: the report
  // names an address inside it, where GDB looks for its watchpoint.
  EXPECT_EQ(ask(fmt::format("Z3,{:x},4", kData + 4)), "OK");
  EXPECT_EQ(run_to_stop(), fmt::format("T05thread:1;rwatch:{:x};", kData + 4));
  EXPECT_EQ(ask(fmt::format("z3,{:x},4", kData + 4)), "OK");
  EXPECT_EQ(ask(fmt::format("Z4,{:x},8", kData)), "OK");
  EXPECT_EQ(run_to_stop(), fmt::format("T05thread:1;awatch:{:x};", kData));
  EXPECT_EQ(ask(fmt::format("Z2,{:x},0", kData)), "E16");  // no bytes to watch
}

TEST_F(SessionTest, SteppingMovesOnlyTheSteppedHart) {
  SessionAction a = session.handle("vCont;s:2;c");
  EXPECT_EQ(a.resume.kind, Resume::Kind::Step);
  EXPECT_EQ(a.resume.hart, 1u);
  a = session.handle("vCont;c:1");
  EXPECT_EQ(a.resume.kind, Resume::Kind::Continue);
  EXPECT_EQ(ask("Hc2"), "OK");
  a = session.handle("s");
  EXPECT_EQ(a.resume.kind, Resume::Kind::Step);
  EXPECT_EQ(a.resume.hart, 1u);
  a = session.handle("vCont;s");
  EXPECT_EQ(a.resume.hart, 1u);
  EXPECT_EQ(ask("vCont;t:1"), "E16");

  const cpu::RunResult r = t.machine.step(1);
  ASSERT_EQ(r.reason, cpu::StopReason::Debug);
  EXPECT_EQ(session.stopped(t.machine.debug_stop(), false), "T05thread:2;");
  EXPECT_EQ(t.machine.hart_state(1).pc, kRam + 4);
  EXPECT_EQ(t.machine.hart_state(0).pc, kRam);
  // c ADDR: on from another pc.
  a = session.handle(fmt::format("c{:x}", kRam + 8));
  EXPECT_EQ(a.resume.kind, Resume::Kind::Continue);
  EXPECT_EQ(t.machine.hart_state(1).pc, kRam + 8);
}

TEST_F(SessionTest, AnInterruptIsSigint) {
  t.machine.request_pause();
  const cpu::RunResult r = t.machine.run();
  ASSERT_EQ(r.reason, cpu::StopReason::Debug);
  EXPECT_EQ(session.stopped(t.machine.debug_stop(), true), "T02thread:1;");
}

TEST_F(SessionTest, DetachLeavesNothingBehindAndKillEndsTheRun) {
  EXPECT_EQ(ask(fmt::format("Z0,{:x},4", kFunc)), "OK");
  EXPECT_EQ(ask(fmt::format("Z1,{:x},4", kFunc)), "OK");
  EXPECT_EQ(ask(fmt::format("Z2,{:x},8", kData)), "OK");
  const SessionAction detach = session.handle("D");
  EXPECT_TRUE(detach.detach);
  EXPECT_EQ(detach.reply, "OK");
  target.remove_all_points();  // what the server does on detach
  EXPECT_FALSE(target.has_points());
  const cpu::RunResult r = t.machine.run();
  EXPECT_EQ(r.reason, cpu::StopReason::GuestExit);
  EXPECT_EQ(r.exit_code, 165);

  const SessionAction kill = session.handle("k");
  EXPECT_TRUE(kill.kill);
  EXPECT_FALSE(kill.reply.has_value());  // k has no reply
  EXPECT_TRUE(session.handle("vKill;1").kill);
  const auto ended = session.run_ended({cpu::StopReason::Error, 1, "hart 0 is stuck"}, 1);
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(unhex(ended[0].substr(1)), "loom: hart 0 is stuck\n");
  EXPECT_EQ(ended[1], "W01");
  EXPECT_EQ(session.run_ended({cpu::StopReason::GuestExit, 165, ""}, 165), std::vector<std::string>{"Wa5"});
}

TEST_F(SessionTest, MonitorCommands) {
  EXPECT_NE(unhex(ask("qRcmd," + hex("help"))).find("monitor phys on|off"), std::string::npos);
  const std::string stats = unhex(ask("qRcmd," + hex("stats")));
  EXPECT_NE(stats.find("instructions retired: 0"), std::string::npos) << stats;
  EXPECT_NE(stats.find("hart 1: pc 0x80000000, M-mode, running"), std::string::npos) << stats;
  EXPECT_NE(stats.find("board: 2 device servers"), std::string::npos) << stats;
  EXPECT_EQ(unhex(ask("qRcmd," + hex("phys on"))), "memory access: physical\n");
  EXPECT_TRUE(target.physical());
  EXPECT_EQ(unhex(ask("qRcmd," + hex("phys sideways"))), "monitor phys sideways: expected on or off\n");
  EXPECT_EQ(unhex(ask("qRcmd," + hex("phys off"))), "memory access: through each hart's translation\n");
  EXPECT_FALSE(target.physical());
  EXPECT_NE(unhex(ask("qRcmd," + hex("reset"))).find("board reset"), std::string::npos);
  EXPECT_TRUE(reset_called);
  EXPECT_EQ(unhex(ask("qRcmd," + hex("frobnicate"))), "unknown monitor command 'frobnicate': try `monitor help`\n");
}

}  // namespace
}  // namespace loom::debug
