// Tests of the soft-float library (cpu/src/fpu).
//
//  1. Differential tests against the host x86-64 SSE unit in the four
//     rounding modes it has (RNE/RTZ/RDN/RUP): result bits and all five
//     flags. SSE, like RISC-V, detects tininess after rounding and raises
//     UF (with underflow masked) only for tiny *and* inexact results.
//  2. Round-to-nearest-max-magnitude (RMM), which the host lacks, checked
//     against an oracle built from the host's other modes plus an exact
//     tie test, and by hand-written ties.
//  3. Float-to-integer conversions against trunc/floor/ceil/nearbyint/round
//     with the RISC-V saturation rules applied on top.
//  4. Hand-written cases for the RISC-V-only rules.
//
// The file accesses the floating-point environment. GCC ignores (and warns
// about) FENV_ACCESS, so the host operations are single SSE instructions in
// `asm volatile` with a memory clobber: they cannot be constant-folded and
// cannot move across fesetround/feclearexcept/fetestexcept. The generators
// use only integer and soft-float code, so the host rounding mode a test
// sets cannot leak into them.
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "fpu/softfloat.h"

namespace loom::cpu::fpu {
namespace {

constexpr RoundingMode kRNE = RoundingMode::NearestEven;
constexpr RoundingMode kRTZ = RoundingMode::TowardZero;
constexpr RoundingMode kRDN = RoundingMode::Down;
constexpr RoundingMode kRUP = RoundingMode::Up;
constexpr RoundingMode kRMM = RoundingMode::NearestMaxMagnitude;

// Random cases per operation and rounding mode.
constexpr int kCases = 200000;

// ---------------------------------------------------------------------------
// Bits, names, PRNG

uint32_t F(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
uint64_t D(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
float to_host(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
double to_host(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string flag_names(uint8_t flags) {
  static const char* const kNames[] = {"NX", "UF", "OF", "DZ", "NV"};
  std::string s;
  for (int i = 4; i >= 0; --i) {
    if ((flags >> i) & 1) s += std::string(s.empty() ? "" : "|") + kNames[i];
  }
  return s.empty() ? "-" : s;
}

const char* mode_name(RoundingMode rm) {
  static const char* const kNames[] = {"RNE", "RTZ", "RDN", "RUP", "RMM"};
  return kNames[static_cast<int>(rm)];
}

// splitmix64: tiny, deterministic and good enough to drive the generators.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * n) >> 32); }
  int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1))); }
  bool coin() { return (next() >> 63) != 0; }

