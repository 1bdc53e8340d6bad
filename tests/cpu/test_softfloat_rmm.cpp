// Soft-float (cpu/src/fpu) tests, part 2: round-to-nearest-max-magnitude
// (RMM), which the host lacks, checked against an oracle built from the
// host's other modes plus an exact tie test. Hand-written RMM ties are in
// test_softfloat_cases.cpp.
//
// See softfloat_test_support.h for how the host operations are kept from
// being folded or moved across the floating-point environment calls.
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "softfloat_test_support.h"

namespace loom::cpu::fpu {
namespace {

using namespace test_support;

#if defined(__x86_64__)

__extension__ typedef unsigned __int128 u128;

template <class Fn>
auto host_eval_in_mode(int fe, Fn&& op) {
  ScopedRounding guard(fe);
  return host_eval(op);
}

template <class Bits>
Result<Bits> host_op_in_mode(Op op, const OpCase<Bits>& k, int fe) {
  ScopedRounding guard(fe);
  return host_op(op, k);
}

// ---------------------------------------------------------------------------
// RMM against an oracle. Round-to-nearest-max-magnitude differs from RNE
// only on exact ties, where it takes the neighbour away from zero (which
// the host's RUP or RDN gives, with the right flags). So the expected RMM
// result is the host's RNE result unless the exact result is a tie.

// Expected RMM rounding of `exact`, a binary64 holding an exact real, to
// binary32. Two adjacent binary32 values sum exactly in binary64.
Result<uint32_t> rmm_narrow(double exact) {
  const Result<uint32_t> ne = host_eval([&] { return host_narrow(exact); });
  if ((ne.flags & kInexact) == 0) return ne;
  const Result<uint32_t> tz = host_eval_in_mode(FE_TOWARDZERO, [&] { return host_narrow(exact); });
  const Result<uint32_t> away =
      host_eval_in_mode(exact > 0 ? FE_UPWARD : FE_DOWNWARD, [&] { return host_narrow(exact); });
  const double toward = to_host(tz.bits);
  const bool away_is_inf = (away.bits & ~kSignBit<uint32_t>) == kInfBits<uint32_t>;
  const double away_value = away_is_inf ? std::copysign(0x1p128, exact) : to_host(away.bits);
  return toward + away_value == 2 * exact ? away : ne;
}

// Binary32: a tie has at most 25 significant bits and lies well inside
// binary64's range, so whenever binary64 computes the operation inexactly
// the result is not a tie; otherwise binary64 holds the exact result.
Result<uint32_t> expected_rmm_f32(Op op, const OpCase<uint32_t>& k) {
  const Result<uint32_t> ne = host_op_riscv(op, k);
  const auto finite = [](uint32_t b) { return (b & kInfBits<uint32_t>) != kInfBits<uint32_t>; };
  if ((ne.flags & kInexact) == 0 || !finite(k.a) || !finite(k.b) || !finite(k.c)) return ne;
  const double a = to_host(k.a);
  const double b = to_host(k.b);
  const double fma_a = k.negate_product ? -a : a;
  const double fma_c = k.negate_addend ? -static_cast<double>(to_host(k.c)) : to_host(k.c);
  const Result<uint64_t> exact = host_eval([&]() -> double {
    switch (op) {
      case Op::Add: return host_add(a, b);
      case Op::Sub: return host_sub(a, b);
      case Op::Mul: return host_mul(a, b);
      case Op::Div: return host_div(a, b);
      case Op::Sqrt: return host_sqrt(a);
      case Op::MulAdd: return host_fma(fma_a, b, fma_c);
    }
    return 0.0;
  });
  if (exact.flags != 0) return ne;
  return rmm_narrow(to_host(exact.bits));
}

// Binary64: the rounding error of add/sub (TwoSum) and mul (fma) is exact
// while the result stays well inside the normal range; the result is a tie
// when that error is half the gap between the two neighbours. Division and
// square root of p-bit numbers never land on a (p+1)-bit midpoint in the
// normal range. Returns nothing when this cannot decide.
std::optional<Result<uint64_t>> expected_rmm_f64(Op op, const OpCase<uint64_t>& k) {
  const Result<uint64_t> ne = host_op_riscv(op, k);
  if ((ne.flags & kInexact) == 0 || (ne.flags & kOverflow) != 0) return ne;
  const double s = to_host(ne.bits);
  if (op == Op::Div || op == Op::Sqrt) {
    if (std::fabs(s) > 0x1p-1022) return ne;
    return std::nullopt;
  }
  if (op == Op::MulAdd || !(std::fabs(s) >= 0x1p-960 && std::fabs(s) <= 0x1p1020)) {
    return std::nullopt;
  }
  const double a = to_host(k.a);
  const double b = op == Op::Sub ? -to_host(k.b) : to_host(k.b);
  double error;
  if (op == Op::Mul) {
    error = host_fma(a, b, -s);
  } else {
    const double b_part = host_sub(s, a);
    error = host_add(host_sub(a, host_sub(s, b_part)), host_sub(b, b_part));
  }
  const Result<uint64_t> tz = host_op_in_mode(op, k, FE_TOWARDZERO);
  const Result<uint64_t> away = host_op_in_mode(op, k, s > 0 ? FE_UPWARD : FE_DOWNWARD);
  const double half_gap = (to_host(away.bits) - to_host(tz.bits)) / 2;
  const bool tie = ne.bits == tz.bits ? error == half_gap : error == -half_gap;
  return tie ? away : ne;
}

template <class Bits>
void check_rmm(Op op, const char* name) {
  Mismatches mm;
  size_t compared = 0;
  size_t skipped = 0;
  Rng rng(seed_for(name, 4));
  Gen<Bits> gen(rng);
  for (int i = 0; i < kCases; ++i) {
    const OpCase<Bits> k = gen.next(op);
    const Result<Bits> loom = loom_op(op, k, kRMM);
    bool ok;
    std::optional<Result<Bits>> want;
    if constexpr (sizeof(Bits) == 4) {
      want = expected_rmm_f32(op, k);
      ok = same(*want, loom);
    } else {
      want = expected_rmm_f64(op, k);
      if (want) {
        ok = same(*want, loom);
      } else if (op == Op::MulAdd) {
        // Undecided binary64 fma: at least one of the two neighbours.
        const Result<Bits> ne = host_op(op, k);
        const bool negative = (ne.bits & kSignBit<Bits>) != 0;
        const Result<Bits> away = host_op_in_mode(op, k, negative ? FE_DOWNWARD : FE_UPWARD);
        ok = same(ne, loom) || same(away, loom);
        want = ne;
      } else {
        ++skipped;
        continue;
      }
    }
    ++compared;
    if (!ok) mm.add(mismatch_line(kRMM, describe(op, k), *want, loom));
  }
  report(name, compared, skipped);
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

TEST(SoftFloatRmm, F32Add) { check_rmm<uint32_t>(Op::Add, "rmm f32_add"); }
TEST(SoftFloatRmm, F32Sub) { check_rmm<uint32_t>(Op::Sub, "rmm f32_sub"); }
TEST(SoftFloatRmm, F32Mul) { check_rmm<uint32_t>(Op::Mul, "rmm f32_mul"); }
TEST(SoftFloatRmm, F32Div) { check_rmm<uint32_t>(Op::Div, "rmm f32_div"); }
TEST(SoftFloatRmm, F32Sqrt) { check_rmm<uint32_t>(Op::Sqrt, "rmm f32_sqrt"); }
TEST(SoftFloatRmm, F32MulAdd) { check_rmm<uint32_t>(Op::MulAdd, "rmm f32_muladd"); }
TEST(SoftFloatRmm, F64Add) { check_rmm<uint64_t>(Op::Add, "rmm f64_add"); }
TEST(SoftFloatRmm, F64Sub) { check_rmm<uint64_t>(Op::Sub, "rmm f64_sub"); }
TEST(SoftFloatRmm, F64Mul) { check_rmm<uint64_t>(Op::Mul, "rmm f64_mul"); }
TEST(SoftFloatRmm, F64Div) { check_rmm<uint64_t>(Op::Div, "rmm f64_div"); }
TEST(SoftFloatRmm, F64Sqrt) { check_rmm<uint64_t>(Op::Sqrt, "rmm f64_sqrt"); }
TEST(SoftFloatRmm, F64MulAdd) { check_rmm<uint64_t>(Op::MulAdd, "rmm f64_muladd"); }

TEST(SoftFloatRmm, F64ToF32) {
  Mismatches mm;
  Rng rng(seed_for("rmm f64_to_f32", 4));
  for (int i = 0; i < kCases; ++i) {
    const uint64_t a = narrowing_operand(rng);
    const bool finite = (a & kInfBits<uint64_t>) != kInfBits<uint64_t>;
    const Result<uint32_t> want =
        finite ? rmm_narrow(to_host(a)) : host_eval([&] { return host_narrow(to_host(a)); });
    uint8_t fl = 0;
    const Result<uint32_t> loom{f64_to_f32(a, kRMM, fl), fl};
    if (!same(want, loom)) mm.add(mismatch_line(kRMM, "a=" + hex(a), want, loom));
  }
  report("rmm f64_to_f32", kCases);
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

// Integers: the tie test is exact in 128-bit integers.
template <class Bits>
Result<Bits> expected_rmm_from_int(IntKind kind, uint64_t raw) {
  using Float = typename Fmt<Bits>::Float;
  const auto convert = [&] { return host_from_int<Float>(kind, raw); };
  const Result<Bits> ne = host_eval(convert);
  if ((ne.flags & kInexact) == 0) return ne;
  const bool negative = int_is_negative(kind, raw);
  const Result<Bits> tz = host_eval_in_mode(FE_TOWARDZERO, convert);
  const Result<Bits> away = host_eval_in_mode(negative ? FE_DOWNWARD : FE_UPWARD, convert);
  const uint64_t value = canonical_int(kind, raw);
  const u128 magnitude = negative ? 0 - value : value;
  const auto integer = [](Bits b) { return static_cast<u128>(std::fabs(to_host(b))); };
  return integer(tz.bits) + integer(away.bits) == 2 * magnitude ? away : ne;
}

template <class Bits>
void check_rmm_from_int(IntKind kind) {
  const std::string name =
      std::string("rmm ") + kind_name(kind) + (sizeof(Bits) == 4 ? "_to_f32" : "_to_f64");
  Mismatches mm;
  Rng rng(seed_for(name.c_str(), 4));
  for (int i = 0; i < kCases; ++i) {
    const uint64_t raw = int_value(rng);
    const Result<Bits> want = expected_rmm_from_int<Bits>(kind, raw);
    uint8_t fl = 0;
    const Result<Bits> loom{loom_from_int<Bits>(kind, raw, kRMM, fl), fl};
    if (!same(want, loom)) mm.add(mismatch_line(kRMM, "v=" + hex(canonical_int(kind, raw)), want, loom));
  }
  report(name.c_str(), kCases);
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

TEST(SoftFloatRmm, I32ToF32) { check_rmm_from_int<uint32_t>(IntKind::I32); }
TEST(SoftFloatRmm, U32ToF32) { check_rmm_from_int<uint32_t>(IntKind::U32); }
TEST(SoftFloatRmm, I64ToF32) { check_rmm_from_int<uint32_t>(IntKind::I64); }
TEST(SoftFloatRmm, U64ToF32) { check_rmm_from_int<uint32_t>(IntKind::U64); }
TEST(SoftFloatRmm, I32ToF64) { check_rmm_from_int<uint64_t>(IntKind::I32); }
TEST(SoftFloatRmm, U32ToF64) { check_rmm_from_int<uint64_t>(IntKind::U32); }
TEST(SoftFloatRmm, I64ToF64) { check_rmm_from_int<uint64_t>(IntKind::I64); }
TEST(SoftFloatRmm, U64ToF64) { check_rmm_from_int<uint64_t>(IntKind::U64); }

#endif  // __x86_64__

}  // namespace
}  // namespace loom::cpu::fpu
