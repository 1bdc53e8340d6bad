// Soft-float (cpu/src/fpu) tests, part 3:
//  - float-to-integer conversions against trunc/floor/ceil/nearbyint/round
//    with the RISC-V saturation rules applied on top;
//  - hand-written cases: RMM ties and the RISC-V-specific rules.
//
// The conversion oracle relies on the host being in round-to-nearest-even
// (std::nearbyint), so this file too accesses the floating-point
// environment; see softfloat_test_support.h.
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "softfloat_test_support.h"

namespace loom::cpu::fpu {
namespace {

using namespace test_support;

// ---------------------------------------------------------------------------
// Float-to-integer conversions

// Loom's float-to-integer result in canonical_int form.
template <class Bits>
uint64_t loom_to_int(IntKind kind, Bits a, RoundingMode rm, uint8_t& fl) {
  if constexpr (sizeof(Bits) == 4) {
    switch (kind) {
      case IntKind::I32: return canonical_int(kind, static_cast<uint32_t>(f32_to_i32(a, rm, fl)));
      case IntKind::U32: return f32_to_u32(a, rm, fl);
      case IntKind::I64: return static_cast<uint64_t>(f32_to_i64(a, rm, fl));
      case IntKind::U64: break;
    }
    return f32_to_u64(a, rm, fl);
  } else {
    switch (kind) {
      case IntKind::I32: return canonical_int(kind, static_cast<uint32_t>(f64_to_i32(a, rm, fl)));
      case IntKind::U32: return f64_to_u32(a, rm, fl);
      case IntKind::I64: return static_cast<uint64_t>(f64_to_i64(a, rm, fl));
      case IntKind::U64: break;
    }
    return f64_to_u64(a, rm, fl);
  }
}

// The RISC-V result of converting v to an integer, derived from the host's
// exact integral-rounding functions: round in the requested direction, then
// saturate whatever does not fit (NV, no NX); NaN gives the maximum.
Result<uint64_t> expected_to_int(double v, IntKind kind, RoundingMode rm) {
  const bool is_signed = is_signed_kind(kind);
  const bool wide = kind == IntKind::I64 || kind == IntKind::U64;
  const double lowest = is_signed ? (wide ? -0x1p63 : -0x1p31) : 0.0;
  const double limit = is_signed ? (wide ? 0x1p63 : 0x1p31) : (wide ? 0x1p64 : 0x1p32);
  const uint64_t max = is_signed ? (wide ? INT64_MAX : INT32_MAX) : (wide ? UINT64_MAX : UINT32_MAX);
  const uint64_t min = is_signed ? canonical_int(kind, wide ? 1ull << 63 : 1ull << 31) : 0;
  if (std::isnan(v)) return {max, kInvalid};
  double r = 0;
  switch (rm) {
    case RoundingMode::NearestEven: r = std::nearbyint(v); break;  // host mode is RNE here
    case RoundingMode::TowardZero: r = std::trunc(v); break;
    case RoundingMode::Down: r = std::floor(v); break;
    case RoundingMode::Up: r = std::ceil(v); break;
    case RoundingMode::NearestMaxMagnitude: r = std::round(v); break;
  }
  if (r < lowest) return {min, kInvalid};
  if (r >= limit) return {max, kInvalid};
  const uint64_t value =
      r < 0 ? static_cast<uint64_t>(static_cast<int64_t>(r)) : static_cast<uint64_t>(r);
  return {value, static_cast<uint8_t>(r != v ? kInexact : 0)};
}

template <class Bits>
void check_float_to_int(IntKind kind) {
  const std::string name = std::string(sizeof(Bits) == 4 ? "f32_to_" : "f64_to_") + kind_name(kind);
  Mismatches mm;
  size_t compared = 0;
  for (RoundingMode rm : {kRNE, kRTZ, kRDN, kRUP, kRMM}) {
    Rng rng(seed_for(name.c_str(), static_cast<uint64_t>(rm)));
    Gen<Bits> gen(rng);
    for (int i = 0; i < kCases; ++i) {
      const Bits a = rng.below(4) == 0 ? gen.operand() : gen.near_integer();
      const Result<uint64_t> want = expected_to_int(to_host(a), kind, rm);
      uint8_t fl = 0;
      const uint64_t got = loom_to_int(kind, a, rm, fl);
      ++compared;
      if (got != want.bits || fl != want.flags) {
        mm.add(std::string(mode_name(rm)) + " a=" + hex(a) + ": want " + hex(want.bits) + " " +
               flag_names(want.flags) + ", loom " + hex(got) + " " + flag_names(fl));
      }
    }
  }
  report(name.c_str(), compared);
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

TEST(SoftFloatToInt, F32ToI32) { check_float_to_int<uint32_t>(IntKind::I32); }
TEST(SoftFloatToInt, F32ToU32) { check_float_to_int<uint32_t>(IntKind::U32); }
TEST(SoftFloatToInt, F32ToI64) { check_float_to_int<uint32_t>(IntKind::I64); }
TEST(SoftFloatToInt, F32ToU64) { check_float_to_int<uint32_t>(IntKind::U64); }
TEST(SoftFloatToInt, F64ToI32) { check_float_to_int<uint64_t>(IntKind::I32); }
TEST(SoftFloatToInt, F64ToU32) { check_float_to_int<uint64_t>(IntKind::U32); }
TEST(SoftFloatToInt, F64ToI64) { check_float_to_int<uint64_t>(IntKind::I64); }
TEST(SoftFloatToInt, F64ToU64) { check_float_to_int<uint64_t>(IntKind::U64); }

// ---------------------------------------------------------------------------
// Hand-written cases: RMM ties and the RISC-V-specific rules.

// Evaluates `call` (which may use the flags variable `fl`) and checks the
// result and the exact set of flags raised.
#define EXPECT_FP(call, want, want_flags)                                              \
  do {                                                                                 \
    uint8_t fl = 0;                                                                    \
    const auto got = (call);                                                           \
    EXPECT_EQ(hex(static_cast<uint64_t>(got)),                                         \
              hex(static_cast<uint64_t>(static_cast<std::decay_t<decltype(got)>>(want)))) \
        << #call;                                                                      \
    EXPECT_EQ(flag_names(fl), flag_names(want_flags)) << #call;                        \
  } while (0)

constexpr uint8_t kNone = 0;
constexpr uint8_t kNX = kInexact;
constexpr uint8_t kUFNX = kUnderflow | kInexact;
constexpr uint8_t kOFNX = kOverflow | kInexact;
constexpr uint8_t kNV = kInvalid;
constexpr uint8_t kDZ = kDivByZero;

constexpr uint32_t kOne32 = 0x3f800000;
constexpr uint32_t kMinSub32 = 0x00000001;
constexpr uint32_t kMaxSub32 = 0x007fffff;
constexpr uint32_t kMinNormal32 = 0x00800000;
constexpr uint32_t kMax32 = 0x7f7fffff;
constexpr uint32_t kInf32 = 0x7f800000;
constexpr uint32_t kQNaNPayload32 = 0xffc12345;  // negative, with payload
constexpr uint32_t kSNaN32 = 0x7f812345;
constexpr uint64_t kOne64 = 0x3ff0000000000000;
constexpr uint64_t kMaxSub64 = 0x000fffffffffffff;
constexpr uint64_t kMinNormal64 = 0x0010000000000000;
constexpr uint64_t kMax64 = 0x7fefffffffffffff;
constexpr uint64_t kInf64 = 0x7ff0000000000000;
constexpr uint64_t kQNaNPayload64 = 0xfff8000000012345;
constexpr uint64_t kSNaN64 = 0x7ff0000000012345;
constexpr uint32_t kSign32 = 0x80000000;
constexpr uint64_t kSign64 = 0x8000000000000000;

TEST(SoftFloatRmmCases, AdditionTies) {
  // 1 + 2^-24 is halfway between 1 and 1 + 2^-23.
  EXPECT_FP(f32_add(kOne32, F(0x1p-24f), kRMM, fl), 0x3f800001, kNX);
  EXPECT_FP(f32_add(kOne32, F(0x1p-24f), kRNE, fl), 0x3f800000, kNX);
  EXPECT_FP(f32_add(kOne32 | kSign32, F(-0x1p-24f), kRMM, fl), 0xbf800001, kNX);
  EXPECT_FP(f32_sub(kOne32, F(-0x1p-24f), kRMM, fl), 0x3f800001, kNX);
  // Halfway between an odd and an even neighbour: both nearest modes agree.
  EXPECT_FP(f32_add(0x3f800001, F(0x1p-24f), kRMM, fl), 0x3f800002, kNX);
  EXPECT_FP(f32_add(0x3f800001, F(0x1p-24f), kRNE, fl), 0x3f800002, kNX);
  // Not a tie: both nearest modes round down.
  EXPECT_FP(f32_add(kOne32, F(0x1p-25f), kRMM, fl), kOne32, kNX);
  EXPECT_FP(f64_add(kOne64, D(0x1p-53), kRMM, fl), 0x3ff0000000000001, kNX);
  EXPECT_FP(f64_add(kOne64, D(0x1p-53), kRNE, fl), kOne64, kNX);
  EXPECT_FP(f64_add(D(-1.0), D(-0x1p-53), kRMM, fl), 0xbff0000000000001, kNX);
  // Fused: 1 + 2^-52 - 2^-53 = 1 + 2^-53, a tie.
  EXPECT_FP(f64_muladd(0x3ff0000000000001, kOne64, D(0x1p-53), false, true, kRMM, fl),
            0x3ff0000000000001, kNX);
  EXPECT_FP(f64_muladd(0x3ff0000000000001, kOne64, D(0x1p-53), false, true, kRNE, fl), kOne64,
            kNX);
  // Narrowing: 1 + 2^-24 held exactly in binary64.
  EXPECT_FP(f64_to_f32(D(1.0 + 0x1p-24), kRMM, fl), 0x3f800001, kNX);
  EXPECT_FP(f64_to_f32(D(1.0 + 0x1p-24), kRNE, fl), 0x3f800000, kNX);
}

TEST(SoftFloatRmmCases, IntegerToFloatTies) {
  // 2^24 + 1 is halfway between 2^24 and 2^24 + 2.
  EXPECT_FP(i32_to_f32(16777217, kRMM, fl), 0x4b800001, kNX);
  EXPECT_FP(i32_to_f32(16777217, kRNE, fl), 0x4b800000, kNX);
  EXPECT_FP(i32_to_f32(-16777217, kRMM, fl), 0xcb800001, kNX);
  EXPECT_FP(u32_to_f32(16777217u, kRMM, fl), 0x4b800001, kNX);
  EXPECT_FP(i32_to_f32(16777219, kRMM, fl), 0x4b800002, kNX);
  EXPECT_FP(i32_to_f32(16777219, kRNE, fl), 0x4b800002, kNX);
  // 2^63 + 2^39 is halfway between 2^63 and the next binary32.
  EXPECT_FP(u64_to_f32(0x8000008000000000ull, kRMM, fl), 0x5f000001, kNX);
  EXPECT_FP(u64_to_f32(0x8000008000000000ull, kRNE, fl), 0x5f000000, kNX);
  EXPECT_FP(i64_to_f64((int64_t{1} << 53) + 1, kRMM, fl), 0x4340000000000001, kNX);
  EXPECT_FP(i64_to_f64((int64_t{1} << 53) + 1, kRNE, fl), 0x4340000000000000, kNX);
  EXPECT_FP(i64_to_f64(-(int64_t{1} << 53) - 1, kRMM, fl), 0xc340000000000001, kNX);
  EXPECT_FP(u64_to_f64(UINT64_MAX, kRMM, fl), D(0x1p64), kNX);
  EXPECT_FP(i64_to_f32(INT64_MIN, kRMM, fl), 0xdf000000, kNone);
}

TEST(SoftFloatRmmCases, UnderflowOverflowAndIntegers) {
  // 2^-150 is halfway between 0 and the smallest subnormal.
  EXPECT_FP(f32_mul(kMinSub32, F(0.5f), kRMM, fl), kMinSub32, kUFNX);
  EXPECT_FP(f32_mul(kMinSub32, F(0.5f), kRNE, fl), 0, kUFNX);
  EXPECT_FP(f32_mul(kMinSub32 | kSign32, F(0.5f), kRMM, fl), kMinSub32 | kSign32, kUFNX);
  EXPECT_FP(f32_mul(kMax32, F(2.0f), kRMM, fl), kInf32, kOFNX);
  EXPECT_FP(f32_mul(kMax32, F(-2.0f), kRMM, fl), kInf32 | kSign32, kOFNX);
  EXPECT_FP(f32_to_i32(F(2.5f), kRMM, fl), 3, kNX);
  EXPECT_FP(f32_to_i32(F(2.5f), kRNE, fl), 2, kNX);
  EXPECT_FP(f32_to_i32(F(-2.5f), kRMM, fl), -3, kNX);
  EXPECT_FP(f32_to_i32(F(0.5f), kRMM, fl), 1, kNX);
  EXPECT_FP(f64_to_i64(D(-0.5), kRMM, fl), -1, kNX);
  // -0.5 rounds to -1 under RMM, which an unsigned result cannot hold.
  EXPECT_FP(f32_to_u32(F(-0.5f), kRMM, fl), 0u, kNV);
  EXPECT_FP(f32_to_u32(F(-0.5f), kRNE, fl), 0u, kNX);
}

// Tininess is detected after rounding: a result just below 2^emin that
// rounds (with unbounded exponent) to 2^emin is not tiny and does not
// underflow; with before-rounding detection (e.g. Arm) it would.
TEST(SoftFloatCases, TininessAfterRounding) {
  // (1 + 2^-23) * (1 - 2^-23) * 2^-126 = (1 - 2^-46) * 2^-126.
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32, kRNE, fl), kMinNormal32, kNX);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32, kRUP, fl), kMinNormal32, kNX);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32, kRMM, fl), kMinNormal32, kNX);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32, kRTZ, fl), kMaxSub32, kUFNX);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32, kRDN, fl), kMaxSub32, kUFNX);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub32 | kSign32, kRDN, fl), kMinNormal32 | kSign32, kNX);
  // (1 - 2^-24) * 2^-126 has 24 bits: tiny in every mode, even when the
  // subnormal rounding carries it up to 2^-126.
  EXPECT_FP(f32_mul(0x3f7fffff, kMinNormal32, kRNE, fl), kMinNormal32, kUFNX);
  EXPECT_FP(f32_mul(0x3f7fffff, kMinNormal32, kRUP, fl), kMinNormal32, kUFNX);
  EXPECT_FP(f32_mul(0x3f7fffff, kMinNormal32, kRTZ, fl), kMaxSub32, kUFNX);
  EXPECT_FP(f64_mul(0x3ff0000000000001, kMaxSub64, kRNE, fl), kMinNormal64, kNX);
  EXPECT_FP(f64_mul(0x3ff0000000000001, kMaxSub64, kRTZ, fl), kMaxSub64, kUFNX);
  // Exact subnormal results do not underflow.
  EXPECT_FP(f32_mul(kMaxSub32, F(0.5f), kRNE, fl), 0x00400000, kNX | kUnderflow);
  EXPECT_FP(f32_mul(0x00000002, F(0.5f), kRNE, fl), kMinSub32, kNone);
  EXPECT_FP(f32_sub(kMinNormal32, kMinSub32, kRNE, fl), kMaxSub32, kNone);
  EXPECT_FP(f64_to_f32(D(0x1p-149), kRNE, fl), kMinSub32, kNone);
  EXPECT_FP(f64_to_f32(D(0x1p-150), kRNE, fl), 0, kUFNX);
  EXPECT_FP(f64_to_f32(D(0x1p-150), kRUP, fl), kMinSub32, kUFNX);
}