 private:
  uint64_t state_;
};

uint64_t seed_for(const char* name, uint64_t salt) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
  for (const char* p = name; *p != 0; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 0x100000001b3ull;
  return h ^ (salt * 0x9e3779b97f4a7c15ull);
}

// ---------------------------------------------------------------------------
// Per-format traits: layout and the Loom entry points.

template <class Bits>
struct Fmt;

template <>
struct Fmt<uint32_t> {
  using Float = float;
  static constexpr int kFracBits = 23;
  static constexpr int kExpBits = 8;
  static constexpr int kBias = 127;
  static constexpr uint32_t kCanonicalNaN = kCanonicalNaN32;
  static uint32_t add(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& f) { return f32_add(a, b, rm, f); }
  static uint32_t sub(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& f) { return f32_sub(a, b, rm, f); }
  static uint32_t mul(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& f) { return f32_mul(a, b, rm, f); }
  static uint32_t div(uint32_t a, uint32_t b, RoundingMode rm, uint8_t& f) { return f32_div(a, b, rm, f); }
  static uint32_t sqrt(uint32_t a, RoundingMode rm, uint8_t& f) { return f32_sqrt(a, rm, f); }
  static uint32_t muladd(uint32_t a, uint32_t b, uint32_t c, bool np, bool na, RoundingMode rm,
                         uint8_t& f) {
    return f32_muladd(a, b, c, np, na, rm, f);
  }
};

template <>
struct Fmt<uint64_t> {
  using Float = double;
  static constexpr int kFracBits = 52;
  static constexpr int kExpBits = 11;
  static constexpr int kBias = 1023;
  static constexpr uint64_t kCanonicalNaN = kCanonicalNaN64;
  static uint64_t add(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& f) { return f64_add(a, b, rm, f); }
  static uint64_t sub(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& f) { return f64_sub(a, b, rm, f); }
  static uint64_t mul(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& f) { return f64_mul(a, b, rm, f); }
  static uint64_t div(uint64_t a, uint64_t b, RoundingMode rm, uint8_t& f) { return f64_div(a, b, rm, f); }
  static uint64_t sqrt(uint64_t a, RoundingMode rm, uint8_t& f) { return f64_sqrt(a, rm, f); }
  static uint64_t muladd(uint64_t a, uint64_t b, uint64_t c, bool np, bool na, RoundingMode rm,
                         uint8_t& f) {
    return f64_muladd(a, b, c, np, na, rm, f);
  }
};

template <class Bits>
constexpr Bits kSignBit = Bits{1} << (sizeof(Bits) * 8 - 1);
template <class Bits>
constexpr Bits kFracMask = (Bits{1} << Fmt<Bits>::kFracBits) - 1;
template <class Bits>
constexpr uint32_t kExpMax = (1u << Fmt<Bits>::kExpBits) - 1;
template <class Bits>
constexpr Bits kInfBits = static_cast<Bits>(kExpMax<Bits>) << Fmt<Bits>::kFracBits;

template <class Bits>
bool is_nan(Bits b) {
  return (b & ~kSignBit<Bits>) > kInfBits<Bits>;
}

template <class Bits>
struct Result {
  Bits bits;
  uint8_t flags;
};

// A result matches when the flags agree and the bits agree; a NaN result
// only has to be a NaN on the host and the canonical NaN in Loom.
template <class Bits>
bool same(const Result<Bits>& host, const Result<Bits>& loom) {
  if (host.flags != loom.flags) return false;
  if (is_nan(host.bits)) return loom.bits == Fmt<Bits>::kCanonicalNaN;
  return host.bits == loom.bits;
}

class Mismatches {
 public:
  void add(const std::string& line) {
    if (count_ < 12) text_ += line + "\n";
    ++count_;
  }
  size_t count() const { return count_; }
  const std::string& text() const { return text_; }

 private:
  size_t count_ = 0;
  std::string text_;
};

void report(const char* name, size_t compared, size_t skipped = 0) {
  std::printf("[   info   ] %s: %zu cases compared", name, compared);
  if (skipped != 0) std::printf(" (%zu undecidable cases skipped)", skipped);
  std::printf("\n");
  ::testing::Test::RecordProperty("cases_compared", std::to_string(compared));
}

// ---------------------------------------------------------------------------
// Operand generators

enum class Op { Add, Sub, Mul, Div, Sqrt, MulAdd };

template <class Bits>
struct OpCase {
  Bits a = 0;
  Bits b = 0;
  Bits c = 0;
  bool negate_product = false;
  bool negate_addend = false;
};

template <class Bits>
std::string describe(Op op, const OpCase<Bits>& k) {
  std::string s = "a=" + hex(k.a);
  if (op != Op::Sqrt) s += " b=" + hex(k.b);
  if (op == Op::MulAdd) {
    s += " c=" + hex(k.c) + " np=" + std::to_string(k.negate_product) +
         " na=" + std::to_string(k.negate_addend);
  }
  return s;
}

template <class Bits>
Result<Bits> loom_op(Op op, const OpCase<Bits>& k, RoundingMode rm) {
  using T = Fmt<Bits>;
  uint8_t fl = 0;
  Bits r = 0;
  switch (op) {
    case Op::Add: r = T::add(k.a, k.b, rm, fl); break;
    case Op::Sub: r = T::sub(k.a, k.b, rm, fl); break;
    case Op::Mul: r = T::mul(k.a, k.b, rm, fl); break;
    case Op::Div: r = T::div(k.a, k.b, rm, fl); break;
    case Op::Sqrt: r = T::sqrt(k.a, rm, fl); break;
    case Op::MulAdd: r = T::muladd(k.a, k.b, k.c, k.negate_product, k.negate_addend, rm, fl); break;
  }
  return {r, fl};
}

// Builds operands that exercise the interesting parts of a format: raw bit
// patterns, special values, structured significands (long runs of ones and
// zeros sit next to rounding boundaries), exponents near the ends of the
// range, operands whose exponents differ by 0..70, and operands solved
// (with Loom itself) so that the result lands near a chosen target such as
// the underflow or overflow threshold.
template <class Bits>
class Gen {
 public:
  using T = Fmt<Bits>;
  static constexpr int kFrac = T::kFracBits;
  static constexpr Bits kSign = kSignBit<Bits>;
  static constexpr Bits kMask = kFracMask<Bits>;
  static constexpr uint32_t kEMax = kExpMax<Bits>;

