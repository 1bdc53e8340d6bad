// Soft-float (cpu/src/fpu) tests, part 1: differential tests against the
// host x86-64 SSE unit in the four rounding modes it has (RNE/RTZ/RDN/RUP):
// result bits and all five flags. SSE, like RISC-V, detects tininess after
// rounding and raises UF (with underflow masked) only for tiny *and* inexact
// results.
//
// See softfloat_test_support.h for how the host operations are kept from
// being folded or moved across the floating-point environment calls.
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

#include <gtest/gtest.h>

#include <cfenv>
#include <cstdint>
#include <string>

#include "softfloat_test_support.h"

namespace loom::cpu::fpu {
namespace {

using namespace test_support;

#if defined(__x86_64__)

struct HostMode {
  RoundingMode rm;
  int fe;
};
constexpr HostMode kHostModes[] = {
    {kRNE, FE_TONEAREST}, {kRTZ, FE_TOWARDZERO}, {kRDN, FE_DOWNWARD}, {kRUP, FE_UPWARD}};

constexpr uint64_t kMaxSub64Bits = 0x000fffffffffffff;

// Runs kCases cases of one_case(rng, rm, mismatches) in each host rounding
// mode, with the host set to that mode.
template <class CaseFn>
void run_in_host_modes(const char* name, CaseFn&& one_case) {
  Mismatches mm;
  size_t compared = 0;
  for (size_t m = 0; m < 4; ++m) {
    Rng rng(seed_for(name, m));
    ScopedRounding guard(kHostModes[m].fe);
    for (int i = 0; i < kCases; ++i) one_case(rng, kHostModes[m].rm, mm);
    compared += kCases;
  }
  report(name, compared);
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

template <class Bits>
void check_op_against_host(Op op, const char* name) {
  run_in_host_modes(name, [op](Rng& rng, RoundingMode rm, Mismatches& mm) {
    Gen<Bits> gen(rng);
    const OpCase<Bits> k = gen.next(op);
    const Result<Bits> host = host_op_riscv(op, k);
    const Result<Bits> loom = loom_op(op, k, rm);
    if (!same(host, loom)) mm.add(mismatch_line(rm, describe(op, k), host, loom));
  });
}

TEST(SoftFloatVsHost, F32Add) { check_op_against_host<uint32_t>(Op::Add, "f32_add"); }
TEST(SoftFloatVsHost, F32Sub) { check_op_against_host<uint32_t>(Op::Sub, "f32_sub"); }
TEST(SoftFloatVsHost, F32Mul) { check_op_against_host<uint32_t>(Op::Mul, "f32_mul"); }
TEST(SoftFloatVsHost, F32Div) { check_op_against_host<uint32_t>(Op::Div, "f32_div"); }
TEST(SoftFloatVsHost, F32Sqrt) { check_op_against_host<uint32_t>(Op::Sqrt, "f32_sqrt"); }
TEST(SoftFloatVsHost, F32MulAdd) { check_op_against_host<uint32_t>(Op::MulAdd, "f32_muladd"); }
TEST(SoftFloatVsHost, F64Add) { check_op_against_host<uint64_t>(Op::Add, "f64_add"); }
TEST(SoftFloatVsHost, F64Sub) { check_op_against_host<uint64_t>(Op::Sub, "f64_sub"); }
TEST(SoftFloatVsHost, F64Mul) { check_op_against_host<uint64_t>(Op::Mul, "f64_mul"); }
TEST(SoftFloatVsHost, F64Div) { check_op_against_host<uint64_t>(Op::Div, "f64_div"); }
TEST(SoftFloatVsHost, F64Sqrt) { check_op_against_host<uint64_t>(Op::Sqrt, "f64_sqrt"); }
TEST(SoftFloatVsHost, F64MulAdd) { check_op_against_host<uint64_t>(Op::MulAdd, "f64_muladd"); }

TEST(SoftFloatVsHost, F32ToF64) {
  run_in_host_modes("f32_to_f64", [](Rng& rng, RoundingMode rm, Mismatches& mm) {
    Gen<uint32_t> gen(rng);
    const uint32_t a = gen.operand();
    const Result<uint64_t> host = host_eval([&] { return host_widen(to_host(a)); });
    uint8_t fl = 0;
    const Result<uint64_t> loom{f32_to_f64(a, fl), fl};
    if (!same(host, loom)) mm.add(mismatch_line(rm, "a=" + hex(a), host, loom));
  });
}

TEST(SoftFloatVsHost, F64ToF32) {
  run_in_host_modes("f64_to_f32", [](Rng& rng, RoundingMode rm, Mismatches& mm) {
    const uint64_t a = narrowing_operand(rng);
    const Result<uint32_t> host = host_eval([&] { return host_narrow(to_host(a)); });
    uint8_t fl = 0;
    const Result<uint32_t> loom{f64_to_f32(a, rm, fl), fl};
    if (!same(host, loom)) mm.add(mismatch_line(rm, "a=" + hex(a), host, loom));
  });
}

template <class Bits>
void check_int_to_float(IntKind kind) {
  using Float = typename Fmt<Bits>::Float;
  const std::string name = std::string(kind_name(kind)) + (sizeof(Bits) == 4 ? "_to_f32" : "_to_f64");
  run_in_host_modes(name.c_str(), [kind](Rng& rng, RoundingMode rm, Mismatches& mm) {
    const uint64_t raw = int_value(rng);
    const Result<Bits> host = host_eval([&] { return host_from_int<Float>(kind, raw); });
    uint8_t fl = 0;
    const Result<Bits> loom{loom_from_int<Bits>(kind, raw, rm, fl), fl};
    if (!same(host, loom)) mm.add(mismatch_line(rm, "v=" + hex(canonical_int(kind, raw)), host, loom));
  });
}

TEST(SoftFloatVsHost, I32ToF32) { check_int_to_float<uint32_t>(IntKind::I32); }
TEST(SoftFloatVsHost, U32ToF32) { check_int_to_float<uint32_t>(IntKind::U32); }
TEST(SoftFloatVsHost, I64ToF32) { check_int_to_float<uint32_t>(IntKind::I64); }
TEST(SoftFloatVsHost, U64ToF32) { check_int_to_float<uint32_t>(IntKind::U64); }
TEST(SoftFloatVsHost, I32ToF64) { check_int_to_float<uint64_t>(IntKind::I32); }
TEST(SoftFloatVsHost, U32ToF64) { check_int_to_float<uint64_t>(IntKind::U32); }
TEST(SoftFloatVsHost, I64ToF64) { check_int_to_float<uint64_t>(IntKind::I64); }
TEST(SoftFloatVsHost, U64ToF64) { check_int_to_float<uint64_t>(IntKind::U64); }

// The underflow threshold, case by case: x86 SSE detects tininess after
// rounding (as RISC-V does), so the host agrees with Loom on results just
// below 2^emin that round up to it (no UF) and on those that stay tiny.
TEST(SoftFloatVsHost, TininessBoundary) {
  struct Case32 {
    Op op;
    uint32_t a, b;
  };
  const Case32 cases32[] = {
      {Op::Mul, 0x3f800001, 0x007fffff}, {Op::Mul, 0x3f7fffff, 0x00800000},
      {Op::Mul, 0xbf800001, 0x007fffff}, {Op::Mul, 0x3f800003, 0x007ffffd},
      {Op::Div, 0x007fffff, 0x3f7fffff}, {Op::Mul, 0x3effffff, 0x01000001},
  };
  const uint64_t narrow_cases[] = {
      D(0x1p-126 * (1 - 0x1p-26)), D(0x1p-126 * (1 - 0x1p-25)), D(0x1p-126 * (1 - 0x1p-24)),
      D(-0x1p-126 * (1 - 0x1p-30)), D(0x1p-126 * (1 - 0x1p-24 - 0x1p-40)),
  };
  Mismatches mm;
  for (const HostMode& mode : kHostModes) {
    ScopedRounding guard(mode.fe);
    for (const Case32& c : cases32) {
      OpCase<uint32_t> k;
      k.a = c.a;
      k.b = c.b;
      const Result<uint32_t> host = host_op(c.op, k);
      const Result<uint32_t> loom = loom_op(c.op, k, mode.rm);
      if (!same(host, loom)) mm.add(mismatch_line(mode.rm, describe(c.op, k), host, loom));
    }
    OpCase<uint64_t> k64;
    k64.a = 0x3ff0000000000001;
    k64.b = kMaxSub64Bits;
    const Result<uint64_t> host64 = host_op(Op::Mul, k64);
    const Result<uint64_t> loom64 = loom_op(Op::Mul, k64, mode.rm);
    if (!same(host64, loom64)) mm.add(mismatch_line(mode.rm, describe(Op::Mul, k64), host64, loom64));
    for (uint64_t a : narrow_cases) {
      const Result<uint32_t> host = host_eval([&] { return host_narrow(to_host(a)); });
      uint8_t fl = 0;
      const Result<uint32_t> loom{f64_to_f32(a, mode.rm, fl), fl};
      if (!same(host, loom)) mm.add(mismatch_line(mode.rm, "narrow a=" + hex(a), host, loom));
    }
  }
  EXPECT_EQ(mm.count(), 0u) << mm.text();
}

#endif  // __x86_64__

}  // namespace
}  // namespace loom::cpu::fpu
