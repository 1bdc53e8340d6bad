// Comparisons, minimum/maximum and classification (FEQ/FLT/FLE, FMIN/FMAX,
// FCLASS). None of these round.
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

// Orders non-NaN encodings like the values they represent, with -0 == +0.
int64_t ordering_key(const Format& f, uint64_t bits) {
  const uint64_t sign = f.sign_bit(true);
  const int64_t magnitude = static_cast<int64_t>(bits & (sign - 1));
  return (bits & sign) != 0 ? -magnitude : magnitude;
}

enum class Relation { Equal, Less, LessOrEqual };

bool compare(const Format& f, uint64_t a_bits, uint64_t b_bits, Relation relation,
             uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  const Unpacked b = unpack(f, b_bits);
  if (a.is_nan() || b.is_nan()) {
    // FEQ is a quiet comparison; FLT and FLE signal on any NaN.
    const bool signal = relation != Relation::Equal || a.is_snan() || b.is_snan();
    if (signal) flags |= kInvalid;
    return false;
  }
  const int64_t ka = ordering_key(f, a_bits);
  const int64_t kb = ordering_key(f, b_bits);
  switch (relation) {
    case Relation::Equal: return ka == kb;
    case Relation::Less: return ka < kb;
    case Relation::LessOrEqual: return ka <= kb;
  }
  return false;
}

// IEEE 754-2019 minimumNumber/maximumNumber as RISC-V specifies them: a NaN
// operand loses to a number, two NaNs give the canonical NaN, signalling
// NaNs raise NV regardless, and -0 orders below +0.
uint64_t min_max(const Format& f, uint64_t a_bits, uint64_t b_bits, bool want_max,
                 uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  const Unpacked b = unpack(f, b_bits);
  if (a.is_snan() || b.is_snan()) flags |= kInvalid;
  if (a.is_nan()) return b.is_nan() ? f.canonical_nan() : b_bits;
  if (b.is_nan()) return a_bits;
  // Breaking the -0/+0 tie by sign gives the required total order.
  const int64_t ka = ordering_key(f, a_bits);
  const int64_t kb = ordering_key(f, b_bits);
  const bool a_less = ka < kb || (ka == kb && a.sign && !b.sign);
  return a_less != want_max ? a_bits : b_bits;
}

uint32_t classify(const Format& f, uint64_t bits) {
  const Unpacked a = unpack(f, bits);
  const uint64_t exp_field = (bits >> f.frac_bits) & f.exp_field_max();
  switch (a.kind) {
    case Kind::Infinity: return a.sign ? 1u << 0 : 1u << 7;
    case Kind::Finite:
      if (exp_field == 0) return a.sign ? 1u << 2 : 1u << 5;
      return a.sign ? 1u << 1 : 1u << 6;
    case Kind::Zero: return a.sign ? 1u << 3 : 1u << 4;
    case Kind::SignalingNaN: return 1u << 8;
    case Kind::QuietNaN: return 1u << 9;
  }
  return 0;
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

using detail::kF32;
using detail::kF64;
using detail::Relation;

uint32_t f32_min(uint32_t a, uint32_t b, uint8_t& flags) {
  return static_cast<uint32_t>(detail::min_max(kF32, a, b, false, flags));
}
uint32_t f32_max(uint32_t a, uint32_t b, uint8_t& flags) {
  return static_cast<uint32_t>(detail::min_max(kF32, a, b, true, flags));
}
bool f32_eq(uint32_t a, uint32_t b, uint8_t& flags) {
  return detail::compare(kF32, a, b, Relation::Equal, flags);
}
bool f32_lt(uint32_t a, uint32_t b, uint8_t& flags) {
  return detail::compare(kF32, a, b, Relation::Less, flags);
}
bool f32_le(uint32_t a, uint32_t b, uint8_t& flags) {
  return detail::compare(kF32, a, b, Relation::LessOrEqual, flags);
}
uint32_t f32_classify(uint32_t a) { return detail::classify(kF32, a); }

uint64_t f64_min(uint64_t a, uint64_t b, uint8_t& flags) {
  return detail::min_max(kF64, a, b, false, flags);
}
uint64_t f64_max(uint64_t a, uint64_t b, uint8_t& flags) {
  return detail::min_max(kF64, a, b, true, flags);
}
bool f64_eq(uint64_t a, uint64_t b, uint8_t& flags) {
  return detail::compare(kF64, a, b, Relation::Equal, flags);
}
bool f64_lt(uint64_t a, uint64_t b, uint8_t& flags) {
  return detail::compare(kF64, a, b, Relation::Less, flags);
}
bool f64_le(uint64_t a, uint64_t b, uint8_t& flags) {
  return detail::compare(kF64, a, b, Relation::LessOrEqual, flags);
}
uint32_t f64_classify(uint64_t a) { return detail::classify(kF64, a); }

}  // namespace loom::cpu::fpu
