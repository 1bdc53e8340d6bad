// RV64I: arithmetic, logic, shifts, upper immediates, jumps and branches.
#include "interp/semantics.h"

namespace loom::cpu {
namespace {

int64_t sext32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
uint64_t& rd(Hart& h, const DecodedInsn& d) { return h.s.x[d.rd]; }
uint64_t rs1(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs1]; }
uint64_t rs2(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs2]; }
int64_t srs1(const Hart& h, const DecodedInsn& d) { return static_cast<int64_t>(h.s.x[d.rs1]); }
int64_t srs2(const Hart& h, const DecodedInsn& d) { return static_cast<int64_t>(h.s.x[d.rs2]); }
uint64_t imm(const DecodedInsn& d) { return static_cast<uint64_t>(d.imm); }

// With C present, targets only need 2-byte alignment, and every target
// computed by these instructions is even: no misaligned-fetch trap exists.
void branch_if(Hart& h, const DecodedInsn& d, bool taken) {
  if (taken) h.npc = h.s.pc + imm(d);
}

}  // namespace

void exec_LUI(Hart& h, const DecodedInsn& d) { rd(h, d) = imm(d); }
void exec_AUIPC(Hart& h, const DecodedInsn& d) { rd(h, d) = h.s.pc + imm(d); }
void exec_JAL(Hart& h, const DecodedInsn& d) {
  rd(h, d) = h.npc;
  h.npc = h.s.pc + imm(d);
}
void exec_JALR(Hart& h, const DecodedInsn& d) {
  const uint64_t target = (rs1(h, d) + imm(d)) & ~1ull;
  rd(h, d) = h.npc;
  h.npc = target;
}
void exec_BEQ(Hart& h, const DecodedInsn& d) { branch_if(h, d, rs1(h, d) == rs2(h, d)); }
void exec_BNE(Hart& h, const DecodedInsn& d) { branch_if(h, d, rs1(h, d) != rs2(h, d)); }
void exec_BLT(Hart& h, const DecodedInsn& d) { branch_if(h, d, srs1(h, d) < srs2(h, d)); }
void exec_BGE(Hart& h, const DecodedInsn& d) { branch_if(h, d, srs1(h, d) >= srs2(h, d)); }
void exec_BLTU(Hart& h, const DecodedInsn& d) { branch_if(h, d, rs1(h, d) < rs2(h, d)); }
void exec_BGEU(Hart& h, const DecodedInsn& d) { branch_if(h, d, rs1(h, d) >= rs2(h, d)); }

void exec_ADDI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) + imm(d); }
void exec_SLTI(Hart& h, const DecodedInsn& d) { rd(h, d) = srs1(h, d) < d.imm; }
void exec_SLTIU(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) < imm(d); }
void exec_XORI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) ^ imm(d); }
void exec_ORI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) | imm(d); }
void exec_ANDI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) & imm(d); }
void exec_SLLI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) << d.imm; }
void exec_SRLI(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) >> d.imm; }
void exec_SRAI(Hart& h, const DecodedInsn& d) { rd(h, d) = static_cast<uint64_t>(srs1(h, d) >> d.imm); }

void exec_ADD(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) + rs2(h, d); }
void exec_SUB(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) - rs2(h, d); }
void exec_SLL(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) << (rs2(h, d) & 63); }
void exec_SLT(Hart& h, const DecodedInsn& d) { rd(h, d) = srs1(h, d) < srs2(h, d); }
void exec_SLTU(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) < rs2(h, d); }
void exec_XOR(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) ^ rs2(h, d); }
void exec_SRL(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) >> (rs2(h, d) & 63); }
void exec_SRA(Hart& h, const DecodedInsn& d) { rd(h, d) = static_cast<uint64_t>(srs1(h, d) >> (rs2(h, d) & 63)); }
void exec_OR(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) | rs2(h, d); }
void exec_AND(Hart& h, const DecodedInsn& d) { rd(h, d) = rs1(h, d) & rs2(h, d); }

void exec_ADDIW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(rs1(h, d) + imm(d)); }
void exec_SLLIW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(rs1(h, d) << d.imm); }
void exec_SRLIW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(static_cast<uint32_t>(rs1(h, d)) >> d.imm); }
void exec_SRAIW(Hart& h, const DecodedInsn& d) { rd(h, d) = static_cast<uint64_t>(sext32(rs1(h, d)) >> d.imm); }
void exec_ADDW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(rs1(h, d) + rs2(h, d)); }
void exec_SUBW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(rs1(h, d) - rs2(h, d)); }
void exec_SLLW(Hart& h, const DecodedInsn& d) { rd(h, d) = sext32(rs1(h, d) << (rs2(h, d) & 31)); }
void exec_SRLW(Hart& h, const DecodedInsn& d) {
  rd(h, d) = sext32(static_cast<uint32_t>(rs1(h, d)) >> (rs2(h, d) & 31));
}
void exec_SRAW(Hart& h, const DecodedInsn& d) { rd(h, d) = static_cast<uint64_t>(sext32(rs1(h, d)) >> (rs2(h, d) & 31)); }

}  // namespace loom::cpu
