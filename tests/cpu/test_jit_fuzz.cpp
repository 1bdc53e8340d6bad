// Random valid instruction streams through the audit engine, which runs
// every block under the interpreter and then under the JIT and stops at the
// first divergence; then the same program under the JIT and under the
// interpreter must leave the same registers, memory and retired count.
//
// A program mixes RV64IM, Zba/Zbb/Zbs, loads and stores of every width
// (aligned, misaligned, across a page), F/D arithmetic with every rounding
// mode (reserved ones trap), fcsr writes, counters, AMOs and LR/SC
// (misaligned ones trap), forward branches, counted loops (blocks that
// jump back to their own start), illegal instructions, ecall,
// and code that rewrites an instruction ahead of itself (with and without
// fence.i). A machine-mode handler skips every trapping instruction.
//
// LOOM_FUZZ_PROGRAMS (default 60) and LOOM_FUZZ_LENGTH (default 3000)
// scale it up for a long campaign (bench/README.md, "Audit fuzzing").
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <vector>

#include "loom/cpu/machine.h"
#include "jit_test_machine.h"
#include "rv_encode.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kRam = 0x80000000, kHandler = kRam + 0x80000, kData = kRam + 0x100000;
constexpr uint64_t kDataBase = kData + 0xc00;  // t5: offsets reach across the page at kData + 0x1000
constexpr unsigned kT4 = 29, kT5 = 30, kT6 = 31;
constexpr unsigned kWritableRegisters = 28;  // x1..x28 get random results

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 0) : fallback;
}

class ProgramGenerator {
 public:
  explicit ProgramGenerator(uint64_t seed) : rng_(seed) {}

  std::vector<uint32_t> generate(unsigned length) {
    std::vector<uint32_t> p;
    p.push_back(itype(0x73, 1, 0, kT6, 0x305));  // csrw mtvec, t6 (t6 = handler)
    p.push_back(0x00006000u | (15u << 7) | 0x37);  // lui a5, 0x6: FS
    p.push_back(itype(0x73, 2, 0, 15, 0x300));   // csrs mstatus, a5
    while (p.size() < length) emit_one(p, length);
    // Epilogue: every register and FP register into the data page, then stop.
    for (unsigned r = 1; r <= kWritableRegisters; ++r) p.push_back(sd(r, kT5, -0x400 + 8 * static_cast<int>(r)));
    for (unsigned f = 0; f < 32; ++f) p.push_back(stype(0x27, 3, kT5, f, -0x300 + 8 * static_cast<int>(f)));
    p.push_back(jal(0, 0));
    return p;
  }

 private:
  unsigned reg() { return rng_() % (kWritableRegisters + 1); }  // x0 too, as a source
  unsigned rd() { return 1 + rng_() % kWritableRegisters; }
  int32_t data_offset(unsigned size) {
    // Around the page boundary at +0x400 half the time, anywhere otherwise.
    const int32_t near = 0x400 - 8 + static_cast<int32_t>(rng_() % 16);
    const int32_t any = -0x200 + static_cast<int32_t>(rng_() % 0x7f0);
    const int32_t offset = rng_() % 2 ? near : any;
    return rng_() % 4 ? offset & ~static_cast<int32_t>(size - 1) : offset;  // mostly aligned
  }

