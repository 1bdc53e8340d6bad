// The host fast path (fpu/host_fast_path.h) must give exactly what the
// soft-float gives whenever it answers: same bits, and no flag beyond the
// inexact flag it requires to be accrued already. Random operands biased
// towards the edges (exponents near the normal range's ends, near-equal
// magnitudes for cancellation, zeros of both signs).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "fpu/host_fast_path.h"
#include "fpu/softfloat.h"

namespace loom::cpu::fpu {
namespace {

using Rng = std::mt19937_64;

uint64_t random_f64(Rng& rng) {
  const uint64_t sign = rng() & (1ull << 63);
  const uint64_t mantissa = rng() & ((1ull << 52) - 1);
  uint64_t exponent;
  switch (rng() % 6) {
    case 0: exponent = rng() % 4; break;                  // zero, subnormal, smallest normals
    case 1: exponent = 2047 - rng() % 4; break;           // largest, infinity, NaN
    case 2: return sign;                                  // +-0
    default: exponent = 1023 + (rng() % 200) - 100; break;
  }
  return sign | exponent << 52 | mantissa;
}

uint32_t random_f32(Rng& rng) {
  const uint32_t sign = static_cast<uint32_t>(rng()) & 0x80000000u;
  const uint32_t mantissa = static_cast<uint32_t>(rng()) & 0x7fffffu;
  uint32_t exponent;
  switch (rng() % 6) {
    case 0: exponent = rng() % 4; break;
    case 1: exponent = 255 - rng() % 4; break;
    case 2: return sign;
    default: exponent = 127 + (rng() % 60) - 30; break;
  }
  return sign | exponent << 23 | mantissa;
}

template <typename Bits>
Bits partner(Rng& rng, Bits a, Bits random) {
  // Half the time a near neighbour of `a` (or its negation): cancellation.
  if (rng() % 2) return random;
  const Bits delta = static_cast<Bits>(rng() % 8);
  const Bits sign_flip = (rng() % 2) ? Bits(1) << (sizeof(Bits) * 8 - 1) : 0;
  return (a + delta) ^ sign_flip;
}

struct Checked {
  uint64_t answered = 0;
};

template <typename T, typename Bits, typename Soft>
void check(HostOp op, Bits a, Bits b, Soft soft, Checked& checked) {
  Bits fast;
  if (!host_binary<T>(op, a, b, fast)) return;
  ++checked.answered;
  uint8_t flags = 0;
  const Bits expected = soft(a, b, RoundingMode::NearestEven, flags);
  ASSERT_EQ(fast, expected) << std::hex << "a=" << a << " b=" << b << " op=" << static_cast<int>(op);
  ASSERT_EQ(flags & ~kInexact, 0) << std::hex << "a=" << a << " b=" << b << " op=" << static_cast<int>(op);
}

// One precision: T the host type, `soft` the soft-float functions of that width.
template <typename T, typename Bits, typename Random, typename Ops>
void check_precision(uint64_t seed, Random random, const Ops& soft) {
  Rng rng(seed);
  Checked checked;
  for (int i = 0; i < 400000; ++i) {
    const Bits a = random(rng), b = partner(rng, a, random(rng));
    check<T, Bits>(HostOp::Add, a, b, soft.add, checked);
    check<T, Bits>(HostOp::Sub, a, b, soft.sub, checked);
    check<T, Bits>(HostOp::Mul, a, b, soft.mul, checked);
    check<T, Bits>(HostOp::Div, a, b, soft.div, checked);
    Bits fast;
    if (host_sqrt<T, Bits>(a, fast)) {
      uint8_t flags = 0;
      ASSERT_EQ(fast, soft.sqrt(a, RoundingMode::NearestEven, flags)) << std::hex << a;
      ASSERT_EQ(flags & ~kInexact, 0);
    }
  }
  EXPECT_GT(checked.answered, 400000u);  // the fast path is really taken
}

template <typename Binary, typename Unary>
struct SoftOps {
  Binary add, sub, mul, div;
  Unary sqrt;
};
template <typename Binary, typename Unary>
SoftOps(Binary, Binary, Binary, Binary, Unary) -> SoftOps<Binary, Unary>;

TEST(SoftFloatHostFastPath, DoubleMatchesSoftFloat) {
  check_precision<double, uint64_t>(20261204, random_f64, SoftOps{f64_add, f64_sub, f64_mul, f64_div, f64_sqrt});
}

TEST(SoftFloatHostFastPath, SingleMatchesSoftFloat) {
  check_precision<float, uint32_t>(42, random_f32, SoftOps{f32_add, f32_sub, f32_mul, f32_div, f32_sqrt});
}

TEST(SoftFloatHostFastPath, DeclinesWhatOnlyTheSoftFloatKnows) {
  uint64_t out;
  const auto binary = host_binary<double, uint64_t>;
  const auto root = host_sqrt<double, uint64_t>;
  const uint64_t one = 0x3ff0000000000000ull, tiny = 0x0010000000000000ull, max = 0x7fefffffffffffffull;
  EXPECT_FALSE(binary(HostOp::Div, one, 0, out));                      // division by zero
  EXPECT_FALSE(binary(HostOp::Mul, tiny, tiny, out));                  // underflow
  EXPECT_FALSE(binary(HostOp::Add, max, max, out));                    // overflow
  EXPECT_FALSE(binary(HostOp::Add, kCanonicalNaN64, one, out));        // NaN
  EXPECT_FALSE(binary(HostOp::Mul, 1, one, out));                      // subnormal operand
  EXPECT_FALSE(root(0xbff0000000000000ull, out));                      // sqrt(-1)
  EXPECT_TRUE(binary(HostOp::Sub, one, one, out));                     // exact cancellation
  EXPECT_EQ(out, 0u);
}

}  // namespace
}  // namespace loom::cpu::fpu
