#pragma once
// Which guest registers live in host registers while translated code runs.
//
// A fixed map, the same for every block, so that chained blocks need no
// shuffling at their boundaries: registers are loaded once on entry to
// translated code and written back on exit and around helper calls.
// rbx holds the hart context; r11 the instructions left in the budget
// (stop_retired - retired, so a block head is one `sub` and one `jb`);
// rax, rcx and rdx are scratch; x0 is never mapped. The chosen guest registers are the ones compiled RISC-V code
// uses most: the stack pointer, the frame pointer and the argument registers,
// which GCC also picks first for temporaries in leaf functions (counted over
// the bench programs with their C library).

#include <xbyak/xbyak.h>

#include <array>

namespace loom::cpu::jit::x64 {

struct MappedRegister {
  unsigned guest;
  Xbyak::Operand::Code host;
};

inline constexpr Xbyak::Operand::Code kBudgetRegister = Xbyak::Operand::R11;

inline constexpr std::array<MappedRegister, 10> kMappedRegisters{{
    {16, Xbyak::Operand::R12},  // a6
    {2, Xbyak::Operand::R13},   // sp
    {8, Xbyak::Operand::R14},   // s0
    {17, Xbyak::Operand::R15},  // a7
    {10, Xbyak::Operand::RBP},  // a0
    {11, Xbyak::Operand::RSI},  // a1
    {12, Xbyak::Operand::RDI},  // a2
    {13, Xbyak::Operand::R8},   // a3
    {14, Xbyak::Operand::R9},   // a4
    {15, Xbyak::Operand::R10},  // a5
}};

// Host register code of guest register `r`, or -1.
inline constexpr std::array<int, 32> kHostOf = [] {
  std::array<int, 32> map{};
  for (int& m : map) m = -1;
  for (const MappedRegister& m : kMappedRegisters) map[m.guest] = m.host;
  return map;
}();

}  // namespace loom::cpu::jit::x64