  void emit_one(std::vector<uint32_t>& p, unsigned length) {
    static const uint32_t kR[] = {
        0x00000033, 0x40000033, 0x00001033, 0x00002033, 0x00003033, 0x00004033, 0x00005033, 0x40005033,
        0x00006033, 0x00007033, 0x0000003b, 0x4000003b, 0x0000103b, 0x0000503b, 0x4000503b,  // RV64I
        0x02000033, 0x02001033, 0x02002033, 0x02003033, 0x02004033, 0x02005033, 0x02006033, 0x02007033,
        0x0200003b, 0x0200403b, 0x0200503b, 0x0200603b, 0x0200703b,  // M
        0x20002033, 0x20004033, 0x20006033, 0x0800003b, 0x40007033, 0x40006033, 0x40004033, 0x0a006033,
        0x0a007033, 0x0a004033, 0x0a005033, 0x60001033, 0x60005033, 0x6000103b, 0x6000503b, 0x48001033,
        0x48005033, 0x68001033, 0x28001033,  // Zba/Zbb/Zbs
    };
    static const uint32_t kUnary[] = {0x60001013, 0x60101013, 0x60201013, 0x6000101b, 0x6010101b, 0x6020101b,
                                      0x60401013, 0x60501013, 0x0800403b, 0x28705013, 0x6b805013};
    static const unsigned kFpBinary[] = {0x01, 0x05, 0x09, 0x0d, 0x00, 0x04, 0x08, 0x0c};  // add/sub/mul/div .d/.s
    const unsigned kind = rng_() % 100;
    if (kind < 30) {
      p.push_back(kR[rng_() % std::size(kR)] | rd() << 7 | reg() << 15 | reg() << 20);
    } else if (kind < 40) {
      static const unsigned kF3[] = {0, 2, 3, 4, 6, 7};
      const int32_t imm = rng_() % 4 ? static_cast<int32_t>(rng_() % 4096) - 2048 : (rng_() % 2 ? -1 : 0);
      p.push_back(rng_() % 3 ? itype(0x13, kF3[rng_() % 6], rd(), reg(), imm) : itype(0x1b, 0, rd(), reg(), imm));
    } else if (kind < 44) {
      static const uint32_t kShift[] = {0x00001013, 0x00005013, 0x40005013, 0x0000101b, 0x0000501b, 0x4000501b};
      const unsigned which = rng_() % 6;
      const uint32_t shamt = which < 3 ? rng_() % 64 : rng_() % 32;
      p.push_back(kShift[which] | shamt << 20 | rd() << 7 | reg() << 15);
    } else if (kind < 47) {
      p.push_back(kUnary[rng_() % std::size(kUnary)] | rd() << 7 | reg() << 15);
    } else if (kind < 49) {
      p.push_back((static_cast<uint32_t>(rng_()) & 0xfffff000u) | rd() << 7 | (rng_() % 2 ? 0x37 : 0x17));
    } else if (kind < 60) {  // integer loads and stores
      static const unsigned kLoadF3[] = {0, 1, 2, 3, 4, 5, 6};
      const unsigned f3 = kLoadF3[rng_() % 7];
      const unsigned size = 1u << (f3 & 3);
      if (rng_() % 2) {
        p.push_back(itype(0x03, f3, rd(), kT5, data_offset(size)));
      } else {
        p.push_back(stype(0x23, f3 & 3, kT5, reg(), data_offset(size)));
      }
    } else if (kind < 66) {  // FP loads and stores
      const bool is_double = rng_() % 2;
      const unsigned f = rng_() % 32;
      p.push_back(rng_() % 2 ? itype(0x07, is_double ? 3 : 2, f, kT5, data_offset(is_double ? 8 : 4))
                             : stype(0x27, is_double ? 3 : 2, kT5, f, data_offset(is_double ? 8 : 4)));
    } else if (kind < 78) {  // FP arithmetic
      const unsigned rm = rng_() % 8;  // 5 and 6 are reserved: illegal
      switch (rng_() % 5) {
        case 0: case 1: p.push_back(fp_op(kFpBinary[rng_() % 8], rng_() % 32, rng_() % 32, rng_() % 32, rm)); break;
        case 2: p.push_back(fp_op(rng_() % 2 ? 0x2d : 0x2c, rng_() % 32, rng_() % 32, 0, rm)); break;  // fsqrt
        case 3: p.push_back(fp_op(0x11, rng_() % 32, rng_() % 32, rng_() % 32, rng_() % 3)); break;    // fsgnj*.d
        default: p.push_back(fp_op(0x51, rd(), rng_() % 32, rng_() % 32, rng_() % 3)); break;          // feq/flt/fle.d
      }
    } else if (kind < 81) {  // fmv both ways, fcsr, counters
      switch (rng_() % 4) {
        case 0: p.push_back(fp_op(0x71, rd(), rng_() % 32, 0, 0)); break;   // fmv.x.d
        case 1: p.push_back(fp_op(0x79, rng_() % 32, reg(), 0, 0)); break;  // fmv.d.x
        case 2: p.push_back(itype(0x73, 1, rd(), reg(), 1 + rng_() % 3)); break;  // csrrw fflags/frm/fcsr
        default: p.push_back(itype(0x73, 2, rd(), 0, rng_() % 2 ? 0xc02 : 0xb00)); break;  // instret, mcycle
      }
    } else if (kind < 84 && p.size() + 14 < length && !in_loop_) {
      // A counted loop (t4 counts down from 1..6): a block that jumps back
      // to its own start, its body any of the above but jumps and t4 users.
      p.push_back(addi(kT4, 0, static_cast<int32_t>(1 + rng_() % 6)));
      const size_t start = p.size();
      const unsigned body = 1 + rng_() % 8;
      in_loop_ = true;
      while (p.size() - start < body) emit_one(p, length);
      in_loop_ = false;
      p.push_back(addi(kT4, kT4, -1));
      p.push_back(btype(1, kT4, 0, -4 * static_cast<int32_t>(p.size() - start)));  // bnez t4, start
    } else if (kind < 86 && p.size() + 5 < length && !in_loop_) {  // forward branch over 1..4 instructions
      const unsigned f3s[] = {0, 1, 4, 5, 6, 7};
      p.push_back(btype(f3s[rng_() % 6], reg(), reg(), 4 * static_cast<int32_t>(2 + rng_() % 4)));
    } else if (kind < 90 && !in_loop_) {  // atomics, sometimes misaligned (a trap)
      const bool misaligned = rng_() % 4 == 0;
      p.push_back(addi(kT4, kT5, (rng_() % 32) * 8 + (misaligned ? 1 : 0)));
      static const uint32_t kAmo[] = {0x0000302f, 0x0800302f, 0x6000302f, 0x1000302f, 0x1800302f,
                                      0x0000202f, 0xa000202f, 0xe000302f};
      uint32_t amo = kAmo[rng_() % std::size(kAmo)] | rd() << 7 | kT4 << 15;
      if ((amo & 0xf8000000u) != 0x10000000u) amo |= reg() << 20;  // lr has no rs2
      p.push_back(amo);
    } else if (kind < 93) {  // a trap: illegal, ecall, ebreak
      static const uint32_t kTraps[] = {0x00000000, 0x00000073, 0x00100073, 0xffffffff};
      p.push_back(kTraps[rng_() % 4]);
    } else if (kind < 96 && p.size() + 7 < length && !in_loop_) {  // rewrite an instruction a few places ahead
      const uint32_t word = addi(rd(), reg(), static_cast<int32_t>(rng_() % 4096) - 2048);
      const bool fence = rng_() % 2;
      p.push_back((28u << 7) | 0x17);                            // auipc t3, 0
      p.push_back(addi(kT4, 28, fence ? 24 : 20));               // t4 = the slot
      p.push_back((28u << 7) | 0x37 | ((word + 0x800) & 0xfffff000u));  // lui t3, hi(word)
      p.push_back(addi(28, 28, static_cast<int32_t>(word << 20) >> 20));  // t3 = word
      p.push_back(sw(28, kT4, 0));                               // store over the slot
      if (fence) p.push_back(0x0000100f);                        // fence.i
      p.push_back(addi(0, 0, 0));                                // the slot: a nop until rewritten
    } else {
      p.push_back(addi(rd(), reg(), static_cast<int32_t>(rng_() % 4096) - 2048));
    }
  }

