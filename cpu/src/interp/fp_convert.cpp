// F and D: loads/stores, moves, and conversions between formats and to and
// from integers.
#include "interp/fp_support.h"

namespace loom::cpu {
namespace {

template <typename F>
void fp_load(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  typename F::Bits v;
  if (h.load(h.s.x[d.rs1] + static_cast<uint64_t>(d.imm), v)) write_fp<F>(h, d.rd, v);
}

// Stores move the register's low bits unchanged (no unboxing).
template <typename F>
void fp_store(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  h.store(h.s.x[d.rs1] + static_cast<uint64_t>(d.imm), static_cast<typename F::Bits>(h.s.f[d.rs2]));
}

// Float -> integer; 32-bit results are sign-extended into rd, even for the
// unsigned conversions.
template <typename F, auto Op>
void to_integer(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  uint8_t flags = 0;
  const auto result = Op(F::read(h, d.rs1), rm, flags);
  if constexpr (sizeof(result) == 4) {
    h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(result)));
  } else {
    h.s.x[d.rd] = static_cast<uint64_t>(result);
  }
  accrue(h, flags);
}

template <typename F, typename Int, auto Op>
void from_integer(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  uint8_t flags = 0;
  write_fp<F>(h, d.rd, Op(static_cast<Int>(h.s.x[d.rs1]), rm, flags));
  accrue(h, flags);
}

}  // namespace

void exec_FLW(Hart& h, const DecodedInsn& d) { fp_load<Single>(h, d); }
void exec_FLD(Hart& h, const DecodedInsn& d) { fp_load<Double>(h, d); }
void exec_FSW(Hart& h, const DecodedInsn& d) { fp_store<Single>(h, d); }
void exec_FSD(Hart& h, const DecodedInsn& d) { fp_store<Double>(h, d); }

#define LOOM_FP_CONVERT(SUFFIX, F)                                                                                   \
  void exec_FCVT_W_##SUFFIX(Hart& h, const DecodedInsn& d) { to_integer<F, F::to_i32>(h, d); }                      \
  void exec_FCVT_WU_##SUFFIX(Hart& h, const DecodedInsn& d) { to_integer<F, F::to_u32>(h, d); }                     \
  void exec_FCVT_L_##SUFFIX(Hart& h, const DecodedInsn& d) { to_integer<F, F::to_i64>(h, d); }                      \
  void exec_FCVT_LU_##SUFFIX(Hart& h, const DecodedInsn& d) { to_integer<F, F::to_u64>(h, d); }                     \
  void exec_FCVT_##SUFFIX##_W(Hart& h, const DecodedInsn& d) { from_integer<F, int32_t, F::from_i32>(h, d); }       \
  void exec_FCVT_##SUFFIX##_WU(Hart& h, const DecodedInsn& d) { from_integer<F, uint32_t, F::from_u32>(h, d); }     \
  void exec_FCVT_##SUFFIX##_L(Hart& h, const DecodedInsn& d) { from_integer<F, int64_t, F::from_i64>(h, d); }       \
  void exec_FCVT_##SUFFIX##_LU(Hart& h, const DecodedInsn& d) { from_integer<F, uint64_t, F::from_u64>(h, d); }
LOOM_FP_CONVERT(S, Single)
LOOM_FP_CONVERT(D, Double)
#undef LOOM_FP_CONVERT

void exec_FCVT_S_D(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  uint8_t flags = 0;
  write_fp<Single>(h, d.rd, fpu::f64_to_f32(Double::read(h, d.rs1), rm, flags));
  accrue(h, flags);
}

// Widening is exact, but the rm field must still name a valid mode.
void exec_FCVT_D_S(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  uint8_t flags = 0;
  write_fp<Double>(h, d.rd, fpu::f32_to_f64(Single::read(h, d.rs1), flags));
  accrue(h, flags);
}

// Moves copy bits: no unboxing, no NaN canonicalisation, no flags.
void exec_FMV_X_W(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(h.s.f[d.rs1])));
}
void exec_FMV_W_X(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  write_fp<Single>(h, d.rd, static_cast<uint32_t>(h.s.x[d.rs1]));
}
void exec_FMV_X_D(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  h.s.x[d.rd] = h.s.f[d.rs1];
}
void exec_FMV_D_X(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  write_fp<Double>(h, d.rd, h.s.x[d.rs1]);
}

}  // namespace loom::cpu
