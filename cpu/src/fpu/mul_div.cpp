// Multiplication and division (FMUL/FDIV).
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

uint64_t mul(const Format& f, uint64_t a_bits, uint64_t b_bits, RoundingMode rm,
             uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  const Unpacked b = unpack(f, b_bits);
  const bool sign = a.sign != b.sign;

  if (a.kind == Kind::Finite && b.kind == Kind::Finite) {
    // The 128-bit product is exact.
    const u128 product = static_cast<u128>(a.sig) * b.sig;
    return normalize_round_pack(f, sign, (a.exp - 63) + (b.exp - 63), product, rm, flags);
  }
  if (a.is_nan() || b.is_nan()) return nan_result(f, a.is_snan() || b.is_snan(), flags);
  if (a.kind == Kind::Infinity || b.kind == Kind::Infinity) {
    if (a.kind == Kind::Zero || b.kind == Kind::Zero) return invalid_result(f, flags);
    return f.infinity(sign);
  }
  return f.zero(sign);
}

uint64_t div(const Format& f, uint64_t a_bits, uint64_t b_bits, RoundingMode rm,
             uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  const Unpacked b = unpack(f, b_bits);
  const bool sign = a.sign != b.sign;

  if (a.kind == Kind::Finite && b.kind == Kind::Finite) {
    // a.sig * 2^63 / b.sig has 63 or 64 significant bits, far more than
    // any precision needs; a non-zero remainder becomes the sticky bit. The
    // numerator's high half stays below the divisor, which keeps the 128/64
    // division on its fast (single hardware divide) path.
    const u128 numerator = static_cast<u128>(a.sig) << 63;
    const u128 quotient = numerator / b.sig;
    const bool remainder = (numerator - quotient * b.sig) != 0;
    return normalize_round_pack(f, sign, a.exp - b.exp - 63,
                                quotient | static_cast<u128>(remainder), rm, flags);
  }
  if (a.is_nan() || b.is_nan()) return nan_result(f, a.is_snan() || b.is_snan(), flags);
  if (a.kind == Kind::Infinity) {
    if (b.kind == Kind::Infinity) return invalid_result(f, flags);
    return f.infinity(sign);
  }
  if (b.kind == Kind::Infinity) return f.zero(sign);
  if (b.kind == Kind::Zero) {
    if (a.kind == Kind::Zero) return invalid_result(f, flags);
    flags |= kDivByZero;
    return f.infinity(sign);
  }
  return f.zero(sign);  // 0 / finite
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

using detail::kF32;
using detail::kF64;

uint32_t f32_mul(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::mul(kF32, a, b, rm, flags));
}
uint32_t f32_div(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::div(kF32, a, b, rm, flags));
}
uint64_t f64_mul(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags) {
  return detail::mul(kF64, a, b, rm, flags);
}
uint64_t f64_div(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags) {
  return detail::div(kF64, a, b, rm, flags);
}

}  // namespace loom::cpu::fpu
