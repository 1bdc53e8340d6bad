// Conversions between floating point and integers (FCVT.{W,WU,L,LU}.{S,D}
// and back).
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

struct IntFormat {
  bool is_signed;
  int width;

  constexpr uint64_t max_positive() const {
    if (is_signed) return (uint64_t{1} << (width - 1)) - 1;
    return width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  }
  // Largest magnitude a negative result may have (0 for unsigned).
  constexpr uint64_t max_negative_magnitude() const {
    return is_signed ? uint64_t{1} << (width - 1) : 0;
  }
};

constexpr IntFormat kI32{true, 32};
constexpr IntFormat kU32{false, 32};
constexpr IntFormat kI64{true, 64};
constexpr IntFormat kU64{false, 64};

// Returns the result as a two's-complement pattern; callers truncate.
// RISC-V: a result that does not fit after rounding saturates to the nearest
// bound with NV (and no NX); NaN gives the maximum positive value. Negative
// inputs that round to zero convert to 0 even for unsigned targets.
uint64_t to_int(const Format& f, IntFormat to, uint64_t bits, RoundingMode rm, uint8_t& flags) {
  const Unpacked a = unpack(f, bits);
  const uint64_t negative_bound = 0 - to.max_negative_magnitude();
  if (a.kind == Kind::Finite) {
    if (a.exp < 64) {
      // |a| = sig * 2^(exp - 63); keep the integer part of it.
      const int shift = a.exp >= 63 ? 0 : (63 - a.exp > 65 ? 65 : 63 - a.exp);
      const Rounded r = round_at(a.sig, shift, a.sign, rm);
      const uint64_t limit = a.sign ? to.max_negative_magnitude() : to.max_positive();
      if (r.value <= limit) {
        if (r.inexact) flags |= kInexact;
        return a.sign ? 0 - r.value : r.value;
      }
    }
    flags |= kInvalid;
    return a.sign ? negative_bound : to.max_positive();
  }
  if (a.kind == Kind::Zero) return 0;
  flags |= kInvalid;
  return (a.kind == Kind::Infinity && a.sign) ? negative_bound : to.max_positive();
}

uint64_t from_int(const Format& f, bool negative, uint64_t magnitude, RoundingMode rm,
                  uint8_t& flags) {
  if (magnitude == 0) return f.zero(false);
  return normalize_round_pack(f, negative, 0, magnitude, rm, flags);
}

uint64_t magnitude_of(int64_t v) {
  const uint64_t u = static_cast<uint64_t>(v);
  return v < 0 ? 0 - u : u;
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

using detail::kF32;
using detail::kF64;
using detail::kI32;
using detail::kI64;
using detail::kU32;
using detail::kU64;

int32_t f32_to_i32(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<int32_t>(static_cast<uint32_t>(detail::to_int(kF32, kI32, a, rm, flags)));
}
uint32_t f32_to_u32(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::to_int(kF32, kU32, a, rm, flags));
}
int64_t f32_to_i64(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<int64_t>(detail::to_int(kF32, kI64, a, rm, flags));
}
uint64_t f32_to_u64(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return detail::to_int(kF32, kU64, a, rm, flags);
}
int32_t f64_to_i32(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<int32_t>(static_cast<uint32_t>(detail::to_int(kF64, kI32, a, rm, flags)));
}
uint32_t f64_to_u32(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::to_int(kF64, kU32, a, rm, flags));
}
int64_t f64_to_i64(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<int64_t>(detail::to_int(kF64, kI64, a, rm, flags));
}
uint64_t f64_to_u64(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return detail::to_int(kF64, kU64, a, rm, flags);
}

uint32_t i32_to_f32(int32_t v, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::from_int(kF32, v < 0, detail::magnitude_of(v), rm, flags));
}
uint32_t u32_to_f32(uint32_t v, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::from_int(kF32, false, v, rm, flags));
}
uint32_t i64_to_f32(int64_t v, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::from_int(kF32, v < 0, detail::magnitude_of(v), rm, flags));
}
uint32_t u64_to_f32(uint64_t v, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::from_int(kF32, false, v, rm, flags));
}
uint64_t i32_to_f64(int32_t v, RoundingMode rm, uint8_t& flags) {
  return detail::from_int(kF64, v < 0, detail::magnitude_of(v), rm, flags);
}
uint64_t u32_to_f64(uint32_t v, RoundingMode rm, uint8_t& flags) {
  return detail::from_int(kF64, false, v, rm, flags);
}
uint64_t i64_to_f64(int64_t v, RoundingMode rm, uint8_t& flags) {
  return detail::from_int(kF64, v < 0, detail::magnitude_of(v), rm, flags);
}
uint64_t u64_to_f64(uint64_t v, RoundingMode rm, uint8_t& flags) {
  return detail::from_int(kF64, false, v, rm, flags);
}

}  // namespace loom::cpu::fpu
