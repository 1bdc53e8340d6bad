// A extension. Harts run one at a time, so a read-modify-write is atomic by
// construction. Reservations follow QEMU: SC succeeds when the reservation
// is valid for that address and memory still holds the value LR read; every
// SC clears the reservation. Misaligned LR raises a load-misaligned, SC and
// AMOs a store/AMO-misaligned exception (no emulation of misaligned atomics).
#include <algorithm>

#include "interp/semantics.h"

namespace loom::cpu {
namespace {

template <typename T>
bool aligned(Hart& h, uint64_t vaddr, Exception misaligned) {
  if (vaddr % sizeof(T) == 0) return true;
  h.raise(misaligned, vaddr);
  return false;
}

template <typename T>
void load_reserved(Hart& h, const DecodedInsn& d) {
  const uint64_t vaddr = h.s.x[d.rs1];
  if (!aligned<T>(h, vaddr, Exception::LoadMisaligned)) return;
  T value;
  if (!h.load<T>(vaddr, value)) return;
  h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(value)));
  h.s.reservation_valid = 1;
  h.s.reservation_address = vaddr;
  h.s.reservation_value = static_cast<uint64_t>(value);
}

template <typename T>
void store_conditional(Hart& h, const DecodedInsn& d) {
  const uint64_t vaddr = h.s.x[d.rs1];
  if (!aligned<T>(h, vaddr, Exception::StoreMisaligned)) return;
  uint64_t physical;
  if (!h.translate_for_amo(vaddr, sizeof(T), physical)) return;
  bool success = false;
  if (h.s.reservation_valid && h.s.reservation_address == vaddr) {
    uint64_t current;
    if (!h.physical_read(vaddr, physical, sizeof(T), current)) return;
    if (static_cast<T>(current) == static_cast<T>(h.s.reservation_value)) {
      if (!h.physical_write(vaddr, physical, sizeof(T), h.s.x[d.rs2])) return;
      success = true;
    }
  }
  h.s.reservation_valid = 0;
  h.s.x[d.rd] = success ? 0 : 1;
}

template <typename T, typename F>
void amo(Hart& h, const DecodedInsn& d, F combine) {
  using S = std::make_signed_t<T>;
  const uint64_t vaddr = h.s.x[d.rs1];
  if (!aligned<T>(h, vaddr, Exception::StoreMisaligned)) return;
  uint64_t physical, raw;
  if (!h.translate_for_amo(vaddr, sizeof(T), physical)) return;
  if (!h.physical_read(vaddr, physical, sizeof(T), raw)) return;
  const T old_value = static_cast<T>(raw);
  const T new_value = combine(old_value, static_cast<T>(h.s.x[d.rs2]));
  if (!h.physical_write(vaddr, physical, sizeof(T), new_value)) return;
  h.s.x[d.rd] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<S>(old_value)));
}

template <typename T>
T smin(T a, T b) { using S = std::make_signed_t<T>; return static_cast<S>(a) < static_cast<S>(b) ? a : b; }
template <typename T>
T smax(T a, T b) { using S = std::make_signed_t<T>; return static_cast<S>(a) > static_cast<S>(b) ? a : b; }

}  // namespace

void exec_LR_W(Hart& h, const DecodedInsn& d) { load_reserved<uint32_t>(h, d); }
void exec_LR_D(Hart& h, const DecodedInsn& d) { load_reserved<uint64_t>(h, d); }
void exec_SC_W(Hart& h, const DecodedInsn& d) { store_conditional<uint32_t>(h, d); }
void exec_SC_D(Hart& h, const DecodedInsn& d) { store_conditional<uint64_t>(h, d); }

#define LOOM_AMO(NAME, EXPR)                                                                 \
  void exec_##NAME##_W(Hart& h, const DecodedInsn& d) {                                      \
    amo<uint32_t>(h, d, [](uint32_t a, uint32_t b) -> uint32_t { return EXPR; });            \
  }                                                                                          \
  void exec_##NAME##_D(Hart& h, const DecodedInsn& d) {                                      \
    amo<uint64_t>(h, d, [](uint64_t a, uint64_t b) -> uint64_t { return EXPR; });            \
  }
LOOM_AMO(AMOSWAP, ((void)a, b))
LOOM_AMO(AMOADD, a + b)
LOOM_AMO(AMOXOR, a ^ b)
LOOM_AMO(AMOAND, a & b)
LOOM_AMO(AMOOR, a | b)
LOOM_AMO(AMOMIN, smin(a, b))
LOOM_AMO(AMOMAX, smax(a, b))
LOOM_AMO(AMOMINU, std::min(a, b))
LOOM_AMO(AMOMAXU, std::max(a, b))
#undef LOOM_AMO

}  // namespace loom::cpu
