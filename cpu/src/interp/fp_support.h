#pragma once
// Shared plumbing for the F and D semantics: the FS gate, rounding-mode
// resolution, NaN-boxing and flag accrual, with one traits type per format
// so that each operation is written once for both precisions.

#include "fpu/softfloat.h"
#include "interp/semantics.h"
#include "priv/trap.h"

namespace loom::cpu {

struct Single {
  using Bits = uint32_t;
  using Host = float;
  static constexpr Bits kCanonicalNaN = fpu::kCanonicalNaN32;
  static constexpr Bits kSignBit = 0x80000000u;
  // A single that is not NaN-boxed reads as the canonical NaN.
  static Bits read(const Hart& h, unsigned reg) {
    const uint64_t v = h.s.f[reg];
    return (v >> 32) == 0xffffffffu ? static_cast<Bits>(v) : kCanonicalNaN;
  }
  static void write(Hart& h, unsigned reg, Bits v) { h.s.f[reg] = 0xffffffff00000000ull | v; }
  static constexpr auto add = fpu::f32_add, sub = fpu::f32_sub, mul = fpu::f32_mul, div = fpu::f32_div;
  static constexpr auto sqrt = fpu::f32_sqrt;
  static constexpr auto muladd = fpu::f32_muladd;
  static constexpr auto min = fpu::f32_min, max = fpu::f32_max;
  static constexpr auto eq = fpu::f32_eq, lt = fpu::f32_lt, le = fpu::f32_le;
  static constexpr auto classify = fpu::f32_classify;
  static constexpr auto to_i32 = fpu::f32_to_i32;
  static constexpr auto to_u32 = fpu::f32_to_u32;
  static constexpr auto to_i64 = fpu::f32_to_i64;
  static constexpr auto to_u64 = fpu::f32_to_u64;
  static constexpr auto from_i32 = fpu::i32_to_f32;
  static constexpr auto from_u32 = fpu::u32_to_f32;
  static constexpr auto from_i64 = fpu::i64_to_f32;
  static constexpr auto from_u64 = fpu::u64_to_f32;
};

struct Double {
  using Bits = uint64_t;
  using Host = double;
  static constexpr Bits kCanonicalNaN = fpu::kCanonicalNaN64;
  static constexpr Bits kSignBit = 0x8000000000000000ull;
  static Bits read(const Hart& h, unsigned reg) { return h.s.f[reg]; }
  static void write(Hart& h, unsigned reg, Bits v) { h.s.f[reg] = v; }
  static constexpr auto add = fpu::f64_add, sub = fpu::f64_sub, mul = fpu::f64_mul, div = fpu::f64_div;
  static constexpr auto sqrt = fpu::f64_sqrt;
  static constexpr auto muladd = fpu::f64_muladd;
  static constexpr auto min = fpu::f64_min, max = fpu::f64_max;
  static constexpr auto eq = fpu::f64_eq, lt = fpu::f64_lt, le = fpu::f64_le;
  static constexpr auto classify = fpu::f64_classify;
  static constexpr auto to_i32 = fpu::f64_to_i32;
  static constexpr auto to_u32 = fpu::f64_to_u32;
  static constexpr auto to_i64 = fpu::f64_to_i64;
  static constexpr auto to_u64 = fpu::f64_to_u64;
  static constexpr auto from_i32 = fpu::i32_to_f64;
  static constexpr auto from_u32 = fpu::u32_to_f64;
  static constexpr auto from_i64 = fpu::i64_to_f64;
  static constexpr auto from_u64 = fpu::u64_to_f64;
};

// Every F/D instruction is illegal while mstatus.FS is Off.
inline bool fp_usable(Hart& h) {
  if (fp_enabled(h.s)) return true;
  h.raise_illegal();
  return false;
}

// Resolves the instruction's rm (7 = dynamic, from frm); reserved modes
// (5, 6, or a reserved frm) make the instruction illegal.
inline bool rounding_mode(Hart& h, const DecodedInsn& d, fpu::RoundingMode& rm) {
  const unsigned mode = d.rm == 7 ? h.s.frm : d.rm;
  if (mode > 4) {
    h.raise_illegal();
    return false;
  }
  rm = static_cast<fpu::RoundingMode>(mode);
  return true;
}

inline void accrue(Hart& h, uint8_t flags) {
  if (flags) {
    h.s.fflags |= flags;
    mark_fp_dirty(h.s);
  }
}

template <typename F>
void write_fp(Hart& h, unsigned reg, typename F::Bits v) {
  F::write(h, reg, v);
  mark_fp_dirty(h.s);
}

}  // namespace loom::cpu
