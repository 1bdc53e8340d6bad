// Shared helpers for the soft-float tests (test_softfloat_*.cpp): bit
// conversions and names, a deterministic PRNG, per-format traits, the
// operand generators, mismatch reporting and, on x86-64, wrappers around the
// host SSE unit used as the reference.
//
// The tests access the floating-point environment. GCC ignores (and warns
// about) FENV_ACCESS, so the host operations are single SSE instructions in
// `asm volatile` with a memory clobber: they cannot be constant-folded and
// cannot move across fesetround/feclearexcept/fetestexcept. The generators
// use only integer and soft-float code, so the host rounding mode a test
// sets cannot leak into them. Every test file that uses these helpers also
// enables FENV_ACCESS itself (for clang), before including this header.
//
// Everything here is inline (or a template) in a named namespace, so several
// test files can include it.
#pragma once

#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "fpu/softfloat.h"

namespace loom::cpu::fpu::test_support {

inline constexpr RoundingMode kRNE = RoundingMode::NearestEven;
inline constexpr RoundingMode kRTZ = RoundingMode::TowardZero;
inline constexpr RoundingMode kRDN = RoundingMode::Down;
inline constexpr RoundingMode kRUP = RoundingMode::Up;
inline constexpr RoundingMode kRMM = RoundingMode::NearestMaxMagnitude;

// Random cases per operation and rounding mode.
inline constexpr int kCases = 200000;

// ---------------------------------------------------------------------------
// Bits, names, PRNG

inline uint32_t F(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}
inline uint64_t D(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
inline float to_host(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
inline double to_host(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

inline std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

inline std::string flag_names(uint8_t flags) {
  static const char* const kNames[] = {"NX", "UF", "OF", "DZ", "NV"};
  std::string s;
  for (int i = 4; i >= 0; --i) {
    if ((flags >> i) & 1) s += std::string(s.empty() ? "" : "|") + kNames[i];
  }
  return s.empty() ? "-" : s;
}

inline const char* mode_name(RoundingMode rm) {
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

inline uint64_t seed_for(const char* name, uint64_t salt) {
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
inline constexpr Bits kSignBit = Bits{1} << (sizeof(Bits) * 8 - 1);
template <class Bits>
inline constexpr Bits kFracMask = (Bits{1} << Fmt<Bits>::kFracBits) - 1;
template <class Bits>
inline constexpr uint32_t kExpMax = (1u << Fmt<Bits>::kExpBits) - 1;
template <class Bits>
inline constexpr Bits kInfBits = static_cast<Bits>(kExpMax<Bits>) << Fmt<Bits>::kFracBits;

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

inline void report(const char* name, size_t compared, size_t skipped = 0) {
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
inline uint64_t int_value(Rng& rng) {
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

inline bool is_signed_kind(IntKind kind) { return kind == IntKind::I32 || kind == IntKind::I64; }

// Sign-extends (signed kinds) or zero-extends (unsigned kinds) the low bits
// of raw, so every kind compares as one uint64_t.
inline uint64_t canonical_int(IntKind kind, uint64_t raw) {
  switch (kind) {
    case IntKind::I32: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(raw)));
    case IntKind::U32: return static_cast<uint32_t>(raw);
    default: return raw;
  }
}

inline bool int_is_negative(IntKind kind, uint64_t raw) {
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

inline const char* kind_name(IntKind kind) {
  static const char* const kNames[] = {"i32", "u32", "i64", "u64"};
  return kNames[static_cast<int>(kind)];
}

// ---------------------------------------------------------------------------
// Host SSE unit (x86-64 only)

#if defined(__x86_64__)

inline float host_add(float a, float b) {
  asm volatile("addss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline double host_add(double a, double b) {
  asm volatile("addsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline float host_sub(float a, float b) {
  asm volatile("subss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline double host_sub(double a, double b) {
  asm volatile("subsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline float host_mul(float a, float b) {
  asm volatile("mulss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline double host_mul(double a, double b) {
  asm volatile("mulsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline float host_div(float a, float b) {
  asm volatile("divss %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline double host_div(double a, double b) {
  asm volatile("divsd %1, %0" : "+x"(a) : "x"(b) : "memory");
  return a;
}
inline float host_sqrt(float a) {
  float r;
  asm volatile("sqrtss %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}
inline double host_sqrt(double a) {
  double r;
  asm volatile("sqrtsd %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}

inline bool host_has_fma() {
  static const bool has = __builtin_cpu_supports("fma");
  return has;
}
// Without the FMA instructions, fall back to libm's fma (correctly rounded,
// but its flags are only as good as the libm).
inline float host_fma(float a, float b, float c) {
  if (host_has_fma()) {
    asm volatile("vfmadd231ss %2, %1, %0" : "+x"(c) : "x"(a), "x"(b) : "memory");
    return c;
  }
  volatile float va = a;
  return std::fma(va, b, c);
}
inline double host_fma(double a, double b, double c) {
  if (host_has_fma()) {
    asm volatile("vfmadd231sd %2, %1, %0" : "+x"(c) : "x"(a), "x"(b) : "memory");
    return c;
  }
  volatile double va = a;
  return std::fma(va, b, c);
}

inline double host_widen(float a) {
  double r;
  asm volatile("cvtss2sd %1, %0" : "=x"(r) : "x"(a) : "memory");
  return r;
}
inline float host_narrow(double a) {
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

inline uint8_t host_flags() {
  const int raised = std::fetestexcept(FE_ALL_EXCEPT);
  uint8_t f = 0;
  if (raised & FE_INEXACT) f |= kInexact;
  if (raised & FE_UNDERFLOW) f |= kUnderflow;
  if (raised & FE_OVERFLOW) f |= kOverflow;
  if (raised & FE_DIVBYZERO) f |= kDivByZero;
  if (raised & FE_INVALID) f |= kInvalid;
  return f;
}

inline uint32_t bits_of(float f) { return F(f); }
inline uint64_t bits_of(double d) { return D(d); }

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
std::string mismatch_line(RoundingMode rm, const std::string& inputs, const Result<Bits>& want,
                          const Result<Bits>& loom) {
  return std::string(mode_name(rm)) + " " + inputs + ": host " + hex(want.bits) + " " +
         flag_names(want.flags) + ", loom " + hex(loom.bits) + " " + flag_names(loom.flags);
}

// Binary64 operands for narrowing: random, binary32 values with the 29
// dropped bits set around the rounding point, and exponents at binary32's
// underflow and overflow thresholds.
inline uint64_t narrowing_operand(Rng& rng) {
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

#endif  // __x86_64__

}  // namespace loom::cpu::fpu::test_support