  explicit Gen(Rng& rng) : rng_(rng) {}

  static Bits make(bool sign, uint32_t exp_field, Bits frac) {
    return (sign ? kSign : 0) | (static_cast<Bits>(exp_field) << kFrac) | (frac & kMask);
  }
  static uint32_t exp_field(Bits x) { return static_cast<uint32_t>(x >> kFrac) & kEMax; }

  Bits raw() { return static_cast<Bits>(rng_.next()); }

  Bits fraction() {
    switch (rng_.below(11)) {
      case 0: return 0;
      case 1: return kMask;
      case 2: return 1;
      case 3: return Bits{1} << (kFrac - 1);
      case 4: return kMask >> rng_.below(kFrac);
      case 5: return kMask << rng_.below(kFrac);
      case 6: return raw() & raw();
      case 7: return raw() | raw();
      case 8: return (Bits{1} << rng_.below(kFrac)) + static_cast<Bits>(rng_.range(-1, 1));
      case 9: return (raw() & kMask) | (kMask >> rng_.below(kFrac + 1));
      default: return raw();
    }
  }

  uint32_t exponent() {
    switch (rng_.below(9)) {
      case 0: return 0;
      case 1: return 1 + rng_.below(kFrac + 3);
      case 2: return kEMax - 1 - rng_.below(3);
      case 3: return T::kBias - 2 + rng_.below(5);
      case 4: return T::kBias + rng_.below(66);
      default: return rng_.below(kEMax);
    }
  }

  Bits pattern() { return make(rng_.coin(), exponent(), fraction()); }

  Bits interesting() {
    const int b = T::kBias;
    const Bits half = Bits{1} << (kFrac - 1);
    const Bits values[] = {
        0,
        make(0, 0, 1),
        make(0, 0, 2),
        make(0, 0, kMask),
        make(0, 0, kMask - 1),
        make(0, 0, half),
        make(0, 1, 0),
        make(0, 1, 1),
        make(0, 2, 0),
        make(0, b, 0),
        make(0, b, 1),
        make(0, b - 1, kMask),
        make(0, b - 1, 0),
        make(0, b, half),
        make(0, b + 1, 0),
        make(0, b + 1, half),
        make(0, kEMax - 1, kMask),
        make(0, kEMax - 1, kMask - 1),
        make(0, kEMax - 1, 0),
        make(0, kEMax, 0),
        make(0, kEMax, half),
        make(0, kEMax, half | 0x5),
        make(0, kEMax, 1),
        make(0, kEMax, kMask >> 1),
        make(0, b + kFrac, 0),
        make(0, b + kFrac + 1, 0),
        make(0, b + 30, kMask),
        make(0, b + 31, 0),
        make(0, b + 32, 0),
        make(0, b + 63, 0),
        make(0, b + 64, 0),
    };
    const Bits v = values[rng_.below(sizeof values / sizeof values[0])];
    return rng_.coin() ? v ^ kSign : v;
  }

  Bits operand() {
    const uint32_t r = rng_.below(10);
    if (r < 3) return raw();
    if (r < 4) return interesting();
    return pattern();
  }

  // A finite operand whose exponent is `delta` away from ref's.
  Bits near_exponent(Bits ref, int delta) {
    int e = static_cast<int>(exp_field(ref));
    if (e == 0) e = 1;
    if (e == static_cast<int>(kEMax)) e = T::kBias;
    e += delta;
    if (e < 0) e = 0;
    if (e > static_cast<int>(kEMax) - 1) e = kEMax - 1;
    return make(rng_.coin(), static_cast<uint32_t>(e), fraction());
  }