TEST(SoftFloatCases, OverflowFollowsRoundingMode) {
  const uint32_t neg_max = kMax32 | kSign32;
  const uint32_t neg_inf = kInf32 | kSign32;
  EXPECT_FP(f32_mul(kMax32, F(2.0f), kRNE, fl), kInf32, kOFNX);
  EXPECT_FP(f32_mul(kMax32, F(2.0f), kRTZ, fl), kMax32, kOFNX);
  EXPECT_FP(f32_mul(kMax32, F(2.0f), kRDN, fl), kMax32, kOFNX);
  EXPECT_FP(f32_mul(kMax32, F(2.0f), kRUP, fl), kInf32, kOFNX);
  EXPECT_FP(f32_mul(neg_max, F(2.0f), kRTZ, fl), neg_max, kOFNX);
  EXPECT_FP(f32_mul(neg_max, F(2.0f), kRDN, fl), neg_inf, kOFNX);
  EXPECT_FP(f32_mul(neg_max, F(2.0f), kRUP, fl), neg_max, kOFNX);
  EXPECT_FP(f64_add(kMax64, kMax64, kRTZ, fl), kMax64, kOFNX);
  EXPECT_FP(f64_add(kMax64, kMax64, kRNE, fl), kInf64, kOFNX);
  EXPECT_FP(f64_to_f32(D(0x1p200), kRTZ, fl), kMax32, kOFNX);
  EXPECT_FP(f64_to_f32(D(-0x1p200), kRNE, fl), neg_inf, kOFNX);
  // Rounding up to exactly 2^128 overflows; the largest value does not.
  EXPECT_FP(f64_to_f32(D(0x1.ffffffp127), kRNE, fl), kInf32, kOFNX);
  EXPECT_FP(f64_to_f32(D(0x1.ffffffp127), kRTZ, fl), kMax32, kNX);
}

