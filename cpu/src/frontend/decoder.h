#pragma once
// Table-driven decoder over frontend/insn_table.def, shared by the
// interpreter, the disassembler and (later) the JIT.

#include <cstdint>
#include <string>

#include "frontend/decoded_insn.h"

namespace loom::cpu {

// Length in bytes of the instruction whose low 16 bits are `low_half`.
inline unsigned insn_length(uint32_t low_half) { return (low_half & 3) == 3 ? 4 : 2; }

// Decodes one instruction (`raw` holds 16 or 32 significant bits, as given by
// insn_length). Unknown or reserved encodings give Op::Illegal.
DecodedInsn decode(uint32_t raw);

const char* mnemonic(Op op);
// Mnemonic of the encoding actually decoded ("c.addi" for an RVC addi).
const char* entry_mnemonic(const DecodedInsn& insn);
Format format_of(Op op);

// "addi a0, a0, 1"; `pc` resolves branch targets.
std::string disassemble(const DecodedInsn& insn, uint64_t pc);

}  // namespace loom::cpu
