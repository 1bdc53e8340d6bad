// Fused multiply-add (FMADD/FMSUB/FNMSUB/FNMADD): (+-a*b) + (+-c), one rounding.
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

uint64_t muladd(const Format& f, uint64_t a_bits, uint64_t b_bits, uint64_t c_bits,
                bool negate_product, bool negate_addend, RoundingMode rm, uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  const Unpacked b = unpack(f, b_bits);
  Unpacked c = unpack(f, c_bits);
  const bool product_sign = (a.sign != b.sign) != negate_product;
  c.sign = c.sign != negate_addend;

  const bool inf_times_zero = (a.kind == Kind::Infinity && b.kind == Kind::Zero) ||
                              (a.kind == Kind::Zero && b.kind == Kind::Infinity);
  if (a.is_nan() || b.is_nan() || c.is_nan()) {
    // RISC-V requires NV for inf * 0 even when the addend is a quiet NaN
    // (IEEE 754 leaves that case to the implementation).
    return nan_result(f, a.is_snan() || b.is_snan() || c.is_snan() || inf_times_zero, flags);
  }
  if (inf_times_zero) return invalid_result(f, flags);
  if (a.kind == Kind::Infinity || b.kind == Kind::Infinity) {
    if (c.kind == Kind::Infinity && c.sign != product_sign) return invalid_result(f, flags);
    return f.infinity(product_sign);
  }
  if (c.kind == Kind::Infinity) return f.infinity(c.sign);

  if (a.kind == Kind::Zero || b.kind == Kind::Zero) {
    if (c.kind == Kind::Zero) {
      return f.zero(product_sign == c.sign ? c.sign : rm == RoundingMode::Down);
    }
    return c_bits ^ f.sign_bit(negate_addend);  // exact
  }

  // The exact product has at most 2p <= 106 significant bits, in the top of
  // [2^126, 2^128): moving its leading bit to kWideTop drops only zeros.
  u128 product = static_cast<u128>(a.sig) * b.sig;
  int32_t product_exp = a.exp + b.exp;
  if ((product >> 127) != 0) {
    product >>= 2;
    product_exp += 1;
  } else {
    product >>= 1;
  }
  if (c.kind == Kind::Zero) {
    // Non-zero product plus zero: the product, rounded once.
    return normalize_round_pack(f, product_sign, product_exp - kWideTop, product, rm, flags);
  }
  const Wide addend{c.sign, c.exp, static_cast<u128>(c.sig) << (kWideTop - 63)};
  return add_wide(f, {product_sign, product_exp, product}, addend, rm, flags);
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, bool negate_product, bool negate_addend,
                    RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(
      detail::muladd(detail::kF32, a, b, c, negate_product, negate_addend, rm, flags));
}
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, bool negate_product, bool negate_addend,
                    RoundingMode rm, uint8_t& flags) {
  return detail::muladd(detail::kF64, a, b, c, negate_product, negate_addend, rm, flags);
}

}  // namespace loom::cpu::fpu