  // Moves x by k units in the last place, staying within its sign and below NaN.
  static Bits nudge(Bits x, int k) {
    const Bits sign = x & kSign;
    const Bits mag = x & ~kSign;
    if (k < 0 && mag < static_cast<Bits>(-k)) return x;
    const Bits moved = mag + static_cast<Bits>(static_cast<int64_t>(k));
    if (moved > kInfBits<Bits>) return x;
    return sign | moved;
  }

  int small() { return rng_.range(-3, 3); }
  RoundingMode any_mode() { return static_cast<RoundingMode>(rng_.below(5)); }

  // A result value worth aiming at: range limits, 1.0, small subnormals.
  Bits target() {
    Bits t;
    switch (rng_.below(8)) {
      case 0: t = make(0, 1, 0); break;
      case 1: t = make(0, 0, kMask); break;
      case 2: t = make(0, kEMax - 1, kMask); break;
      case 3: t = make(0, T::kBias, 0); break;
      case 4: t = make(0, 0, rng_.below(16)); break;
      case 5: t = make(0, 1 + rng_.below(4), 0); break;
      case 6: t = make(0, kEMax, 0); break;
      default: t = pattern(); break;
    }
    t = nudge(t, small());
    return rng_.coin() ? t ^ kSign : t;
  }

  // b such that `a op b` lands near t.
  Bits solve_for_b(Op op, Bits a, Bits t) {
    uint8_t ignored = 0;
    const RoundingMode rm = any_mode();
    switch (op) {
      case Op::Add: return T::sub(t, a, rm, ignored);
      case Op::Sub: return T::sub(a, t, rm, ignored);
      case Op::Mul: return T::div(t, a, rm, ignored);
      default: return T::div(a, t, rm, ignored);
    }
  }

  OpCase<Bits> next(Op op) {
    OpCase<Bits> k;
    k.a = operand();
    if (op == Op::Sqrt) {
      if (rng_.below(2) == 0) {
        k.a = rng_.below(5) == 0 ? operand() : operand() & ~kSign;
      } else {
        uint8_t ignored = 0;
        const Bits q = pattern() & ~kSign;
        k.a = nudge(T::mul(q, q, any_mode(), ignored), small());
      }
      return k;
    }
    const uint32_t r = rng_.below(10);
    if (r < 4) {
      k.b = operand();
    } else if (r < 7) {
      k.b = near_exponent(k.a, rng_.range(-70, 70));
    } else {
      const Op solve = op == Op::MulAdd ? Op::Mul : op;
      k.b = nudge(solve_for_b(solve, k.a, target()), small());
    }
    if (op != Op::MulAdd) return k;

    k.negate_product = rng_.coin();
    k.negate_addend = rng_.coin();
    uint8_t ignored = 0;
    const Bits product = T::mul(k.a, k.b, any_mode(), ignored);
    switch (rng_.below(10)) {
      case 0:
      case 1:
      case 2: k.c = operand(); break;
      case 3:
      case 4:
      case 5: k.c = near_exponent(product, rng_.range(-70, 70)); break;
      case 6:
      case 7: {
        // Addend close to minus the product: massive cancellation.
        const bool flip = k.negate_product == k.negate_addend;
        k.c = nudge(flip ? product ^ kSign : product, small());
        break;
      }
      default: {
        // Effective addend = t - (+-a*b), so the sum lands near t.
        const Bits effective = T::muladd(k.a, k.b, target(), !k.negate_product, false,
                                         any_mode(), ignored);
        k.c = nudge(k.negate_addend ? effective ^ kSign : effective, small());
        break;
      }
    }
    return k;
  }

  // Values around integer rounding points and the integer ranges.
  Bits near_integer() {
    const int e = rng_.range(-3, 66);
    Bits frac = fraction();
    const int frac_bits = kFrac - e;
    if (e >= 0 && frac_bits > 0) {
      const Bits half = Bits{1} << (frac_bits - 1);
      const Bits low_mask = (Bits{1} << frac_bits) - 1;
      Bits low = 0;
      switch (rng_.below(5)) {
        case 0: low = half; break;
        case 1: low = half + 1; break;
        case 2: low = half - 1; break;
        case 3: low = 0; break;
        default: low = raw() & low_mask; break;
      }
      frac = (frac & ~low_mask) | low;
    }
    return make(rng_.coin(), static_cast<uint32_t>(T::kBias + e), frac);
  }

