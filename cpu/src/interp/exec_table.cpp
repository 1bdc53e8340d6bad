#include "interp/semantics.h"

namespace loom::cpu {

const ExecFn kExecTable[static_cast<size_t>(Op::Count)] = {
#define INSN(Id, mnemonic, mask, match, Format, Flags) &exec_##Id,
#include "frontend/insn_table.def"
    &exec_Illegal,
};

void exec_Illegal(Hart& h, const DecodedInsn&) { h.raise_illegal(); }

}  // namespace loom::cpu
