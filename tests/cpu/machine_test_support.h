#pragma once
// Whole machines for tests: RAM, CLINT, PLIC and HTIF (exit through
// tohost), and small assembly programs assembled at test time with the
// cross binutils, loaded at 0x80000000.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <unistd.h>

#include "devices/clint.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "loom/cpu/loader.h"
#include "loom/cpu/machine.h"

namespace loom::cpu::test {

constexpr uint64_t kRam = 0x80000000;
constexpr uint64_t kToHost = 0x80010000;
constexpr uint64_t kFromHost = 0x80010040;

inline bool have_cross_binutils() { return std::system("riscv64-unknown-elf-as --version >/dev/null 2>&1") == 0; }

// One directory per test process, removed when it ends.
inline std::filesystem::path scratch_dir() {
  struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("loom-machine-" + std::to_string(::getpid()));
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static Dir dir;
  return dir.path;
}

// Assembles `source` for RV64GC at 0x80000000 and returns the flat image path.
inline std::string assemble(const std::string& name, const std::string& source) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  const auto s = dir / (name + ".S");
  std::ofstream(s) << ".option norvc\n.text\n" << source << "\n";
  const std::string base = (dir / name).string();
  const std::string cmd = "riscv64-unknown-elf-as -march=rv64gc -o " + base + ".o " + s.string() +
                          " && riscv64-unknown-elf-ld -e 0x80000000 -Ttext=0x80000000 -o " + base + ".elf " + base +
                          ".o && riscv64-unknown-elf-objcopy -O binary " + base + ".elf " + base + ".bin";
  if (std::system(cmd.c_str()) != 0) return {};
  return base + ".bin";
}

// Exit through HTIF with code a0.
inline const char* kExitWithA0 = R"(
exit:
  slli a0, a0, 1
  ori a0, a0, 1
  li t0, 0x80010000
  sd a0, 0(t0)
1: j 1b
)";

class HtifExit final : public StopSource {
 public:
  explicit HtifExit(Htif& h) : htif_(h) {}
  bool stop_requested() const override { return htif_.exit_requested(); }
  RunResult stop_result() const override { return {StopReason::GuestExit, htif_.exit_code(), htif_.error()}; }

 private:
  Htif& htif_;
};

struct TestMachine {
  explicit TestMachine(uint32_t harts = 1) : machine(MachineConfig{harts, 1'000'000'000, 10'000'000, kRam}) {
    Bus& bus = machine.bus();
    bus.map_ram(kRam, 16 << 20);
    clint = &machine.own(std::make_unique<Clint>("clint", harts, machine));
    bus.map_device(0x2000000, 0x10000, *clint);
    plic = &machine.own(std::make_unique<Plic>("plic", harts, 32, machine));
    bus.map_device(0xc000000, plic->aperture_size(), *plic);
    timer = std::make_unique<ClintTimer>(*clint);
    machine.set_timer_source(*timer);
    htif = &machine.own(std::make_unique<Htif>(bus, kToHost, kFromHost, console));
    stop = std::make_unique<HtifExit>(*htif);
    machine.add_stop_source(*stop);
  }
  bool load(const std::string& name, const std::string& program) {
    const std::string image = assemble(name, program + kExitWithA0);
    if (image.empty()) return false;
    load_binary(image, machine.bus(), kRam);
    return true;
  }
  Machine machine;
  std::ostringstream console;
  Clint* clint;
  Plic* plic;
  Htif* htif;
  std::unique_ptr<ClintTimer> timer;
  std::unique_ptr<HtifExit> stop;
};

// A two-hart program for debugging tests: hart 0 calls `func` (at
// kCallsFunc, placed with .org) ten times, which adds 3, 6, ... to the
// doubleword at kCallsData and to a0; hart 1 counts down and parks. Exit
// code: the sum, kCallsExitCode.
constexpr uint64_t kCallsFunc = kRam + 0x200;
constexpr uint64_t kCallsData = kRam + 0x8000;
constexpr int kCallsExitCode = 165;
inline const char* kCallsProgram = R"(
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

// How a run ended: compared between runs that must be the same run.
struct Outcome {
  StopReason reason;
  int exit_code;
  uint64_t retired;
  uint64_t time_ps;
  bool operator==(const Outcome& o) const {
    return reason == o.reason && exit_code == o.exit_code && retired == o.retired && time_ps == o.time_ps;
  }
};
inline Outcome outcome_of(Machine& machine, const RunResult& r) {
  return {r.reason, r.exit_code, machine.stats().instructions, machine.stats().simulated_ps};
}

// Test-name suffixes for suites run under every engine.
inline std::string engine_test_name(const testing::TestParamInfo<EngineKind>& info) {
  switch (info.param) {
    case EngineKind::Interpreter: return "interp";
    case EngineKind::Jit: return "jit";
    case EngineKind::Audit: return "audit";
  }
  return "unknown";
}

}  // namespace loom::cpu::test

#define REQUIRE_BINUTILS() \
  if (!loom::cpu::test::have_cross_binutils()) GTEST_SKIP() << "riscv64-unknown-elf binutils not installed"
