// Addition and subtraction (FADD/FSUB), and the wide adder that fused
// multiply-add shares.
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {

uint64_t add_wide(const Format& f, Wide a, Wide b, RoundingMode rm, uint8_t& flags) {
  if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
    const Wide t = a;
    a = b;
    b = t;
  }
  // |a| >= |b|. Once b is aligned it either overlaps a (exact) or lies
  // wholly below a's rounding point, where a sticky bit carries all that
  // matters; a.sig has enough bits below its precision for both cases.
  const u128 aligned = shift_right_jam(b.sig, a.exp - b.exp);
  u128 sum;
  if (a.sign == b.sign) {
    sum = a.sig + aligned;
  } else {
    sum = a.sig - aligned;
    // Exact cancellation: +0, except -0 when rounding down (IEEE 754 6.3).
    if (sum == 0) return f.zero(rm == RoundingMode::Down);
  }
  return normalize_round_pack(f, a.sign, a.exp - kWideTop, sum, rm, flags);
}

namespace {

uint64_t add(const Format& f, uint64_t a_bits, uint64_t b_bits, bool negate_b, RoundingMode rm,
             uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  Unpacked b = unpack(f, b_bits);
  b.sign = b.sign != negate_b;

  if (a.kind == Kind::Finite && b.kind == Kind::Finite) {
    return add_wide(f, {a.sign, a.exp, static_cast<u128>(a.sig) << (kWideTop - 63)},
                    {b.sign, b.exp, static_cast<u128>(b.sig) << (kWideTop - 63)}, rm, flags);
  }
  if (a.is_nan() || b.is_nan()) return nan_result(f, a.is_snan() || b.is_snan(), flags);
  if (a.kind == Kind::Infinity) {
    if (b.kind == Kind::Infinity && a.sign != b.sign) return invalid_result(f, flags);
    return f.infinity(a.sign);
  }
  if (b.kind == Kind::Infinity) return f.infinity(b.sign);
  if (a.kind == Kind::Zero) {
    if (b.kind == Kind::Zero) {
      // Zeros of opposite sign sum to +0, or -0 when rounding down.
      return f.zero(a.sign == b.sign ? a.sign : rm == RoundingMode::Down);
    }
    return b_bits ^ f.sign_bit(negate_b);
  }
  return a_bits;  // b is zero, a finite: exact
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

using detail::kF32;
using detail::kF64;

uint32_t f32_add(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::add(kF32, a, b, false, rm, flags));
}
uint32_t f32_sub(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::add(kF32, a, b, true, rm, flags));
}
uint64_t f64_add(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags) {
  return detail::add(kF64, a, b, false, rm, flags);
}
uint64_t f64_sub(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags) {
  return detail::add(kF64, a, b, true, rm, flags);
}

}  // namespace loom::cpu::fpu
