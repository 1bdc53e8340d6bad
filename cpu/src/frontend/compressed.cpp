#include "frontend/compressed.h"

namespace loom::cpu {
namespace {

constexpr uint32_t bits(uint32_t raw, unsigned hi, unsigned lo) { return (raw >> lo) & ((1u << (hi - lo + 1)) - 1); }
constexpr uint32_t bit(uint32_t raw, unsigned n) { return (raw >> n) & 1; }
constexpr int64_t sign_extend(uint64_t value, unsigned width) {
  return static_cast<int64_t>(value << (64 - width)) >> (64 - width);
}
// The 3-bit register fields of CIW/CL/CS/CA/CB name x8..x15.
constexpr uint8_t reg_prime(uint32_t raw, unsigned lo) { return static_cast<uint8_t>(8 + bits(raw, lo + 2, lo)); }
constexpr uint8_t reg_full(uint32_t raw, unsigned lo) { return static_cast<uint8_t>(bits(raw, lo + 4, lo)); }

uint32_t uimm_word(uint32_t raw) { return bits(raw, 12, 10) << 3 | bit(raw, 6) << 2 | bit(raw, 5) << 6; }
uint32_t uimm_double(uint32_t raw) { return bits(raw, 12, 10) << 3 | bits(raw, 6, 5) << 6; }
int64_t imm6(uint32_t raw) { return sign_extend(bit(raw, 12) << 5 | bits(raw, 6, 2), 6); }
uint32_t shamt6(uint32_t raw) { return bit(raw, 12) << 5 | bits(raw, 6, 2); }

}  // namespace

bool expand_compressed(CFormat format, uint32_t raw, DecodedInsn& d) {
  switch (format) {
    case CFormat::CIW_Addi4spn:
      d.rd = reg_prime(raw, 2);
      d.rs1 = 2;
      d.imm = bits(raw, 12, 11) << 4 | bits(raw, 10, 7) << 6 | bit(raw, 6) << 2 | bit(raw, 5) << 3;
      return d.imm != 0;
    case CFormat::CL_W:
      d.rd = reg_prime(raw, 2);
      d.rs1 = reg_prime(raw, 7);
      d.imm = uimm_word(raw);
      return true;
    case CFormat::CL_D:
      d.rd = reg_prime(raw, 2);
      d.rs1 = reg_prime(raw, 7);
      d.imm = uimm_double(raw);
      return true;
    case CFormat::CS_W:
      d.rs2 = reg_prime(raw, 2);
      d.rs1 = reg_prime(raw, 7);
      d.imm = uimm_word(raw);
      return true;
    case CFormat::CS_D:
      d.rs2 = reg_prime(raw, 2);
      d.rs1 = reg_prime(raw, 7);
      d.imm = uimm_double(raw);
      return true;
    case CFormat::CI_Addi:
      d.rd = d.rs1 = reg_full(raw, 7);
      d.imm = imm6(raw);
      return true;
    case CFormat::CI_Addiw:
      d.rd = d.rs1 = reg_full(raw, 7);
      d.imm = imm6(raw);
      return d.rd != 0;
    case CFormat::CI_Li:
      d.rd = reg_full(raw, 7);
      d.rs1 = 0;
      d.imm = imm6(raw);
      return true;
    case CFormat::CI_Addi16sp:
      d.rd = d.rs1 = 2;
      d.imm = sign_extend(bit(raw, 12) << 9 | bit(raw, 6) << 4 | bit(raw, 5) << 6 | bits(raw, 4, 3) << 7 |
                              bit(raw, 2) << 5,
                          10);
      return d.imm != 0;
    case CFormat::CI_Lui:
      d.rd = reg_full(raw, 7);
      d.imm = sign_extend(static_cast<uint64_t>(bit(raw, 12) << 17 | bits(raw, 6, 2) << 12), 18);
      return d.imm != 0;
    case CFormat::CB_Shift:
      d.rd = d.rs1 = reg_prime(raw, 7);
      d.imm = shamt6(raw);
      return true;
    case CFormat::CB_Andi:
      d.rd = d.rs1 = reg_prime(raw, 7);
      d.imm = imm6(raw);
      return true;
    case CFormat::CA:
      d.rd = d.rs1 = reg_prime(raw, 7);
      d.rs2 = reg_prime(raw, 2);
      return true;
    case CFormat::CJ:
      d.rd = 0;
      d.imm = sign_extend(bit(raw, 12) << 11 | bit(raw, 11) << 4 | bits(raw, 10, 9) << 8 | bit(raw, 8) << 10 |
                              bit(raw, 7) << 6 | bit(raw, 6) << 7 | bits(raw, 5, 3) << 1 | bit(raw, 2) << 5,
                          12);
      return true;
    case CFormat::CB_Branch:
      d.rs1 = reg_prime(raw, 7);
      d.rs2 = 0;
      d.imm = sign_extend(bit(raw, 12) << 8 | bits(raw, 11, 10) << 3 | bits(raw, 6, 5) << 6 | bits(raw, 4, 3) << 1 |
                              bit(raw, 2) << 5,
                          9);
      return true;
    case CFormat::CI_Slli:
      d.rd = d.rs1 = reg_full(raw, 7);
      d.imm = shamt6(raw);
      return true;
    case CFormat::CI_Lwsp:
      d.rd = reg_full(raw, 7);
      d.rs1 = 2;
      d.imm = bit(raw, 12) << 5 | bits(raw, 6, 4) << 2 | bits(raw, 3, 2) << 6;
      return d.rd != 0;
    case CFormat::CI_Ldsp:
      d.rd = reg_full(raw, 7);
      d.rs1 = 2;
      d.imm = bit(raw, 12) << 5 | bits(raw, 6, 5) << 3 | bits(raw, 4, 2) << 6;
      return d.rd != 0 || d.op == Op::FLD;  // c.fldsp may target f0
    case CFormat::CR_Jr:
      d.rd = 0;
      d.rs1 = reg_full(raw, 7);
      d.imm = 0;
      return d.rs1 != 0;
    case CFormat::CR_Mv:
      d.rd = reg_full(raw, 7);
      d.rs1 = 0;
      d.rs2 = reg_full(raw, 2);
      return true;
    case CFormat::CR_Ebreak:
      return true;
    case CFormat::CR_Jalr:
      d.rd = 1;
      d.rs1 = reg_full(raw, 7);
      d.imm = 0;
      return true;
    case CFormat::CR_Add:
      d.rd = d.rs1 = reg_full(raw, 7);
      d.rs2 = reg_full(raw, 2);
      return true;
    case CFormat::CSS_W:
      d.rs2 = reg_full(raw, 2);
      d.rs1 = 2;
      d.imm = bits(raw, 12, 9) << 2 | bits(raw, 8, 7) << 6;
      return true;
    case CFormat::CSS_D:
      d.rs2 = reg_full(raw, 2);
      d.rs1 = 2;
      d.imm = bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6;
      return true;
  }
  return false;
}

}  // namespace loom::cpu
