#pragma once
// C++ functions that translated code calls: the interpreter's semantics for
// everything the translator does not inline, with the retired count made
// exact for the instruction first.

#include <cstdint>

#include "core/hart_context.h"
#include "frontend/decoded_insn.h"

namespace loom::cpu::jit {

// Executes `d` at `pc` as the interpreter would. On entry s.retired counts
// the whole block (the head adds it); `unretired` is how many of those are
// this instruction and the ones after it. Returns 0 to continue in the
// block (the count is again the whole block's), or 1 to leave it: a trap
// is pending (s.pc = pc, the count is exact), or the hart asked for a
// break (s.pc = next pc, the count includes this instruction).
uint32_t execute_in_block(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired);
// The same for the last instruction of a block; 0 means no trap and no
// break: the mode cannot have changed (every CSR write that changes it, and
// xRET, asks for a break), so translated code may go on at s.pc.
// (Both catch every exception, e.g. a SimulationError from a dead device
// server, and keep it for rethrow_pending_exception.)
uint32_t execute_last(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired);

// Called by the dispatcher after translated code returned.
void rethrow_pending_exception();

}  // namespace loom::cpu::jit
