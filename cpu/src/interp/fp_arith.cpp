// F and D: arithmetic, fused multiply-add, sign injection, min/max,
// comparisons and classification.
#include "fpu/host_fast_path.h"
#include "interp/fp_support.h"

namespace loom::cpu {
namespace {

// The host computes when it gives the soft-float's bits and flags exactly
// (fpu/host_fast_path.h): round to nearest even, inexact already accrued.
bool host_may_compute(const Hart& h, fpu::RoundingMode rm) {
  return rm == fpu::RoundingMode::NearestEven && (h.s.fflags & fpu::kInexact);
}

template <typename F, auto Op, fpu::HostOp HostOp>
void binary_rounded(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  typename F::Bits fast;
  if (host_may_compute(h, rm) &&
      fpu::host_binary<typename F::Host>(HostOp, F::read(h, d.rs1), F::read(h, d.rs2), fast)) {
    return write_fp<F>(h, d.rd, fast);
  }
  uint8_t flags = 0;
  const auto result = Op(F::read(h, d.rs1), F::read(h, d.rs2), rm, flags);
  write_fp<F>(h, d.rd, result);
  accrue(h, flags);
}

template <typename F>
void square_root(Hart& h, const DecodedInsn& d) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  typename F::Bits fast;
  if (host_may_compute(h, rm) && fpu::host_sqrt<typename F::Host>(F::read(h, d.rs1), fast)) {
    return write_fp<F>(h, d.rd, fast);
  }
  uint8_t flags = 0;
  write_fp<F>(h, d.rd, F::sqrt(F::read(h, d.rs1), rm, flags));
  accrue(h, flags);
}

template <typename F>
void fused(Hart& h, const DecodedInsn& d, bool negate_product, bool negate_addend) {
  fpu::RoundingMode rm;
  if (!fp_usable(h) || !rounding_mode(h, d, rm)) return;
  uint8_t flags = 0;
  const auto result =
      F::muladd(F::read(h, d.rs1), F::read(h, d.rs2), F::read(h, d.rs3), negate_product, negate_addend, rm, flags);
  write_fp<F>(h, d.rd, result);
  accrue(h, flags);
}

enum class Sign { Copy, Negate, Xor };
template <typename F>
void sign_inject(Hart& h, const DecodedInsn& d, Sign how) {
  if (!fp_usable(h)) return;
  const auto a = F::read(h, d.rs1), b = F::read(h, d.rs2);
  auto sign = b & F::kSignBit;
  if (how == Sign::Negate) sign ^= F::kSignBit;
  if (how == Sign::Xor) sign ^= a & F::kSignBit;
  write_fp<F>(h, d.rd, (a & ~F::kSignBit) | sign);
}

template <typename F, auto Op>
void min_max(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  uint8_t flags = 0;
  write_fp<F>(h, d.rd, Op(F::read(h, d.rs1), F::read(h, d.rs2), flags));
  accrue(h, flags);
}

template <typename F, auto Op>
void compare(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  uint8_t flags = 0;
  h.s.x[d.rd] = Op(F::read(h, d.rs1), F::read(h, d.rs2), flags) ? 1 : 0;
  accrue(h, flags);
}

template <typename F>
void classify(Hart& h, const DecodedInsn& d) {
  if (!fp_usable(h)) return;
  h.s.x[d.rd] = F::classify(F::read(h, d.rs1));
}

}  // namespace

#define LOOM_FP_BOTH(MACRO) MACRO(S, Single) MACRO(D, Double)
#define LOOM_FP_ARITH(SUFFIX, F)                                                                           \
  void exec_FADD_##SUFFIX(Hart& h, const DecodedInsn& d) { binary_rounded<F, F::add, fpu::HostOp::Add>(h, d); }             \
  void exec_FSUB_##SUFFIX(Hart& h, const DecodedInsn& d) { binary_rounded<F, F::sub, fpu::HostOp::Sub>(h, d); }             \
  void exec_FMUL_##SUFFIX(Hart& h, const DecodedInsn& d) { binary_rounded<F, F::mul, fpu::HostOp::Mul>(h, d); }             \
  void exec_FDIV_##SUFFIX(Hart& h, const DecodedInsn& d) { binary_rounded<F, F::div, fpu::HostOp::Div>(h, d); }             \
  void exec_FSQRT_##SUFFIX(Hart& h, const DecodedInsn& d) { square_root<F>(h, d); }                      \
  void exec_FMADD_##SUFFIX(Hart& h, const DecodedInsn& d) { fused<F>(h, d, false, false); }              \
  void exec_FMSUB_##SUFFIX(Hart& h, const DecodedInsn& d) { fused<F>(h, d, false, true); }               \
  void exec_FNMSUB_##SUFFIX(Hart& h, const DecodedInsn& d) { fused<F>(h, d, true, false); }              \
  void exec_FNMADD_##SUFFIX(Hart& h, const DecodedInsn& d) { fused<F>(h, d, true, true); }               \
  void exec_FSGNJ_##SUFFIX(Hart& h, const DecodedInsn& d) { sign_inject<F>(h, d, Sign::Copy); }          \
  void exec_FSGNJN_##SUFFIX(Hart& h, const DecodedInsn& d) { sign_inject<F>(h, d, Sign::Negate); }       \
  void exec_FSGNJX_##SUFFIX(Hart& h, const DecodedInsn& d) { sign_inject<F>(h, d, Sign::Xor); }          \
  void exec_FMIN_##SUFFIX(Hart& h, const DecodedInsn& d) { min_max<F, F::min>(h, d); }                   \
  void exec_FMAX_##SUFFIX(Hart& h, const DecodedInsn& d) { min_max<F, F::max>(h, d); }                   \
  void exec_FEQ_##SUFFIX(Hart& h, const DecodedInsn& d) { compare<F, F::eq>(h, d); }                     \
  void exec_FLT_##SUFFIX(Hart& h, const DecodedInsn& d) { compare<F, F::lt>(h, d); }                     \
  void exec_FLE_##SUFFIX(Hart& h, const DecodedInsn& d) { compare<F, F::le>(h, d); }                     \
  void exec_FCLASS_##SUFFIX(Hart& h, const DecodedInsn& d) { classify<F>(h, d); }
LOOM_FP_BOTH(LOOM_FP_ARITH)
#undef LOOM_FP_ARITH

}  // namespace loom::cpu
