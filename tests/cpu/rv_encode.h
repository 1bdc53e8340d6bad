#pragma once
// A few RV64 instruction encoders for tests that build programs in memory
// (no assembler needed): the base formats, by field.

#include <cstdint>

namespace loom::cpu::test {

inline uint32_t itype(uint32_t opcode, unsigned f3, unsigned rd, unsigned rs1, int32_t imm) {
  return (static_cast<uint32_t>(imm) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opcode;
}
inline uint32_t stype(uint32_t opcode, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm) {
  const auto u = static_cast<uint32_t>(imm);
  return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | opcode;
}
inline uint32_t btype(unsigned f3, unsigned rs1, unsigned rs2, int32_t offset) {
  const auto b = static_cast<uint32_t>(offset);
  return ((b >> 12) & 1) << 31 | ((b >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | ((b >> 1) & 0xf) << 8 |
         ((b >> 11) & 1) << 7 | 0x63;
}
inline uint32_t jal(unsigned rd, int32_t offset) {
  const auto j = static_cast<uint32_t>(offset);
  return ((j >> 20) & 1) << 31 | ((j >> 1) & 0x3ff) << 21 | ((j >> 11) & 1) << 20 | ((j >> 12) & 0xff) << 12 |
         rd << 7 | 0x6f;
}
inline uint32_t fp_op(unsigned funct7, unsigned rd, unsigned rs1, unsigned rs2, unsigned rm) {
  return funct7 << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | 0x53;
}
inline uint32_t addi(unsigned rd, unsigned rs1, int32_t imm) { return itype(0x13, 0, rd, rs1, imm); }
inline uint32_t ret() { return itype(0x67, 0, 0, 1, 0); }
inline uint32_t sd(unsigned rs2, unsigned rs1, int32_t imm) { return stype(0x23, 3, rs1, rs2, imm); }
inline uint32_t sw(unsigned rs2, unsigned rs1, int32_t imm) { return stype(0x23, 2, rs1, rs2, imm); }
inline uint32_t bne(unsigned rs1, unsigned rs2, int32_t offset) { return btype(1, rs1, rs2, offset); }

}  // namespace loom::cpu::test