TEST(SoftFloatCases, SignOfZero) {
  for (RoundingMode rm : {kRNE, kRTZ, kRDN, kRUP, kRMM}) {
    SCOPED_TRACE(mode_name(rm));
    const uint32_t zero32 = rm == kRDN ? kSign32 : 0;
    const uint64_t zero64 = rm == kRDN ? kSign64 : 0;
    EXPECT_FP(f32_add(F(1.5f), F(-1.5f), rm, fl), zero32, kNone);
    EXPECT_FP(f32_sub(F(1.5f), F(1.5f), rm, fl), zero32, kNone);
    EXPECT_FP(f64_add(D(-3.0), D(3.0), rm, fl), zero64, kNone);
    EXPECT_FP(f32_add(0, kSign32, rm, fl), zero32, kNone);
    EXPECT_FP(f32_add(kSign32, kSign32, rm, fl), kSign32, kNone);
    EXPECT_FP(f32_sub(kSign32, 0, rm, fl), kSign32, kNone);
    EXPECT_FP(f32_muladd(kOne32, kOne32, kOne32, false, true, rm, fl), zero32, kNone);
    EXPECT_FP(f64_muladd(0, kOne64, kSign64, false, false, rm, fl), zero64, kNone);
    EXPECT_FP(f64_muladd(kSign64, kOne64, kSign64, false, false, rm, fl), kSign64, kNone);
    EXPECT_FP(f32_muladd(0, kOne32, 0, true, true, rm, fl), kSign32, kNone);
    EXPECT_FP(f32_mul(kSign32, F(5.0f), rm, fl), kSign32, kNone);
    EXPECT_FP(f32_div(0, F(-5.0f), rm, fl), kSign32, kNone);
    EXPECT_FP(f32_sqrt(kSign32, rm, fl), kSign32, kNone);
    EXPECT_FP(f64_sqrt(kSign64, rm, fl), kSign64, kNone);
    EXPECT_FP(i32_to_f32(0, rm, fl), 0u, kNone);
  }
  // A non-zero result that rounds to zero keeps its sign.
  EXPECT_FP(f32_mul(kMinSub32 | kSign32, F(0.25f), kRTZ, fl), kSign32, kUFNX);
  EXPECT_FP(f32_mul(kMinSub32 | kSign32, F(0.25f), kRDN, fl), kMinSub32 | kSign32, kUFNX);
}

