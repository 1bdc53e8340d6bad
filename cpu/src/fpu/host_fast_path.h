#pragma once
// The host's IEEE-754 arithmetic for the common case, bit-identical to the
// soft-float (QEMU's "hardfloat" idea): round to nearest even, operands
// normal or zero, a normal result (or an exact zero), and the inexact flag
// already accrued, so that the host's answer is the correctly rounded one
// and no flag can change. Anything else returns false: the soft-float
// decides (NaNs, infinities, subnormals, underflow, overflow, division by
// zero, the first inexact result). tests/cpu/test_softfloat_host_fast.cpp
// checks results and flags against the soft-float on random operands.

#include <cmath>
#include <cstdint>
#include <cstring>

namespace loom::cpu::fpu {

enum class HostOp { Add, Sub, Mul, Div };

template <typename T, typename Bits>
bool host_binary(HostOp op, Bits a_bits, Bits b_bits, Bits& out) {
  static_assert(sizeof(T) == sizeof(Bits));
  T a, b;
  std::memcpy(&a, &a_bits, sizeof a);
  std::memcpy(&b, &b_bits, sizeof b);
  const int ca = std::fpclassify(a), cb = std::fpclassify(b);
  if ((ca != FP_NORMAL && ca != FP_ZERO) || (cb != FP_NORMAL && cb != FP_ZERO)) return false;
  T r;
  switch (op) {
    case HostOp::Add: r = a + b; break;
    case HostOp::Sub: r = a - b; break;
    case HostOp::Mul: r = a * b; break;
    case HostOp::Div:
      if (cb == FP_ZERO) return false;
      r = a / b;
      break;
    default: return false;  // no such operation: the exact soft-float path
  }
  const int cr = std::fpclassify(r);
  if (cr == FP_ZERO) {
    // Exact unless a product or quotient of nonzero operands underflowed.
    const bool exact = op == HostOp::Add || op == HostOp::Sub || ca == FP_ZERO || (op == HostOp::Mul && cb == FP_ZERO);
    if (!exact) return false;
  } else if (cr != FP_NORMAL) {
    return false;
  }
  std::memcpy(&out, &r, sizeof out);
  return true;
}

template <typename T, typename Bits>
bool host_sqrt(Bits a_bits, Bits& out) {
  T a;
  std::memcpy(&a, &a_bits, sizeof a);
  const int ca = std::fpclassify(a);
  if (ca == FP_ZERO) {
    out = a_bits;  // sqrt(+-0) = +-0, exact
    return true;
  }
  if (ca != FP_NORMAL || a < 0) return false;
  const T r = std::sqrt(a);
  std::memcpy(&out, &r, sizeof out);
  return true;
}

}  // namespace loom::cpu::fpu
