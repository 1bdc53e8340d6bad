#include <fmt/format.h>

#include "frontend/decoder.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu {

const char* const kIntRegisterNames[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                           "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                           "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char* const kFpRegisterNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                          "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                          "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                          "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

namespace {

constexpr const char* kRoundingNames[8] = {"rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn"};

const char* x(unsigned r) { return kIntRegisterNames[r & 31]; }
const char* f(unsigned r) { return kFpRegisterNames[r & 31]; }

std::string fence_set(unsigned bits4) {
  std::string s;
  if (bits4 & 8) s += 'i';
  if (bits4 & 4) s += 'o';
  if (bits4 & 2) s += 'r';
  if (bits4 & 1) s += 'w';
  return s.empty() ? "0" : s;
}

std::string amo_suffix(unsigned aqrl) { return std::string(aqrl & 2 ? ".aq" : "") + (aqrl & 1 ? ".rl" : ""); }

}  // namespace

std::string disassemble(const DecodedInsn& d, uint64_t pc) {
  const char* m = entry_mnemonic(d);
  const char* rm = kRoundingNames[d.rm];
  switch (format_of(d.op)) {
    case Format::R: return fmt::format("{} {}, {}, {}", m, x(d.rd), x(d.rs1), x(d.rs2));
    case Format::I:
      if (d.op == Op::JALR) return fmt::format("{} {}, {}({})", m, x(d.rd), d.imm, x(d.rs1));
      return fmt::format("{} {}, {}, {}", m, x(d.rd), x(d.rs1), d.imm);
    case Format::Shift6:
    case Format::Shift5: return fmt::format("{} {}, {}, {}", m, x(d.rd), x(d.rs1), d.imm);
    case Format::Load: return fmt::format("{} {}, {}({})", m, x(d.rd), d.imm, x(d.rs1));
    case Format::Store: return fmt::format("{} {}, {}({})", m, x(d.rs2), d.imm, x(d.rs1));
    case Format::B: return fmt::format("{} {}, {}, {:#x}", m, x(d.rs1), x(d.rs2), pc + d.imm);
    case Format::U: return fmt::format("{} {}, {:#x}", m, x(d.rd), (static_cast<uint64_t>(d.imm) >> 12) & 0xfffff);
    case Format::J: return fmt::format("{} {}, {:#x}", m, x(d.rd), pc + d.imm);
    case Format::Fence: return fmt::format("{} {}, {}", m, fence_set((d.imm >> 4) & 15), fence_set(d.imm & 15));
    case Format::None: return m;
    case Format::Csr: return fmt::format("{} {}, {:#x}, {}", m, x(d.rd), d.imm, x(d.rs1));
    case Format::CsrImm: return fmt::format("{} {}, {:#x}, {}", m, x(d.rd), d.imm, d.rs1);
    case Format::SfenceVma: return fmt::format("{} {}, {}", m, x(d.rs1), x(d.rs2));
    case Format::LoadReserved: return fmt::format("{}{} {}, ({})", m, amo_suffix(d.rm), x(d.rd), x(d.rs1));
    case Format::Amo: return fmt::format("{}{} {}, {}, ({})", m, amo_suffix(d.rm), x(d.rd), x(d.rs2), x(d.rs1));
    case Format::Unary: return fmt::format("{} {}, {}", m, x(d.rd), x(d.rs1));
    case Format::FpLoad: return fmt::format("{} {}, {}({})", m, f(d.rd), d.imm, x(d.rs1));
    case Format::FpStore: return fmt::format("{} {}, {}({})", m, f(d.rs2), d.imm, x(d.rs1));
    case Format::FpR4:
      return fmt::format("{} {}, {}, {}, {}, {}", m, f(d.rd), f(d.rs1), f(d.rs2), f(d.rs3), rm);
    case Format::FpRRm: return fmt::format("{} {}, {}, {}, {}", m, f(d.rd), f(d.rs1), f(d.rs2), rm);
    case Format::FpR: return fmt::format("{} {}, {}, {}", m, f(d.rd), f(d.rs1), f(d.rs2));
    case Format::FpUnaryRm: return fmt::format("{} {}, {}, {}", m, f(d.rd), f(d.rs1), rm);
    case Format::FpToIntRm: return fmt::format("{} {}, {}, {}", m, x(d.rd), f(d.rs1), rm);
    case Format::FpToInt: return fmt::format("{} {}, {}", m, x(d.rd), f(d.rs1));
    case Format::FpCompare: return fmt::format("{} {}, {}, {}", m, x(d.rd), f(d.rs1), f(d.rs2));
    case Format::IntToFpRm: return fmt::format("{} {}, {}, {}", m, f(d.rd), x(d.rs1), rm);
    case Format::IntToFp: return fmt::format("{} {}, {}", m, f(d.rd), x(d.rs1));
  }
  return m;
}

}  // namespace loom::cpu
