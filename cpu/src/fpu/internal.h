// Private helpers of the soft-float library: format descriptors, the unpacked
// representation every operation works on, and the one rounding routine.
//
// Every operation follows the same shape: unpack the operands, settle the
// special cases (NaN, infinity, zero), compute the exact result -- or the
// exact result truncated with a sticky bit -- as an integer magnitude and a
// power-of-two scale, then hand it to normalize_round_pack(). Rounding,
// overflow, underflow and inexact are decided there and nowhere else, for
// both formats.
#pragma once

#include <cstdint>

#include "fpu/softfloat.h"

namespace loom::cpu::fpu::detail {

__extension__ typedef unsigned __int128 u128;

// An IEEE 754 binary interchange format, carried in the low bits of a
// uint64_t.
struct Format {
  int frac_bits;  // trailing significand field width (p - 1)
  int exp_bits;   // biased exponent field width
  int bias;       // also emax; emin = 1 - bias

  constexpr int precision() const { return frac_bits + 1; }
  constexpr int emin() const { return 1 - bias; }
  constexpr uint64_t sign_bit(bool sign) const {
    return static_cast<uint64_t>(sign) << (frac_bits + exp_bits);
  }
  constexpr uint64_t exp_field_max() const { return (uint64_t{1} << exp_bits) - 1; }
  constexpr uint64_t infinity(bool sign) const {
    return sign_bit(sign) | (exp_field_max() << frac_bits);
  }
  constexpr uint64_t max_finite(bool sign) const { return infinity(sign) - 1; }
  constexpr uint64_t zero(bool sign) const { return sign_bit(sign); }
  constexpr uint64_t canonical_nan() const {
    return (exp_field_max() << frac_bits) | (uint64_t{1} << (frac_bits - 1));
  }
};

inline constexpr Format kF32{23, 8, 127};
inline constexpr Format kF64{52, 11, 1023};

enum class Kind : uint8_t { Zero, Finite, Infinity, QuietNaN, SignalingNaN };

// A decoded operand. For Finite, value = sig * 2^(exp - 63) with bit 63 of
// sig set: subnormal inputs are normalised here, so arithmetic never sees
// them.
struct Unpacked {
  Kind kind;
  bool sign;
  int32_t exp;
  uint64_t sig;

