// Conversions between binary32 and binary64 (FCVT.D.S / FCVT.S.D).
#include "fpu/internal.h"

namespace loom::cpu::fpu::detail {
namespace {

uint64_t convert(const Format& from, const Format& to, uint64_t bits, RoundingMode rm,
                 uint8_t& flags) {
  const Unpacked a = unpack(from, bits);
  switch (a.kind) {
    case Kind::Finite: return round_pack(to, a.sign, a.exp, a.sig, rm, flags);
    case Kind::Zero: return to.zero(a.sign);
    case Kind::Infinity: return to.infinity(a.sign);
    case Kind::QuietNaN:
    case Kind::SignalingNaN: break;
  }
  return nan_result(to, a.is_snan(), flags);
}

}  // namespace
}  // namespace loom::cpu::fpu::detail

namespace loom::cpu::fpu {

uint64_t f32_to_f64(uint32_t a, uint8_t& flags) {
  // Widening is exact, so the rounding mode never matters.
  return detail::convert(detail::kF32, detail::kF64, a, RoundingMode::NearestEven, flags);
}
uint32_t f64_to_f32(uint64_t a, RoundingMode rm, uint8_t& flags) {
  return static_cast<uint32_t>(detail::convert(detail::kF64, detail::kF32, a, rm, flags));
}

}  // namespace loom::cpu::fpu
