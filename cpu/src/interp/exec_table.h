#pragma once
// The interpreter's dispatch table: one semantic function per operation,
// indexed by Op (defined in exec_table.cpp from insn_table.def).

#include <cstddef>

#include "frontend/decoded_insn.h"

namespace loom::cpu {

class Hart;
using ExecFn = void (*)(Hart&, const DecodedInsn&);
extern const ExecFn kExecTable[static_cast<size_t>(Op::Count)];

}  // namespace loom::cpu
