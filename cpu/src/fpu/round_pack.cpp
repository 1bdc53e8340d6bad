// The one rounding routine shared by every operation and both formats.
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

uint64_t overflow_result(const Format& f, bool sign, RoundingMode rm, uint8_t& flags) {
  flags |= kOverflow | kInexact;
  // Round-to-nearest modes carry everything beyond the largest finite value
  // to infinity; directed modes stop at the largest finite value unless
  // they round away from zero on this side.
  const bool to_infinity = rm == RoundingMode::NearestEven ||
                           rm == RoundingMode::NearestMaxMagnitude ||
                           (rm == RoundingMode::Up && !sign) || (rm == RoundingMode::Down && sign);
  return to_infinity ? f.infinity(sign) : f.max_finite(sign);
}

}  // namespace

uint64_t round_pack(const Format& f, bool sign, int32_t exp, uint64_t sig, RoundingMode rm,
                    uint8_t& flags) {
  const int p = f.precision();
  const int emin = f.emin();
  const int normal_shift = 64 - p;

  if (exp >= emin) {
    // Normal range before rounding. r.value lies in [2^(p-1), 2^p]; adding
    // it to the (exponent - 1) field lets a carry to 2^p bump the exponent.
    const Rounded r = round_at(sig, normal_shift, sign, rm);
    const int32_t final_exp = exp + static_cast<int32_t>(r.value >> p);
    if (final_exp > f.bias) return overflow_result(f, sign, rm, flags);
    if (r.inexact) flags |= kInexact;
    const uint64_t biased_minus_one = static_cast<uint64_t>(exp + f.bias - 1);
    return f.sign_bit(sign) | ((biased_minus_one << f.frac_bits) + r.value);
  }

  // Below the normal range: keep only the bits the subnormal encoding holds.
  // A shift beyond 65 behaves exactly like 65 (everything is sticky).
  const int64_t wide_shift = static_cast<int64_t>(normal_shift) + (emin - exp);
  const int shift = wide_shift > 65 ? 65 : static_cast<int>(wide_shift);
  const Rounded r = round_at(sig, shift, sign, rm);

  // Tininess after rounding: the value is tiny unless rounding it to p bits
  // with an unbounded exponent range would already reach 2^emin. That can
  // only happen from just below, i.e. exp == emin - 1 with a carry out.
  bool tiny = true;
  if (exp == emin - 1) {
    const Rounded unbounded = round_at(sig, normal_shift, sign, rm);
    tiny = (unbounded.value >> p) == 0;
  }
  if (r.inexact) {
    flags |= kInexact;
    if (tiny) flags |= kUnderflow;
  }
  // r.value <= 2^(p-1); exactly 2^(p-1) is the encoding of the smallest
  // normal number, so no special case is needed.
  return f.sign_bit(sign) | r.value;
}

uint64_t normalize_round_pack(const Format& f, bool sign, int32_t scale, u128 mag,
                              RoundingMode rm, uint8_t& flags) {
  const int lz = count_leading_zeros128(mag);
  const u128 top = mag << lz;
  const uint64_t sig =
      static_cast<uint64_t>(top >> 64) | static_cast<uint64_t>(static_cast<uint64_t>(top) != 0);
  return round_pack(f, sign, scale + (127 - lz), sig, rm, flags);
}

}  // namespace loom::cpu::fpu::detail
