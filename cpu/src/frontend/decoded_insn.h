#pragma once
// The decoder's output: one operation id plus its operand fields, the same
// for a 32-bit instruction and the 16-bit RVC form that expands to it.

#include <cstdint>

namespace loom::cpu {

enum class Op : uint16_t {
#define INSN(Id, mnemonic, mask, match, Format, Flags) Id,
#include "frontend/insn_table.def"
  Illegal,
  Count
};

// How an encoding's fields are laid out and printed.
enum class Format : uint8_t {
  R, I, Shift6, Shift5, Load, Store, B, U, J, Fence, None, Csr, CsrImm, SfenceVma,
  LoadReserved, Amo, Unary,
  FpLoad, FpStore, FpR4, FpRRm, FpR, FpUnaryRm, FpToIntRm, FpToInt, FpCompare, IntToFpRm, IntToFp,
};

struct DecodedInsn {
  Op op = Op::Illegal;
  uint8_t rd = 0;
  uint8_t rs1 = 0;  // for CsrImm: the 5-bit immediate
  uint8_t rs2 = 0;
  uint8_t rs3 = 0;
  uint8_t rm = 0;      // funct3: FP rounding mode; for AMOs aq/rl in bits 1:0
  uint8_t length = 4;  // bytes: 2 or 4
  uint16_t entry = 0;  // index of the matching table entry (for printing)
  int64_t imm = 0;     // sign-extended immediate; CSR number for Csr/CsrImm
  uint32_t raw = 0;
};

}  // namespace loom::cpu