 private:
  Rng& rng_;
};

// Integers with interesting bit lengths and low bits (ties for float).
[[maybe_unused]] uint64_t int_value(Rng& rng) {
  switch (rng.below(6)) {
    case 0: return rng.next();
    case 1: return rng.next() >> rng.below(64);
    case 2: return (uint64_t{1} << rng.below(64)) + static_cast<uint64_t>(rng.range(-3, 3));
    case 3: {
      const int length = rng.range(20, 64);
      const int low_bits = length - rng.range(24, 53);
      uint64_t v = rng.next() >> (64 - length);
      v |= uint64_t{1} << (length - 1);
      if (low_bits > 0) {
        const uint64_t half = uint64_t{1} << (low_bits - 1);
        const uint64_t mask = (half << 1) - 1;
        const uint64_t lows[] = {half, half + 1, half - 1, 0, mask};
        v = (v & ~mask) | (lows[rng.below(5)] & mask);
      }
      return rng.coin() ? 0 - v : v;
    }
    case 4: return static_cast<uint64_t>(static_cast<int64_t>(rng.range(-1000, 1000)));
    default: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rng.next())));
  }
}

// ---------------------------------------------------------------------------
// Integer kinds

enum class IntKind { I32, U32, I64, U64 };

bool is_signed_kind(IntKind kind) { return kind == IntKind::I32 || kind == IntKind::I64; }

// Sign-extends (signed kinds) or zero-extends (unsigned kinds) the low bits
// of raw, so every kind compares as one uint64_t.
uint64_t canonical_int(IntKind kind, uint64_t raw) {
  switch (kind) {
    case IntKind::I32: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(raw)));
    case IntKind::U32: return static_cast<uint32_t>(raw);
    default: return raw;
  }
}

[[maybe_unused]] bool int_is_negative(IntKind kind, uint64_t raw) {
  return is_signed_kind(kind) && static_cast<int64_t>(canonical_int(kind, raw)) < 0;
}

template <class Bits>
Bits loom_from_int(IntKind kind, uint64_t raw, RoundingMode rm, uint8_t& fl) {
  const bool f32 = sizeof(Bits) == 4;
  switch (kind) {
    case IntKind::I32: {
      const auto v = static_cast<int32_t>(raw);
      return static_cast<Bits>(f32 ? i32_to_f32(v, rm, fl) : i32_to_f64(v, rm, fl));
    }
    case IntKind::U32: {
      const auto v = static_cast<uint32_t>(raw);
      return static_cast<Bits>(f32 ? u32_to_f32(v, rm, fl) : u32_to_f64(v, rm, fl));
    }
    case IntKind::I64: {
      const auto v = static_cast<int64_t>(raw);
      return static_cast<Bits>(f32 ? i64_to_f32(v, rm, fl) : i64_to_f64(v, rm, fl));
    }
    case IntKind::U64: break;
  }
  return static_cast<Bits>(f32 ? u64_to_f32(raw, rm, fl) : u64_to_f64(raw, rm, fl));
}

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