TEST(SoftFloatCases, CanonicalNaNFromEveryNaNProducingOp) {
  const uint32_t q = kQNaNPayload32;
  const uint32_t s = kSNaN32;
  const uint32_t c = kCanonicalNaN32;
  const uint32_t inf = kInf32;
  // Invalid operations.
  EXPECT_FP(f32_add(inf, inf | kSign32, kRNE, fl), c, kNV);
  EXPECT_FP(f32_sub(inf, inf, kRNE, fl), c, kNV);
  EXPECT_FP(f32_mul(0, inf, kRNE, fl), c, kNV);
  EXPECT_FP(f32_div(0, kSign32, kRNE, fl), c, kNV);
  EXPECT_FP(f32_div(inf, inf | kSign32, kRNE, fl), c, kNV);
  EXPECT_FP(f32_sqrt(F(-1.0f), kRNE, fl), c, kNV);
  EXPECT_FP(f32_sqrt(kMinSub32 | kSign32, kRNE, fl), c, kNV);
  EXPECT_FP(f32_sqrt(inf | kSign32, kRNE, fl), c, kNV);
  EXPECT_FP(f32_muladd(inf, 0, kOne32, false, false, kRNE, fl), c, kNV);
  EXPECT_FP(f32_muladd(inf, kOne32, inf, false, true, kRNE, fl), c, kNV);
  EXPECT_FP(f32_muladd(inf, kOne32, inf, true, false, kRNE, fl), c, kNV);
  // RISC-V: inf * 0 + qNaN is invalid too.
  EXPECT_FP(f32_muladd(inf, 0, q, false, false, kRNE, fl), c, kNV);
  EXPECT_FP(f32_muladd(0, inf | kSign32, q, true, true, kRNE, fl), c, kNV);
  EXPECT_FP(f64_muladd(kInf64, 0, kQNaNPayload64, false, false, kRNE, fl), kCanonicalNaN64, kNV);
  // A NaN operand that is not part of inf * 0 is not invalid unless signalling.
  EXPECT_FP(f32_muladd(q, 0, inf, false, false, kRNE, fl), c, kNone);
  // Quiet NaN operands: canonical result, no flags; signalling: NV.
  for (uint32_t nan : {q, s}) {
    SCOPED_TRACE(hex(nan));
    const uint8_t want = nan == s ? kNV : kNone;
    EXPECT_FP(f32_add(nan, kOne32, kRNE, fl), c, want);
    EXPECT_FP(f32_add(kOne32, nan, kRNE, fl), c, want);
    EXPECT_FP(f32_sub(inf, nan, kRNE, fl), c, want);
    EXPECT_FP(f32_mul(nan, 0, kRNE, fl), c, want);
    EXPECT_FP(f32_div(nan, 0, kRNE, fl), c, want);
    EXPECT_FP(f32_div(0, nan, kRNE, fl), c, want);
    EXPECT_FP(f32_sqrt(nan, kRNE, fl), c, want);
    EXPECT_FP(f32_muladd(nan, kOne32, kOne32, false, false, kRNE, fl), c, want);
    EXPECT_FP(f32_muladd(kOne32, nan, kOne32, false, false, kRNE, fl), c, want);
    EXPECT_FP(f32_muladd(kOne32, kOne32, nan, true, true, kRNE, fl), c, want);
    EXPECT_FP(f32_to_f64(nan, fl), kCanonicalNaN64, want);
    EXPECT_FP(f32_min(nan, nan, fl), c, want);
    EXPECT_FP(f32_max(nan, 0xffc00000, fl), c, want);
  }
  for (uint64_t nan : {kQNaNPayload64, kSNaN64}) {
    SCOPED_TRACE(hex(nan));
    const uint8_t want = nan == kSNaN64 ? kNV : kNone;
    EXPECT_FP(f64_add(nan, kOne64, kRNE, fl), kCanonicalNaN64, want);
    EXPECT_FP(f64_mul(kOne64, nan, kRNE, fl), kCanonicalNaN64, want);
    EXPECT_FP(f64_div(nan, kOne64, kRNE, fl), kCanonicalNaN64, want);
    EXPECT_FP(f64_sqrt(nan, kRNE, fl), kCanonicalNaN64, want);
    EXPECT_FP(f64_muladd(kOne64, kOne64, nan, false, false, kRNE, fl), kCanonicalNaN64, want);
    EXPECT_FP(f64_to_f32(nan, kRNE, fl), c, want);
    EXPECT_FP(f64_min(nan, nan, fl), kCanonicalNaN64, want);
  }
  EXPECT_FP(f64_sqrt(D(-2.0), kRNE, fl), kCanonicalNaN64, kNV);
  EXPECT_FP(f64_div(kInf64, kInf64, kRNE, fl), kCanonicalNaN64, kNV);
}

