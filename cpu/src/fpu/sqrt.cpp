// Square root (FSQRT).
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

struct IntegerRoot {
  u128 root;       // floor(sqrt(n))
  bool remainder;  // n is not a perfect square
};

// Digit-by-digit (restoring) integer square root; one result bit per step.
IntegerRoot integer_sqrt(u128 n) {
  const int msb = 127 - count_leading_zeros128(n);
  u128 bit = u128{1} << (msb & ~1);  // largest power of four <= n
  u128 root = 0;
  while (bit != 0) {
    if (n >= root + bit) {
      n -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return {root, n != 0};
}

uint64_t sqrt(const Format& f, uint64_t a_bits, RoundingMode rm, uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  if (a.is_nan()) return nan_result(f, a.is_snan(), flags);
  if (a.kind == Kind::Zero) return a_bits;  // sqrt(-0) = -0
  if (a.sign) return invalid_result(f, flags);
  if (a.kind == Kind::Infinity) return a_bits;

  // a = sig * 2^scale. Make scale even, then widen the radicand by 4^extra so
  // the integer root has at least p + 2 bits (precision, guard, and one more
  // so the sticky bit sits below the guard bit).
  int32_t scale = a.exp - 63;
  u128 radicand = a.sig;
  if (scale & 1) {
    radicand <<= 1;
    scale -= 1;
  }
  // radicand is in [2^63, 2^65), so its root already has 32 bits.
  const int extra = f.precision() + 2 > 32 ? f.precision() + 2 - 32 : 0;
  radicand <<= 2 * extra;
  const IntegerRoot r = integer_sqrt(radicand);
  return normalize_round_pack(f, false, scale / 2 - extra, r.root | static_cast<u128>(r.remainder),
                              rm, flags);
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

uint32_t f32_sqrt(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::sqrt(detail::kF32, a, rm, flags));
}
uint64_t f64_sqrt(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return detail::sqrt(detail::kF64, a, rm, flags);
}

}  // namespace loom::cpu::fpu
