#pragma once
// Which guest registers live in host registers while translated code runs.
//
// A fixed map, the same for every block, so that chained blocks need no
// shuffling at their boundaries: registers are loaded once on entry to
// translated code and written back on exit and around helper calls.
// rbx holds the hart context; rax, rcx and rdx are scratch; x0 is never
// mapped. The chosen guest registers are the ones compiled RISC-V code
// uses most (return address, stack pointer, frame/saved, arguments).

#include <xbyak/xbyak.h>

#include <array>

namespace loom::cpu::jit::x64 {

struct MappedRegister {
  unsigned guest;
  Xbyak::Operand::Code host;
};

inline constexpr std::array<MappedRegister, 11> kMappedRegisters{{
    {1, Xbyak::Operand::R12},   // ra
    {2, Xbyak::Operand::R13},   // sp
    {8, Xbyak::Operand::R14},   // s0
    {9, Xbyak::Operand::R15},   // s1
    {10, Xbyak::Operand::RBP},  // a0
    {11, Xbyak::Operand::RSI},  // a1
    {12, Xbyak::Operand::RDI},  // a2
    {13, Xbyak::Operand::R8},   // a3
    {14, Xbyak::Operand::R9},   // a4
    {15, Xbyak::Operand::R10},  // a5
    {5, Xbyak::Operand::R11},   // t0
}};

// Host register code of guest register `r`, or -1.
inline constexpr std::array<int, 32> kHostOf = [] {
  std::array<int, 32> map{};
  for (int& m : map) m = -1;
  for (const MappedRegister& m : kMappedRegisters) map[m.guest] = m.host;
  return map;
}();

}  // namespace loom::cpu::jit::x64
