#pragma once
// RVC field layouts: how each 16-bit format maps onto the fields of the
// 32-bit operation it expands to.

#include <cstdint>

#include "frontend/decoded_insn.h"

namespace loom::cpu {

enum class CFormat : uint8_t {
  CIW_Addi4spn, CL_W, CL_D, CS_W, CS_D, CI_Addi, CI_Addiw, CI_Li, CI_Addi16sp, CI_Lui, CB_Shift, CB_Andi, CA, CJ,
  CB_Branch, CI_Slli, CI_Lwsp, CI_Ldsp, CR_Jr, CR_Mv, CR_Ebreak, CR_Jalr, CR_Add, CSS_W, CSS_D,
};

// Fills the operand fields of `insn` from `raw`. Returns false for reserved
// encodings of the format (e.g. c.addi4spn with a zero immediate).
bool expand_compressed(CFormat format, uint32_t raw, DecodedInsn& insn);

}  // namespace loom::cpu
