// Zba, Zbb and Zbs.
#include <bit>

#include "interp/semantics.h"

namespace loom::cpu {
namespace {

int64_t sext32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
uint64_t a(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs1]; }
uint64_t b(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs2]; }
uint64_t uw(uint64_t v) { return v & 0xffffffffull; }
uint64_t& out(Hart& h, const DecodedInsn& d) { return h.s.x[d.rd]; }

}  // namespace

void exec_SH1ADD(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (a(h, d) << 1); }
void exec_SH2ADD(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (a(h, d) << 2); }
void exec_SH3ADD(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (a(h, d) << 3); }
void exec_ADD_UW(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + uw(a(h, d)); }
void exec_SH1ADD_UW(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (uw(a(h, d)) << 1); }
void exec_SH2ADD_UW(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (uw(a(h, d)) << 2); }
void exec_SH3ADD_UW(Hart& h, const DecodedInsn& d) { out(h, d) = b(h, d) + (uw(a(h, d)) << 3); }
void exec_SLLI_UW(Hart& h, const DecodedInsn& d) { out(h, d) = uw(a(h, d)) << d.imm; }

void exec_ANDN(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) & ~b(h, d); }
void exec_ORN(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) | ~b(h, d); }
void exec_XNOR(Hart& h, const DecodedInsn& d) { out(h, d) = ~(a(h, d) ^ b(h, d)); }
void exec_CLZ(Hart& h, const DecodedInsn& d) { out(h, d) = std::countl_zero(a(h, d)); }
void exec_CTZ(Hart& h, const DecodedInsn& d) { out(h, d) = std::countr_zero(a(h, d)); }
void exec_CPOP(Hart& h, const DecodedInsn& d) { out(h, d) = std::popcount(a(h, d)); }
void exec_CLZW(Hart& h, const DecodedInsn& d) { out(h, d) = std::countl_zero(static_cast<uint32_t>(a(h, d))); }
void exec_CTZW(Hart& h, const DecodedInsn& d) { out(h, d) = std::countr_zero(static_cast<uint32_t>(a(h, d))); }
void exec_CPOPW(Hart& h, const DecodedInsn& d) { out(h, d) = std::popcount(static_cast<uint32_t>(a(h, d))); }
void exec_MAX(Hart& h, const DecodedInsn& d) {
  out(h, d) = static_cast<int64_t>(a(h, d)) > static_cast<int64_t>(b(h, d)) ? a(h, d) : b(h, d);
}
void exec_MAXU(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) > b(h, d) ? a(h, d) : b(h, d); }
void exec_MIN(Hart& h, const DecodedInsn& d) {
  out(h, d) = static_cast<int64_t>(a(h, d)) < static_cast<int64_t>(b(h, d)) ? a(h, d) : b(h, d);
}
void exec_MINU(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) < b(h, d) ? a(h, d) : b(h, d); }
void exec_SEXT_B(Hart& h, const DecodedInsn& d) { out(h, d) = static_cast<int64_t>(static_cast<int8_t>(a(h, d))); }
void exec_SEXT_H(Hart& h, const DecodedInsn& d) { out(h, d) = static_cast<int64_t>(static_cast<int16_t>(a(h, d))); }
void exec_ZEXT_H(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) & 0xffff; }
void exec_ROL(Hart& h, const DecodedInsn& d) { out(h, d) = std::rotl(a(h, d), static_cast<int>(b(h, d) & 63)); }
void exec_ROR(Hart& h, const DecodedInsn& d) { out(h, d) = std::rotr(a(h, d), static_cast<int>(b(h, d) & 63)); }
void exec_ROLW(Hart& h, const DecodedInsn& d) {
  out(h, d) = sext32(std::rotl(static_cast<uint32_t>(a(h, d)), static_cast<int>(b(h, d) & 31)));
}
void exec_RORW(Hart& h, const DecodedInsn& d) {
  out(h, d) = sext32(std::rotr(static_cast<uint32_t>(a(h, d)), static_cast<int>(b(h, d) & 31)));
}
void exec_RORI(Hart& h, const DecodedInsn& d) { out(h, d) = std::rotr(a(h, d), static_cast<int>(d.imm)); }
void exec_RORIW(Hart& h, const DecodedInsn& d) {
  out(h, d) = sext32(std::rotr(static_cast<uint32_t>(a(h, d)), static_cast<int>(d.imm)));
}
void exec_ORC_B(Hart& h, const DecodedInsn& d) {
  uint64_t v = a(h, d), r = 0;
  for (unsigned i = 0; i < 64; i += 8)
    if ((v >> i) & 0xff) r |= 0xffull << i;
  out(h, d) = r;
}
void exec_REV8(Hart& h, const DecodedInsn& d) { out(h, d) = __builtin_bswap64(a(h, d)); }

void exec_BCLR(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) & ~(1ull << (b(h, d) & 63)); }
void exec_BCLRI(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) & ~(1ull << d.imm); }
void exec_BEXT(Hart& h, const DecodedInsn& d) { out(h, d) = (a(h, d) >> (b(h, d) & 63)) & 1; }
void exec_BEXTI(Hart& h, const DecodedInsn& d) { out(h, d) = (a(h, d) >> d.imm) & 1; }
void exec_BINV(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) ^ (1ull << (b(h, d) & 63)); }
void exec_BINVI(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) ^ (1ull << d.imm); }
void exec_BSET(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) | (1ull << (b(h, d) & 63)); }
void exec_BSETI(Hart& h, const DecodedInsn& d) { out(h, d) = a(h, d) | (1ull << d.imm); }

}  // namespace loom::cpu