const char* kind_name(IntKind kind) {
  static const char* const kNames[] = {"i32", "u32", "i64", "u64"};
  return kNames[static_cast<int>(kind)];
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
// Host SSE unit (x86-64 only)

#if defined(__x86_64__)

__extension__ typedef unsigned __int128 u128;

float host_add(float a, float b) {
  asm volatile("addss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
double host_add(double a, double b) {
  asm volatile("addsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
float host_sub(float a, float b) {
  asm volatile("subss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
double host_sub(double a, double b) {
  asm volatile("subsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
float host_mul(float a, float b) {
  asm volatile("mulss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
double host_mul(double a, double b) {
  asm volatile("mulsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
float host_div(float a, float b) {
  asm volatile("divss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
double host_div(double a, double b) {
  asm volatile("divsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
float host_sqrt(float a) {
  float r;
  asm volatile("sqrtss %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}
double host_sqrt(double a) {
  double r;
  asm volatile("sqrtsd %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}

bool host_has_fma() {
  static const bool has = __builtin_cpu_supports("fma");
  return has;
}
// Without the FMA instructions, fall back to libm's fma (correctly rounded,
// but its flags are only as good as the libm).
float host_fma(float a, float b, float c) {
  if (host_has_fma()) {
    asm volatile("vfmadd231ss %2, %1, %0" : "+x"(c) : "x"(a), "x"(b) : "memory");
    return c;
  }
  volatile float va = a;
  return std::fma(va, b, c);
}
double host_fma(double a, double b, double c) {
  if (host_has_fma()) {
    asm volatile("vfmadd231sd %2, %1, %0" : "+x"(c) : "x"(a), "x"(b) : "memory");
    return c;
  }
  volatile double va = a;
  return std::fma(va, b, c);
}

double host_widen(float a) {
  double r;
  asm volatile("cvtss2sd %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}
float host_narrow(double a) {
  float r;
  asm volatile("cvtsd2ss %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}

template <class Float>
Float host_from_i32(int32_t v) {
  Float r;
  if constexpr (sizeof(Float) == 4) {
    asm volatile("cvtsi2ssl %1, %0" : "=x"(r) : "r"(v) : "memory");
  } else {
    asm volatile("cvtsi2sdl %1, %0" : "=x"(r) : "r"(v) : "memory");
  }
  return r;
}
template <class Float>
Float host_from_i64(int64_t v) {
  Float r;
  if constexpr (sizeof(Float) == 4) {
    asm volatile("cvtsi2ssq %1, %0" : "=x"(r) : "r"(v) : "memory");
  } else {
    asm volatile("cvtsi2sdq %1, %0" : "=x"(r) : "r"(v) : "memory");
  }
  return r;
}
// SSE2 has only signed conversions. u32 converts exactly through i64; u64
// with the top bit set is halved with the lost bit kept as a sticky bit,
// converted (the one rounding), and doubled (exact).
template <class Float>
Float host_from_int(IntKind kind, uint64_t raw) {
  switch (kind) {
    case IntKind::I32: return host_from_i32<Float>(static_cast<int32_t>(raw));
    case IntKind::U32: return host_from_i64<Float>(static_cast<uint32_t>(raw));
    case IntKind::I64: return host_from_i64<Float>(static_cast<int64_t>(raw));
    case IntKind::U64: break;
  }
  if (static_cast<int64_t>(raw) >= 0) return host_from_i64<Float>(static_cast<int64_t>(raw));
  const Float half = host_from_i64<Float>(static_cast<int64_t>((raw >> 1) | (raw & 1)));
  return host_add(half, half);
}

uint8_t host_flags() {
  const int raised = std::fetestexcept(FE_ALL_EXCEPT);
  uint8_t f = 0;
  if (raised & FE_INEXACT) f |= kInexact;
  if (raised & FE_UNDERFLOW) f |= kUnderflow;
  if (raised & FE_OVERFLOW) f |= kOverflow;
  if (raised & FE_DIVBYZERO) f |= kDivByZero;
  if (raised & FE_INVALID) f |= kInvalid;
  return f;
}

uint32_t bits_of(float f) { return F(f); }
uint64_t bits_of(double d) { return D(d); }

// Runs one host computation (a lambda returning float or double) with the
// exception flags cleared before and read after.
template <class Fn>
auto host_eval(Fn&& op) {
  std::feclearexcept(FE_ALL_EXCEPT);
  const auto r = op();
  const uint8_t fl = host_flags();
  return Result<decltype(bits_of(r))>{bits_of(r), fl};
}

class ScopedRounding {
 public:
  explicit ScopedRounding(int fe) { std::fesetround(fe); }
  ~ScopedRounding() { std::fesetround(FE_TONEAREST); }
  ScopedRounding(const ScopedRounding&) = delete;
  ScopedRounding& operator=(const ScopedRounding&) = delete;
};

template <class Fn>
auto host_eval_in_mode(int fe, Fn&& op) {
  ScopedRounding guard(fe);
  return host_eval(op);
}

struct HostMode {
  RoundingMode rm;
  int fe;
};
constexpr HostMode kHostModes[] = {
    {kRNE, FE_TONEAREST}, {kRTZ, FE_TOWARDZERO}, {kRDN, FE_DOWNWARD}, {kRUP, FE_UPWARD}};

template <class Bits>
Result<Bits> host_op(Op op, const OpCase<Bits>& k) {
  using Float = typename Fmt<Bits>::Float;
  const Float a = to_host(k.a);
  const Float b = to_host(k.b);
  // RISC-V's -(a*b) is (-a)*b exactly; negate on the bits so that NaNs
  // and zeros need no host arithmetic.
  const Float fma_a = to_host(static_cast<Bits>(k.a ^ (k.negate_product ? kSignBit<Bits> : 0)));
  const Float fma_c = to_host(static_cast<Bits>(k.c ^ (k.negate_addend ? kSignBit<Bits> : 0)));
  return host_eval([&]() -> Float {
    switch (op) {
      case Op::Add: return host_add(a, b);
      case Op::Sub: return host_sub(a, b);
      case Op::Mul: return host_mul(a, b);
      case Op::Div: return host_div(a, b);
      case Op::Sqrt: return host_sqrt(a);
      case Op::MulAdd: return host_fma(fma_a, b, fma_c);
    }
    return Float{};
  });
}

// x86 FMA returns a quiet NaN addend of inf * 0 + qNaN without raising
// invalid (IEEE 754 lets an implementation choose); the RISC-V F chapter
// requires NV there. This is the one place the host is not a RISC-V oracle.
template <class Bits>
bool is_inf_times_zero_plus_qnan(Op op, const OpCase<Bits>& k) {
  const auto mag = [](Bits b) { return static_cast<Bits>(b & ~kSignBit<Bits>); };
  const Bits inf = kInfBits<Bits>;
  const Bits quiet = inf | (Bits{1} << (Fmt<Bits>::kFracBits - 1));
  const bool inf_zero = (mag(k.a) == inf && mag(k.b) == 0) || (mag(k.a) == 0 && mag(k.b) == inf);
  return op == Op::MulAdd && inf_zero && (mag(k.c) & quiet) == quiet;
}

template <class Bits>
Result<Bits> host_op_riscv(Op op, const OpCase<Bits>& k) {
  Result<Bits> r = host_op(op, k);
  if (is_inf_times_zero_plus_qnan(op, k)) r.flags |= kInvalid;
  return r;
}

template <class Bits>
Result<Bits> host_op_in_mode(Op op, const OpCase<Bits>& k, int fe) {
  ScopedRounding guard(fe);
  return host_op(op, k);
}

template <class Bits>
std::string mismatch_line(RoundingMode rm, const std::string& inputs, const Result<Bits>& want,
                          const Result<Bits>& loom) {
  return std::string(mode_name(rm)) + " " + inputs + ": host " + hex(want.bits) + " " +
         flag_names(want.flags) + ", loom " + hex(loom.bits) + " " + flag_names(loom.flags);
}

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

// Binary64 operands for narrowing: random, binary32 values with the 29
// dropped bits set around the rounding point, and exponents at binary32's
// underflow and overflow thresholds.
uint64_t narrowing_operand(Rng& rng) {
  Gen<uint64_t> g64(rng);
  Gen<uint32_t> g32(rng);
  uint8_t ignored = 0;
  switch (rng.below(5)) {
    case 0: return g64.operand();
    case 1: {
      const uint64_t wide = f32_to_f64(g32.operand(), ignored);
      if (is_nan(wide) || (wide & ~kSignBit<uint64_t>) == kInfBits<uint64_t>) return wide;
      const uint64_t half = uint64_t{1} << 28;
      const uint64_t mask = (half << 1) - 1;
      const uint64_t lows[] = {half, half - 1, half + 1, 0, mask, rng.next() & mask};
      return (wide & ~mask) | lows[rng.below(6)];
    }
    case 2: return Gen<uint64_t>::make(rng.coin(), 1023 - 127 - rng.below(27), g64.fraction());
    case 3: return Gen<uint64_t>::make(rng.coin(), 1023 + 126 + rng.below(4), g64.fraction());
    default: return Gen<uint64_t>::nudge(f32_to_f64(g32.operand(), ignored), rng.range(-3, 3));
  }
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