  bool is_nan() const { return kind == Kind::QuietNaN || kind == Kind::SignalingNaN; }
  bool is_snan() const { return kind == Kind::SignalingNaN; }
};

inline int count_leading_zeros64(uint64_t v) { return __builtin_clzll(v); }  // v != 0

inline int count_leading_zeros128(u128 v) {  // v != 0
  const uint64_t hi = static_cast<uint64_t>(v >> 64);
  return hi != 0 ? __builtin_clzll(hi) : 64 + __builtin_clzll(static_cast<uint64_t>(v));
}

// v >> shift, with every bit shifted out ORed into bit 0 ("jamming"), so
// that later rounding still knows the discarded part was non-zero.
inline u128 shift_right_jam(u128 v, int shift) {
  if (shift <= 0) return v;
  if (shift >= 128) return v != 0;
  const u128 lost = v & ((u128{1} << shift) - 1);
  return (v >> shift) | static_cast<u128>(lost != 0);
}

inline Unpacked unpack(const Format& f, uint64_t bits) {
  Unpacked u{};
  u.sign = ((bits >> (f.frac_bits + f.exp_bits)) & 1) != 0;
  const uint64_t frac = bits & ((uint64_t{1} << f.frac_bits) - 1);
  const uint64_t exp_field = (bits >> f.frac_bits) & f.exp_field_max();
  if (exp_field == f.exp_field_max()) {
    if (frac == 0) {
      u.kind = Kind::Infinity;
    } else {
      const bool quiet = ((frac >> (f.frac_bits - 1)) & 1) != 0;
      u.kind = quiet ? Kind::QuietNaN : Kind::SignalingNaN;
    }
  } else if (exp_field == 0) {
    if (frac == 0) {
      u.kind = Kind::Zero;
    } else {
      const int lz = count_leading_zeros64(frac);
      u.kind = Kind::Finite;
      u.sig = frac << lz;
      u.exp = f.emin() - f.frac_bits + 63 - lz;
    }
  } else {
    u.kind = Kind::Finite;
    u.sig = (frac | (uint64_t{1} << f.frac_bits)) << (63 - f.frac_bits);
    u.exp = static_cast<int32_t>(exp_field) - f.bias;
  }
  return u;
}

// NaN result of an operation with at least one NaN operand: signalling NaN
// operands raise NV, and RISC-V never propagates payloads.
inline uint64_t nan_result(const Format& f, bool any_signaling, uint8_t& flags) {
  if (any_signaling) flags |= kInvalid;
  return f.canonical_nan();
}

inline uint64_t invalid_result(const Format& f, uint8_t& flags) {
  flags |= kInvalid;
  return f.canonical_nan();
}

// Whether a magnitude truncated to `kept` must be incremented, given the
// discarded part `rem` and the weight `half` of half a unit in the last
// kept place. The single place where rounding-mode semantics live.
inline bool round_increment(RoundingMode rm, bool sign, bool kept_is_odd, uint64_t rem,
                            uint64_t half) {
  switch (rm) {
    case RoundingMode::NearestEven: return rem > half || (rem == half && kept_is_odd);
    case RoundingMode::NearestMaxMagnitude: return rem >= half;
    case RoundingMode::TowardZero: return false;
    case RoundingMode::Down: return sign && rem != 0;
    case RoundingMode::Up: return !sign && rem != 0;
  }
  return false;
}

struct Rounded {
  uint64_t value;  // magnitude after rounding (may carry into a new bit)
  bool inexact;
};

// Rounds the magnitude sig * 2^-shift to an integer. shift may exceed 64
// (the whole of sig is then below the kept part). When shift > 0 the result
// is at most 2^(64 - shift), so it never wraps.
inline Rounded round_at(uint64_t sig, int shift, bool sign, RoundingMode rm) {
  uint64_t kept;
  uint64_t rem;
  uint64_t half;
  if (shift <= 0) {
    return {sig, false};
  } else if (shift < 64) {
    kept = sig >> shift;
    rem = sig & ((uint64_t{1} << shift) - 1);
    half = uint64_t{1} << (shift - 1);
  } else if (shift == 64) {
    kept = 0;
    rem = sig;
    half = uint64_t{1} << 63;
  } else {
    // Non-zero but strictly below half a unit: any rem in (0, half) will do.
    kept = 0;
    rem = sig != 0;
    half = 2;
  }
  const bool inc = round_increment(rm, sign, (kept & 1) != 0, rem, half);
  return {kept + inc, rem != 0};
}

// The shared round-and-pack routine: rounds (-1)^sign * sig * 2^(exp - 63)
// (bit 63 of sig set; bits below the format's precision act as guard and
// sticky bits) to format f, raising NX/UF/OF as IEEE 754 prescribes with
// tininess detected after rounding.
uint64_t round_pack(const Format& f, bool sign, int32_t exp, uint64_t sig, RoundingMode rm,
                    uint8_t& flags);

// Rounds (-1)^sign * mag * 2^scale, mag != 0 (bit 0 may be a sticky bit).
uint64_t normalize_round_pack(const Format& f, bool sign, int32_t scale, u128 mag,
                              RoundingMode rm, uint8_t& flags);

// A non-zero finite value with a wide significand: value = sig * 2^(exp - 125),
// bit 125 of sig set, leaving room for a carry. Used by add and fused
// multiply-add, where alignment needs more bits than a 64-bit significand.
struct Wide {
  bool sign;
  int32_t exp;
  u128 sig;
};
inline constexpr int kWideTop = 125;

// Correctly rounded a + b for two non-zero finite wide values.
uint64_t add_wide(const Format& f, Wide a, Wide b, RoundingMode rm, uint8_t& flags);

}  // namespace loom::cpu::fpu::detail
