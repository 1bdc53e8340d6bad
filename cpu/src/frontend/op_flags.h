#pragma once
// What an operation does beyond reading and writing its registers, from the
// Flags column of insn_table.def: the one description that the decoder,
// the interpreter and the translator share.

#include <cstddef>
#include <cstdint>

#include "frontend/decoded_insn.h"

namespace loom::cpu {

namespace op_flag {
constexpr uint8_t kNone = 0;
// Control may leave the straight line (jumps, branches), or the operation
// may change state that translated code assumes constant (CSRs, privilege,
// translation, code): a block ends after it.
constexpr uint8_t kEndsBlock = 1;
// May raise an exception (memory faults, illegal in this mode, FS off).
constexpr uint8_t kMayTrap = 2;
// Reads or writes memory (RAM, or a device at the hart's exact time).
constexpr uint8_t kMemory = 4;
// May read the retired count or the time (counters, time CSRs).
constexpr uint8_t kReadsTime = 8;
}  // namespace op_flag

namespace op_flag_table {
using namespace op_flag;
inline constexpr uint8_t kOpFlags[static_cast<size_t>(Op::Count)] = {
#define INSN(Id, mnemonic, mask, match, Format, Flags) static_cast<uint8_t>(Flags),
#include "frontend/insn_table.def"
    // Illegal: traps, and nothing after it in the block could run.
    static_cast<uint8_t>(kEndsBlock | kMayTrap),
};
}  // namespace op_flag_table
using op_flag_table::kOpFlags;

inline uint8_t op_flags(Op op) { return kOpFlags[static_cast<size_t>(op)]; }
inline bool ends_block(Op op) { return (op_flags(op) & op_flag::kEndsBlock) != 0; }

}  // namespace loom::cpu