TEST(SoftFloatCases, DivisionByZeroAndInfinities) {
  EXPECT_FP(f32_div(kOne32, 0, kRNE, fl), kInf32, kDZ);
  EXPECT_FP(f32_div(kOne32, kSign32, kRNE, fl), kInf32 | kSign32, kDZ);
  EXPECT_FP(f32_div(kMinSub32 | kSign32, 0, kRNE, fl), kInf32 | kSign32, kDZ);
  EXPECT_FP(f32_div(kInf32, 0, kRNE, fl), kInf32, kNone);
  EXPECT_FP(f32_div(kOne32, kInf32 | kSign32, kRNE, fl), kSign32, kNone);
  EXPECT_FP(f64_div(D(-1.0), 0, kRNE, fl), kInf64 | kSign64, kDZ);
  EXPECT_FP(f32_sqrt(kInf32, kRNE, fl), kInf32, kNone);
  EXPECT_FP(f32_sqrt(F(4.0f), kRNE, fl), F(2.0f), kNone);
  EXPECT_FP(f32_sqrt(F(2.0f), kRNE, fl), 0x3fb504f3, kNX);
  EXPECT_FP(f64_sqrt(kMinNormal64 >> 52 /* min subnormal */, kRNE, fl), D(0x1p-537), kNone);
  EXPECT_FP(f32_muladd(kInf32, kOne32, kInf32, false, false, kRNE, fl), kInf32, kNone);
  EXPECT_FP(f32_muladd(kOne32, kOne32, kInf32, false, true, kRNE, fl), kInf32 | kSign32, kNone);
}