  std::mt19937_64 rng_;
  bool in_loop_ = false;  // emitting a loop body: no t4, no jumps
};

struct Outcome {
  RunResult result;
  std::vector<uint8_t> data;
  uint64_t retired = 0;
};

Outcome run(EngineKind kind, const std::vector<uint32_t>& program, uint64_t seed, uint64_t limit) {
  const auto owner = engine_test_machine(kind, kRam, 4 << 20);
  Machine& machine = *owner;
  machine.bus().write_bytes(kRam, program.data(), program.size() * 4);
  // The handler: mepc += 4; mret (every generated instruction is 4 bytes).
  const uint32_t handler[] = {itype(0x73, 2, kT6, 0, 0x341), addi(kT6, kT6, 4), itype(0x73, 1, 0, kT6, 0x341),
                              0x30200073};
  machine.bus().write_bytes(kHandler, handler, sizeof handler);
  std::mt19937_64 rng(seed ^ 0x5eed);
  std::vector<uint8_t> data(0x2000);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  machine.bus().write_bytes(kData, data.data(), data.size());
  for (unsigned r = 1; r <= kWritableRegisters; ++r) machine.set_register(0, r, rng());
  machine.set_register(0, kT5, kDataBase);
  machine.set_register(0, kT6, kHandler);
  Outcome out;
  out.result = machine.run(limit);
  out.retired = machine.stats().instructions;
  out.data.resize(data.size());
  machine.bus().read_bytes(kData, out.data.data(), out.data.size());
  return out;
}

TEST(JitFuzz, RandomProgramsAgreeUnderAuditJitAndInterpreter) {
  const uint64_t programs = env_or("LOOM_FUZZ_PROGRAMS", 60), length = env_or("LOOM_FUZZ_LENGTH", 3000);
  uint64_t covered = 0;
  for (uint64_t seed = 1; seed <= programs; ++seed) {
    const auto program = ProgramGenerator(seed).generate(static_cast<unsigned>(length));
    const uint64_t limit = program.size() * 6;  // every trap costs the handler's four
    const Outcome audited = run(EngineKind::Audit, program, seed, limit);
    ASSERT_EQ(audited.result.reason, StopReason::InstructionLimit) << "seed " << seed << ": " << audited.result.message;
    const Outcome jit = run(EngineKind::Jit, program, seed, limit);
    const Outcome interp = run(EngineKind::Interpreter, program, seed, limit);
    ASSERT_EQ(jit.retired, interp.retired) << "seed " << seed;
    ASSERT_EQ(jit.data, interp.data) << "seed " << seed << ": registers or memory differ";
    ASSERT_EQ(audited.data, interp.data) << "seed " << seed;
    covered += audited.retired;
  }
  std::cout << "fuzz: " << programs << " programs, " << covered << " instructions audited\n";
}

}  // namespace
}  // namespace loom::cpu
