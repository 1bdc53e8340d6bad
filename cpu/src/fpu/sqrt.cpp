// Square root (FSQRT).
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

struct IntegerRoot {
  u128 root;       // floor(sqrt(n))
  bool remainder;  // n is not a perfect square
};

// floor(sqrt(n)), digit by digit; only used to build the seed table.
constexpr uint64_t exact_isqrt(u128 n) {
  u128 bit = u128{1} << 126;
  while (bit > n) bit >>= 2;
  u128 root = 0;
  while (bit != 0) {
    if (n >= root + bit) {
      n -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return static_cast<uint64_t>(root);
}

// 2^32 / sqrt(m) at the midpoint of each interval [i/16, (i+1)/16) of
// m in [1, 4), indexed by i - 16: about 6 correct bits.
struct RsqrtSeeds {
  uint32_t value[48];
};
constexpr RsqrtSeeds make_rsqrt_seeds() {
  RsqrtSeeds seeds{};
  for (int i = 16; i < 64; ++i) {
    // sqrt(2^64 / ((2i + 1) / 32)) = sqrt(2^69 / (2i + 1)).
    seeds.value[i - 16] = static_cast<uint32_t>(exact_isqrt((u128{1} << 69) / (2 * i + 1)));
  }
  return seeds;
}
constexpr RsqrtSeeds kRsqrtSeeds = make_rsqrt_seeds();

// floor(sqrt(n)) for 2^62 <= n < 2^120. Newton's iteration for 1/sqrt in
// 32-bit fixed point (multiplications only) gives ~29 bits, one Newton step
// on the root extends that to the full width, and a final exact integer
// fix-up makes the result independent of how good the approximation was.
IntegerRoot integer_sqrt(u128 n) {
  const int msb = 127 - count_leading_zeros128(n);
  const int j = (msb - 62) >> 1;  // x = n / 4^j has its top bit at 62 or 63
  const uint64_t x = static_cast<uint64_t>(n >> (2 * j));  // x = m * 2^62, m in [1, 4)

  uint64_t y = kRsqrtSeeds.value[(x >> 58) - 16];  // y ~ 2^32 / sqrt(m)
  for (int i = 0; i < 3; ++i) {
    // y' = y * (3 - m y^2) / 2, approaching 1/sqrt(m) from below.
    const uint64_t y_squared = static_cast<uint64_t>((static_cast<u128>(y) * y) >> 32);
    const uint64_t m_y_squared = static_cast<uint64_t>((static_cast<u128>(x) * y_squared) >> 62);
    y = static_cast<uint64_t>((static_cast<u128>(y) * ((uint64_t{3} << 32) - m_y_squared)) >> 33);
  }
  // sqrt(x) = x / sqrt(x) ~ x * y / 2^63; then sqrt(n) ~ that * 2^j, refined
  // by root += (n - root^2) / (2 root), with 1 / (2 root) ~ y / 2^(64 + j).
  u128 root = ((static_cast<u128>(x) * y) >> 63) << j;
  __extension__ typedef __int128 i128;
  const i128 residual = static_cast<i128>(n) - static_cast<i128>(root * root);
  root = static_cast<u128>(static_cast<i128>(root) + ((residual * static_cast<i128>(y)) >> (64 + j)));

  while (root * root > n) --root;
  while ((root + 1) * (root + 1) <= n) ++root;
  return {root, root * root != n};
}

uint64_t sqrt(const Format& f, uint64_t a_bits, RoundingMode rm, uint8_t& flags) {
  const Unpacked a = unpack(f, a_bits);
  if (a.is_nan()) return nan_result(f, a.is_snan(), flags);
  if (a.kind == Kind::Zero) return a_bits;  // sqrt(-0) = -0
  if (a.sign) return invalid_result(f, flags);
  if (a.kind == Kind::Infinity) return a_bits;

  // a = sig * 2^scale. Make scale even, then widen the radicand by 4^extra so
  // the integer root has at least p + 2 bits (precision, guard, and one more
  // so the sticky bit sits below the guard bit).
  int32_t scale = a.exp - 63;
  u128 radicand = a.sig;
  if (scale & 1) {
    radicand <<= 1;
    scale -= 1;
  }
  // radicand is in [2^63, 2^65), so its root already has 32 bits.
  const int extra = f.precision() + 2 > 32 ? f.precision() + 2 - 32 : 0;
  radicand <<= 2 * extra;
  const IntegerRoot r = integer_sqrt(radicand);
  return normalize_round_pack(f, false, scale / 2 - extra, r.root | static_cast<u128>(r.remainder),
                              rm, flags);
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

uint32_t f32_sqrt(uint32_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::sqrt(detail::kF32, a, rm, flags));
}
uint64_t f64_sqrt(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return detail::sqrt(detail::kF64, a, rm, flags);
}

}  // namespace loom::cpu::fpu