TEST(SoftFloatCases, MinMax) {
  const uint32_t one = kOne32;
  const uint32_t two = F(2.0f);
  const uint32_t q = kCanonicalNaN32;
  EXPECT_FP(f32_min(one, two, fl), one, kNone);
  EXPECT_FP(f32_max(one, two, fl), two, kNone);
  EXPECT_FP(f32_min(F(-1.0f), F(-2.0f), fl), F(-2.0f), kNone);
  EXPECT_FP(f32_max(F(-1.0f), F(-2.0f), fl), F(-1.0f), kNone);
  // -0 is below +0, in either operand order.
  EXPECT_FP(f32_min(0, kSign32, fl), kSign32, kNone);
  EXPECT_FP(f32_min(kSign32, 0, fl), kSign32, kNone);
  EXPECT_FP(f32_max(0, kSign32, fl), 0u, kNone);
  EXPECT_FP(f32_max(kSign32, 0, fl), 0u, kNone);
  EXPECT_FP(f64_min(0, kSign64, fl), kSign64, kNone);
  EXPECT_FP(f64_max(kSign64, 0, fl), 0u, kNone);
  // One NaN: the number wins; a signalling NaN still raises NV.
  EXPECT_FP(f32_min(q, one, fl), one, kNone);
  EXPECT_FP(f32_max(one, kQNaNPayload32, fl), one, kNone);
  EXPECT_FP(f32_min(kSNaN32, one, fl), one, kNV);
  EXPECT_FP(f32_max(one, kSNaN32, fl), one, kNV);
  EXPECT_FP(f32_max(kSNaN32, kSign32, fl), kSign32, kNV);
  EXPECT_FP(f64_min(kSNaN64, kInf64 | kSign64, fl), kInf64 | kSign64, kNV);
  EXPECT_FP(f64_max(kQNaNPayload64, kOne64, fl), kOne64, kNone);
  // Two NaNs: the canonical NaN.
  EXPECT_FP(f32_min(kQNaNPayload32, q, fl), q, kNone);
  EXPECT_FP(f32_max(kSNaN32, q, fl), q, kNV);
  EXPECT_FP(f64_max(kSNaN64, kSNaN64, fl), kCanonicalNaN64, kNV);
  // Subnormals and infinities order normally.
  EXPECT_FP(f32_min(kMinSub32, 0, fl), 0u, kNone);
  EXPECT_FP(f32_max(kInf32 | kSign32, kMinSub32 | kSign32, fl), kMinSub32 | kSign32, kNone);
}

TEST(SoftFloatCases, Compare) {
  const uint32_t one = kOne32;
  const uint32_t two = F(2.0f);
  EXPECT_FP(f32_eq(one, one, fl), true, kNone);
  EXPECT_FP(f32_eq(one, two, fl), false, kNone);
  EXPECT_FP(f32_lt(one, two, fl), true, kNone);
  EXPECT_FP(f32_lt(two, one, fl), false, kNone);
  EXPECT_FP(f32_le(one, one, fl), true, kNone);
  EXPECT_FP(f32_lt(F(-2.0f), F(-1.0f), fl), true, kNone);
  EXPECT_FP(f32_lt(kInf32 | kSign32, kMinSub32 | kSign32, fl), true, kNone);
  // -0 == +0 for comparisons.
  EXPECT_FP(f32_eq(0, kSign32, fl), true, kNone);
  EXPECT_FP(f32_lt(kSign32, 0, fl), false, kNone);
  EXPECT_FP(f32_le(0, kSign32, fl), true, kNone);
  EXPECT_FP(f64_eq(kSign64, 0, fl), true, kNone);
  // FEQ is quiet: NV only for signalling NaNs. FLT/FLE signal on any NaN.
  for (uint32_t nan : {kCanonicalNaN32, kQNaNPayload32}) {
    EXPECT_FP(f32_eq(nan, nan, fl), false, kNone);
    EXPECT_FP(f32_eq(one, nan, fl), false, kNone);
    EXPECT_FP(f32_lt(nan, one, fl), false, kNV);
    EXPECT_FP(f32_le(one, nan, fl), false, kNV);
  }
  EXPECT_FP(f32_eq(kSNaN32, one, fl), false, kNV);
  EXPECT_FP(f32_lt(one, kSNaN32, fl), false, kNV);
  EXPECT_FP(f32_le(kSNaN32, kSNaN32, fl), false, kNV);
  EXPECT_FP(f64_eq(kQNaNPayload64, kOne64, fl), false, kNone);
  EXPECT_FP(f64_eq(kSNaN64, kOne64, fl), false, kNV);
  EXPECT_FP(f64_lt(kQNaNPayload64, kOne64, fl), false, kNV);
  EXPECT_FP(f64_le(kMax64, kInf64, fl), true, kNone);
}

