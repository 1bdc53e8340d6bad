#pragma once
// Instruction semantics: one function per operation of insn_table.def,
// defined once and used by the interpreter (and as the JIT's fallback).
//
// Contract: on entry h.npc = pc + length; a function writes its results,
// may overwrite h.npc, and on a trap calls h.raise(...) and returns without
// architectural side effects. x0 is re-zeroed by the caller.

#include "core/hart.h"
#include "frontend/decoded_insn.h"
#include "interp/exec_table.h"

namespace loom::cpu {

#define INSN(Id, mnemonic, mask, match, Format, Flags) void exec_##Id(Hart& h, const DecodedInsn& d);
#include "frontend/insn_table.def"
void exec_Illegal(Hart& h, const DecodedInsn& d);

}  // namespace loom::cpu
