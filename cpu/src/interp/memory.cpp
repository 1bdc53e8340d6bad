// RV64I loads and stores, FENCE and FENCE.I.
#include "interp/semantics.h"

namespace loom::cpu {
namespace {

template <typename T>
void load_into(Hart& h, const DecodedInsn& d) {
  T value;
  if (h.load<T>(h.s.x[d.rs1] + static_cast<uint64_t>(d.imm), value)) {
    // Signed T sign-extends, unsigned T zero-extends.
    h.s.x[d.rd] = static_cast<uint64_t>(static_cast<std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>(value));
  }
}

template <typename T>
void store_from(Hart& h, const DecodedInsn& d) {
  h.store<T>(h.s.x[d.rs1] + static_cast<uint64_t>(d.imm), static_cast<T>(h.s.x[d.rs2]));
}

}  // namespace

void exec_LB(Hart& h, const DecodedInsn& d) { load_into<int8_t>(h, d); }
void exec_LH(Hart& h, const DecodedInsn& d) { load_into<int16_t>(h, d); }
void exec_LW(Hart& h, const DecodedInsn& d) { load_into<int32_t>(h, d); }
void exec_LD(Hart& h, const DecodedInsn& d) { load_into<int64_t>(h, d); }
void exec_LBU(Hart& h, const DecodedInsn& d) { load_into<uint8_t>(h, d); }
void exec_LHU(Hart& h, const DecodedInsn& d) { load_into<uint16_t>(h, d); }
void exec_LWU(Hart& h, const DecodedInsn& d) { load_into<uint32_t>(h, d); }
void exec_SB(Hart& h, const DecodedInsn& d) { store_from<uint8_t>(h, d); }
void exec_SH(Hart& h, const DecodedInsn& d) { store_from<uint16_t>(h, d); }
void exec_SW(Hart& h, const DecodedInsn& d) { store_from<uint32_t>(h, d); }
void exec_SD(Hart& h, const DecodedInsn& d) { store_from<uint64_t>(h, d); }

// Harts execute one at a time in program order, so memory is always
// coherent and ordered: FENCE has nothing to do.
void exec_FENCE(Hart&, const DecodedInsn&) {}
// Stores into code are seen as they happen (code pages are never writable
// through a TLB entry: Machine::code_written drops what derives from them),
// so fence.i has nothing left to order. The decoded instructions go anyway;
// the translations and jump tables stay (Linux issues hundreds of fence.i
// while it boots, each of which used to empty every jump table).
void exec_FENCE_I(Hart& h, const DecodedInsn&) { h.drop_decoded(); }

}  // namespace loom::cpu