TEST(SoftFloatCases, ClassifyEveryClass) {
  EXPECT_EQ(f32_classify(kInf32 | kSign32), 1u << 0);
  EXPECT_EQ(f32_classify(F(-1.0f)), 1u << 1);
  EXPECT_EQ(f32_classify(kMinNormal32 | kSign32), 1u << 1);
  EXPECT_EQ(f32_classify(kMinSub32 | kSign32), 1u << 2);
  EXPECT_EQ(f32_classify(kMaxSub32 | kSign32), 1u << 2);
  EXPECT_EQ(f32_classify(kSign32), 1u << 3);
  EXPECT_EQ(f32_classify(0), 1u << 4);
  EXPECT_EQ(f32_classify(kMinSub32), 1u << 5);
  EXPECT_EQ(f32_classify(kMaxSub32), 1u << 5);
  EXPECT_EQ(f32_classify(kMinNormal32), 1u << 6);
  EXPECT_EQ(f32_classify(kMax32), 1u << 6);
  EXPECT_EQ(f32_classify(kInf32), 1u << 7);
  EXPECT_EQ(f32_classify(kSNaN32), 1u << 8);
  EXPECT_EQ(f32_classify(0xff800001), 1u << 8);
  EXPECT_EQ(f32_classify(kCanonicalNaN32), 1u << 9);
  EXPECT_EQ(f32_classify(kQNaNPayload32), 1u << 9);

  EXPECT_EQ(f64_classify(kInf64 | kSign64), 1u << 0);
  EXPECT_EQ(f64_classify(D(-1.0)), 1u << 1);
  EXPECT_EQ(f64_classify(1 | kSign64), 1u << 2);
  EXPECT_EQ(f64_classify(kSign64), 1u << 3);
  EXPECT_EQ(f64_classify(0), 1u << 4);
  EXPECT_EQ(f64_classify(kMaxSub64), 1u << 5);
  EXPECT_EQ(f64_classify(kMinNormal64), 1u << 6);
  EXPECT_EQ(f64_classify(kInf64), 1u << 7);
  EXPECT_EQ(f64_classify(kSNaN64), 1u << 8);
  EXPECT_EQ(f64_classify(0x7ff0000000000001), 1u << 8);
  EXPECT_EQ(f64_classify(kCanonicalNaN64), 1u << 9);
  EXPECT_EQ(f64_classify(kQNaNPayload64), 1u << 9);
}

