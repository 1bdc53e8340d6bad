// Bit-exact IEEE 754 binary32/binary64 arithmetic with RISC-V F/D semantics.
//
// Every value is a raw bit pattern. Results never depend on the host FPU:
// the implementation uses integer arithmetic only. RISC-V specifics:
//   - every NaN result is the canonical NaN (no payload propagation);
//   - tininess is detected after rounding; UF is raised only when the result
//     is tiny and inexact;
//   - float-to-integer conversions saturate (see f32_to_i32 below);
//   - fmin/fmax are IEEE 754-2019 minimumNumber/maximumNumber with -0 < +0.
// Each operation ORs the exceptions it raises into `flags` (fflags layout).
// `rm` must be one of the five defined modes: reserved encodings are the
// decoder's business (illegal instruction), not this library's.
#pragma once

#include <cstdint>

namespace loom::cpu::fpu {

// Encoded as in the RISC-V `frm` field.
enum class RoundingMode : uint8_t {
  NearestEven = 0,
  TowardZero = 1,
  Down = 2,
  Up = 3,
  NearestMaxMagnitude = 4,
};

// fflags bits, in RISC-V fcsr order.
enum : uint8_t {
  kInexact = 1,
  kUnderflow = 2,
  kOverflow = 4,
  kDivByZero = 8,
  kInvalid = 16,
};

constexpr uint32_t kCanonicalNaN32 = 0x7fc00000u;
constexpr uint64_t kCanonicalNaN64 = 0x7ff8000000000000ull;

// ---- binary32 ----
uint32_t f32_add(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags);
uint32_t f32_sub(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags);
uint32_t f32_mul(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags);
uint32_t f32_div(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& flags);
uint32_t f32_sqrt(uint32_t a, RoundingMode rm, uint8_t& flags);
// Fused (+-a*b) + (+-c) with a single rounding:
//   fmadd = (false,false), fmsub = (false,true),
//   fnmsub = (true,false), fnmadd = (true,true).
uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, bool negate_product,
                    bool negate_addend, RoundingMode rm, uint8_t& flags);
uint32_t f32_min(uint32_t a, uint32_t b, uint8_t& flags);
uint32_t f32_max(uint32_t a, uint32_t b, uint8_t& flags);
bool f32_eq(uint32_t a, uint32_t b, uint8_t& flags);  // quiet
bool f32_lt(uint32_t a, uint32_t b, uint8_t& flags);  // signalling
bool f32_le(uint32_t a, uint32_t b, uint8_t& flags);  // signalling
uint32_t f32_classify(uint32_t a);                    // fclass mask
// Saturating: NaN -> max positive; out of range -> nearest bound; both NV.
int32_t f32_to_i32(uint32_t a, RoundingMode rm, uint8_t& flags);
uint32_t f32_to_u32(uint32_t a, RoundingMode rm, uint8_t& flags);
int64_t f32_to_i64(uint32_t a, RoundingMode rm, uint8_t& flags);
uint64_t f32_to_u64(uint32_t a, RoundingMode rm, uint8_t& flags);
uint32_t i32_to_f32(int32_t v, RoundingMode rm, uint8_t& flags);
uint32_t u32_to_f32(uint32_t v, RoundingMode rm, uint8_t& flags);
uint32_t i64_to_f32(int64_t v, RoundingMode rm, uint8_t& flags);
uint32_t u64_to_f32(uint64_t v, RoundingMode rm, uint8_t& flags);
uint64_t f32_to_f64(uint32_t a, uint8_t& flags);
uint32_t f64_to_f32(uint64_t a, RoundingMode rm, uint8_t& flags);

// ---- binary64 ----
uint64_t f64_add(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags);
uint64_t f64_sub(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags);
uint64_t f64_mul(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags);
uint64_t f64_div(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& flags);
uint64_t f64_sqrt(uint64_t a, RoundingMode rm, uint8_t& flags);
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, bool negate_product,
                    bool negate_addend, RoundingMode rm, uint8_t& flags);
uint64_t f64_min(uint64_t a, uint64_t b, uint8_t& flags);
uint64_t f64_max(uint64_t a, uint64_t b, uint8_t& flags);
bool f64_eq(uint64_t a, uint64_t b, uint8_t& flags);
bool f64_lt(uint64_t a, uint64_t b, uint8_t& flags);
bool f64_le(uint64_t a, uint64_t b, uint8_t& flags);
uint32_t f64_classify(uint64_t a);
int32_t f64_to_i32(uint64_t a, RoundingMode rm, uint8_t& flags);
uint32_t f64_to_u32(uint64_t a, RoundingMode rm, uint8_t& flags);
int64_t f64_to_i64(uint64_t a, RoundingMode rm, uint8_t& flags);
uint64_t f64_to_u64(uint64_t a, RoundingMode rm, uint8_t& flags);
uint64_t i32_to_f64(int32_t v, RoundingMode rm, uint8_t& flags);
uint64_t u32_to_f64(uint32_t v, RoundingMode rm, uint8_t& flags);
uint64_t i64_to_f64(int64_t v, RoundingMode rm, uint8_t& flags);
uint64_t u64_to_f64(uint64_t v, RoundingMode rm, uint8_t& flags);

}  // namespace loom::cpu::fpu
