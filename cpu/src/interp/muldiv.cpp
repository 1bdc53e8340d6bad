// M extension. Division by zero and overflow follow the ISA's table (no trap).
#include <limits>

#include "interp/semantics.h"

namespace loom::cpu {
namespace {

using i128 = __int128;
using u128 = unsigned __int128;

int64_t sext32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
uint64_t a(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs1]; }
uint64_t b(const Hart& h, const DecodedInsn& d) { return h.s.x[d.rs2]; }

template <typename S>
S signed_div(S x, S y) {
  if (y == 0) return -1;
  if (x == std::numeric_limits<S>::min() && y == -1) return x;
  return x / y;
}
template <typename S>
S signed_rem(S x, S y) {
  if (y == 0) return x;
  if (x == std::numeric_limits<S>::min() && y == -1) return 0;
  return x % y;
}
template <typename U>
U unsigned_div(U x, U y) { return y == 0 ? ~U{0} : x / y; }
template <typename U>
U unsigned_rem(U x, U y) { return y == 0 ? x : x % y; }

}  // namespace

void exec_MUL(Hart& h, const DecodedInsn& d) { h.s.x[d.rd] = a(h, d) * b(h, d); }
void exec_MULH(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>((static_cast<i128>(static_cast<int64_t>(a(h, d))) *
                                       static_cast<i128>(static_cast<int64_t>(b(h, d)))) >> 64);
}
void exec_MULHSU(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>(
      (static_cast<i128>(static_cast<int64_t>(a(h, d))) * static_cast<i128>(static_cast<u128>(b(h, d)))) >> 64);
}
void exec_MULHU(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>((static_cast<u128>(a(h, d)) * static_cast<u128>(b(h, d))) >> 64);
}
void exec_DIV(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>(signed_div<int64_t>(a(h, d), b(h, d)));
}
void exec_DIVU(Hart& h, const DecodedInsn& d) { h.s.x[d.rd] = unsigned_div<uint64_t>(a(h, d), b(h, d)); }
void exec_REM(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>(signed_rem<int64_t>(a(h, d), b(h, d)));
}
void exec_REMU(Hart& h, const DecodedInsn& d) { h.s.x[d.rd] = unsigned_rem<uint64_t>(a(h, d), b(h, d)); }
void exec_MULW(Hart& h, const DecodedInsn& d) { h.s.x[d.rd] = sext32(a(h, d) * b(h, d)); }
void exec_DIVW(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(
      signed_div<int32_t>(static_cast<int32_t>(a(h, d)), static_cast<int32_t>(b(h, d)))));
}
void exec_DIVUW(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = sext32(unsigned_div<uint32_t>(static_cast<uint32_t>(a(h, d)), static_cast<uint32_t>(b(h, d))));
}
void exec_REMW(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(
      signed_rem<int32_t>(static_cast<int32_t>(a(h, d)), static_cast<int32_t>(b(h, d)))));
}
void exec_REMUW(Hart& h, const DecodedInsn& d) {
  h.s.x[d.rd] = sext32(unsigned_rem<uint32_t>(static_cast<uint32_t>(a(h, d)), static_cast<uint32_t>(b(h, d))));
}

}  // namespace loom::cpu