// The "Domains of float-to-integer conversions" table of the F chapter:
// rounded results outside the range clip to the nearest bound with NV; +inf
// and NaN give the maximum, -inf the minimum; NX only when NV is not raised.
TEST(SoftFloatCases, ConversionSaturation) {
  for (uint32_t nan : {kCanonicalNaN32, kQNaNPayload32, kSNaN32}) {
    EXPECT_FP(f32_to_i32(nan, kRNE, fl), INT32_MAX, kNV);
    EXPECT_FP(f32_to_u32(nan, kRNE, fl), UINT32_MAX, kNV);
    EXPECT_FP(f32_to_i64(nan, kRNE, fl), INT64_MAX, kNV);
    EXPECT_FP(f32_to_u64(nan, kRNE, fl), UINT64_MAX, kNV);
  }
  for (uint64_t nan : {kCanonicalNaN64, kQNaNPayload64, kSNaN64}) {
    EXPECT_FP(f64_to_i32(nan, kRTZ, fl), INT32_MAX, kNV);
    EXPECT_FP(f64_to_u32(nan, kRTZ, fl), UINT32_MAX, kNV);
    EXPECT_FP(f64_to_i64(nan, kRTZ, fl), INT64_MAX, kNV);
    EXPECT_FP(f64_to_u64(nan, kRTZ, fl), UINT64_MAX, kNV);
  }
  EXPECT_FP(f32_to_i32(kInf32, kRNE, fl), INT32_MAX, kNV);
  EXPECT_FP(f32_to_i32(kInf32 | kSign32, kRNE, fl), INT32_MIN, kNV);
  EXPECT_FP(f32_to_u32(kInf32, kRNE, fl), UINT32_MAX, kNV);
  EXPECT_FP(f32_to_u32(kInf32 | kSign32, kRNE, fl), 0u, kNV);
  EXPECT_FP(f64_to_i64(kInf64 | kSign64, kRNE, fl), INT64_MIN, kNV);
  EXPECT_FP(f64_to_u64(kInf64, kRNE, fl), UINT64_MAX, kNV);
  EXPECT_FP(f64_to_u64(kInf64 | kSign64, kRNE, fl), 0u, kNV);

  // i32 bounds.
  EXPECT_FP(f32_to_i32(F(0x1p31f), kRNE, fl), INT32_MAX, kNV);
  EXPECT_FP(f32_to_i32(F(-0x1p31f), kRNE, fl), INT32_MIN, kNone);
  EXPECT_FP(f32_to_i32(0x4effffff, kRNE, fl), 2147483520, kNone);
  EXPECT_FP(f64_to_i32(D(2147483647.0), kRNE, fl), INT32_MAX, kNone);
  EXPECT_FP(f64_to_i32(D(2147483647.5), kRTZ, fl), INT32_MAX, kNX);
  EXPECT_FP(f64_to_i32(D(2147483647.5), kRNE, fl), INT32_MAX, kNV);  // rounds to 2^31
  EXPECT_FP(f64_to_i32(D(2147483647.5), kRMM, fl), INT32_MAX, kNV);
  EXPECT_FP(f64_to_i32(D(-2147483648.5), kRTZ, fl), INT32_MIN, kNX);
  EXPECT_FP(f64_to_i32(D(-2147483648.5), kRNE, fl), INT32_MIN, kNX);
  EXPECT_FP(f64_to_i32(D(-2147483648.5), kRDN, fl), INT32_MIN, kNV);
  EXPECT_FP(f64_to_i32(D(-2147483649.0), kRUP, fl), INT32_MIN, kNV);
  EXPECT_FP(f64_to_i32(D(1e300), kRNE, fl), INT32_MAX, kNV);
  EXPECT_FP(f64_to_i32(D(-1e300), kRNE, fl), INT32_MIN, kNV);

  // u32: negative values that round to 0 give 0 (NX); below that NV.
  EXPECT_FP(f32_to_u32(F(-0.3f), kRTZ, fl), 0u, kNX);
  EXPECT_FP(f32_to_u32(F(-0.3f), kRNE, fl), 0u, kNX);
  EXPECT_FP(f32_to_u32(F(-0.3f), kRUP, fl), 0u, kNX);
  EXPECT_FP(f32_to_u32(F(-0.3f), kRDN, fl), 0u, kNV);
  EXPECT_FP(f32_to_u32(F(-1.0f), kRTZ, fl), 0u, kNV);
  EXPECT_FP(f32_to_u32(kSign32, kRNE, fl), 0u, kNone);
  EXPECT_FP(f32_to_u32(kMinSub32 | kSign32, kRDN, fl), 0u, kNV);
  EXPECT_FP(f64_to_u32(D(4294967295.0), kRNE, fl), UINT32_MAX, kNone);
  EXPECT_FP(f64_to_u32(D(4294967295.5), kRTZ, fl), UINT32_MAX, kNX);
  EXPECT_FP(f64_to_u32(D(4294967295.5), kRUP, fl), UINT32_MAX, kNV);
  EXPECT_FP(f64_to_u32(D(0x1p32), kRNE, fl), UINT32_MAX, kNV);
  EXPECT_FP(f32_to_u32(0x4f7fffff, kRNE, fl), 4294967040u, kNone);

  // 64-bit bounds.
  EXPECT_FP(f64_to_i64(D(0x1p63), kRNE, fl), INT64_MAX, kNV);
  EXPECT_FP(f64_to_i64(D(-0x1p63), kRNE, fl), INT64_MIN, kNone);
  EXPECT_FP(f64_to_i64(0x43dfffffffffffff, kRNE, fl), 0x7ffffffffffffc00, kNone);
  EXPECT_FP(f32_to_i64(F(-0x1p63f), kRNE, fl), INT64_MIN, kNone);
  EXPECT_FP(f32_to_i64(F(0x1p63f), kRNE, fl), INT64_MAX, kNV);
  EXPECT_FP(f64_to_u64(D(0x1p64), kRNE, fl), UINT64_MAX, kNV);
  EXPECT_FP(f64_to_u64(0x43efffffffffffff, kRNE, fl), 0xfffffffffffff800, kNone);
  EXPECT_FP(f32_to_u64(0x5f7fffff, kRNE, fl), 0xffffff0000000000, kNone);
  EXPECT_FP(f64_to_u64(D(-1.0), kRNE, fl), 0u, kNV);
  EXPECT_FP(f64_to_u64(D(-0.75), kRTZ, fl), 0u, kNX);
  EXPECT_FP(f64_to_u64(D(-0.75), kRNE, fl), 0u, kNV);

  // Rounding of in-range values.
  EXPECT_FP(f32_to_i32(F(-1.5f), kRNE, fl), -2, kNX);
  EXPECT_FP(f32_to_i32(F(-1.5f), kRTZ, fl), -1, kNX);
  EXPECT_FP(f32_to_i32(F(-1.5f), kRDN, fl), -2, kNX);
  EXPECT_FP(f32_to_i32(F(-1.5f), kRUP, fl), -1, kNX);
  EXPECT_FP(f32_to_i32(F(-1.5f), kRMM, fl), -2, kNX);
  EXPECT_FP(f32_to_i32(kMinSub32, kRUP, fl), 1, kNX);
  EXPECT_FP(f32_to_i32(kMinSub32, kRNE, fl), 0, kNX);
  EXPECT_FP(f64_to_i64(D(0x1p51 + 0.5), kRNE, fl), int64_t{1} << 51, kNX);
}

TEST(SoftFloatCases, WideningAndNarrowing) {
  EXPECT_FP(f32_to_f64(kMinSub32, fl), D(0x1p-149), kNone);
  EXPECT_FP(f32_to_f64(kMaxSub32 | kSign32, fl), D(-0x1.fffffcp-127), kNone);
  EXPECT_FP(f32_to_f64(kMax32, fl), D(0x1.fffffep127), kNone);
  EXPECT_FP(f32_to_f64(kInf32 | kSign32, fl), kInf64 | kSign64, kNone);
  EXPECT_FP(f32_to_f64(kSign32, fl), kSign64, kNone);
  EXPECT_FP(f64_to_f32(D(0x1.fffffcp-127), kRNE, fl), kMaxSub32, kNone);
  EXPECT_FP(f64_to_f32(D(1.0 + 0x1p-30), kRUP, fl), 0x3f800001, kNX);
  EXPECT_FP(f64_to_f32(D(1.0 + 0x1p-30), kRNE, fl), kOne32, kNX);
  EXPECT_FP(f64_to_f32(kMinNormal64, kRNE, fl), 0u, kUFNX);
  EXPECT_FP(f64_to_f32(kMinNormal64, kRUP, fl), kMinSub32, kUFNX);
}

}  // namespace
}  // namespace loom::cpu::fpu
