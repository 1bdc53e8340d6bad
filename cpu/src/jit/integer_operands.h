#pragma once
// The integer registers an instruction names: what the register map and
// loop blocks care about (F/D formats name f registers in some fields).

#include <array>

#include "frontend/decoded_insn.h"
#include "frontend/decoder.h"

namespace loom::cpu::jit {

// rd, rs1, rs2 of `d` where they are integer registers, else 0 (x0).
inline std::array<unsigned, 3> integer_operands(const DecodedInsn& d) {
  switch (format_of(d.op)) {
    case Format::FpR4: case Format::FpRRm: case Format::FpR: case Format::FpUnaryRm: return {0, 0, 0};
    case Format::FpLoad: case Format::FpStore: case Format::IntToFpRm: case Format::IntToFp: return {0, d.rs1, 0};
    case Format::FpToIntRm: case Format::FpToInt: case Format::FpCompare: return {d.rd, 0, 0};
    default: return {d.rd, d.rs1, d.rs2};
  }
}

}  // namespace loom::cpu::jit
