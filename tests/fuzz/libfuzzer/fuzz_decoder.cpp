// The instruction decoder, the RVC expansion and the disassembler, given
// arbitrary instruction bytes (little-endian, as fetched). Besides "never
// crashes", every 16-bit instruction must mean exactly what the 32-bit
// instruction it expands to means: re-encoded from the expansion's fields
// and decoded again, it must give the same operation and operands.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "frontend/decoder.h"

namespace loom::cpu {
namespace {

[[noreturn]] void fail(const char* what, uint32_t raw, const DecodedInsn& d, const DecodedInsn& again) {
  std::fprintf(stderr, "decoder: %s: %#x (%s rd=%u rs1=%u rs2=%u imm=%lld) re-encoded as %#x (%s rd=%u rs1=%u "
                       "rs2=%u imm=%lld)\n",
               what, raw, entry_mnemonic(d), d.rd, d.rs1, d.rs2, static_cast<long long>(d.imm), again.raw,
               entry_mnemonic(again), again.rd, again.rs1, again.rs2, static_cast<long long>(again.imm));
  std::abort();
}

// The fixed bits of an operation's 32-bit encoding, from the one table.
uint32_t base_match(Op op) {
  switch (op) {
#define INSN(Id, mnemonic, mask, match, Fmt, Flags) \
  case Op::Id:                                      \
    return match;
#include "frontend/insn_table.def"
    default: return 0;
  }
}

uint32_t imm_bits(int64_t imm, unsigned hi, unsigned lo) {
  return static_cast<uint32_t>((static_cast<uint64_t>(imm) >> lo) & ((1ull << (hi - lo + 1)) - 1));
}

// The 32-bit instruction with the expansion's operation and operands, for
// the formats RVC expands to.
uint32_t encode_wide(const DecodedInsn& d) {
  const uint32_t rd = uint32_t{d.rd} << 7, rs1 = uint32_t{d.rs1} << 15, rs2 = uint32_t{d.rs2} << 20;
  const uint32_t base = base_match(d.op);
  switch (format_of(d.op)) {
    case Format::R: return base | rd | rs1 | rs2;
    case Format::I:
    case Format::Load:
    case Format::FpLoad: return base | rd | rs1 | imm_bits(d.imm, 11, 0) << 20;
    case Format::Shift6: return base | rd | rs1 | imm_bits(d.imm, 5, 0) << 20;
    case Format::Store:
    case Format::FpStore: return base | rs1 | rs2 | imm_bits(d.imm, 11, 5) << 25 | imm_bits(d.imm, 4, 0) << 7;
    case Format::U: return base | rd | imm_bits(d.imm, 31, 12) << 12;
    case Format::B:
      return base | rs1 | rs2 | imm_bits(d.imm, 12, 12) << 31 | imm_bits(d.imm, 10, 5) << 25 |
             imm_bits(d.imm, 4, 1) << 8 | imm_bits(d.imm, 11, 11) << 7;
    case Format::J:
      return base | rd | imm_bits(d.imm, 20, 20) << 31 | imm_bits(d.imm, 10, 1) << 21 | imm_bits(d.imm, 11, 11) << 20 |
             imm_bits(d.imm, 19, 12) << 12;
    case Format::None: return base;
    default: return 0;  // RVC expands to none of the others
  }
}

// Whether the two decodings name the same operation with the same operands
// (only the fields the operation's format has).
bool same_meaning(const DecodedInsn& a, const DecodedInsn& b) {
  if (a.op != b.op) return false;
  switch (format_of(a.op)) {
    case Format::R: return a.rd == b.rd && a.rs1 == b.rs1 && a.rs2 == b.rs2;
    case Format::I:
    case Format::Load:
    case Format::FpLoad:
    case Format::Shift6: return a.rd == b.rd && a.rs1 == b.rs1 && a.imm == b.imm;
    case Format::Store:
    case Format::FpStore:
    case Format::B: return a.rs1 == b.rs1 && a.rs2 == b.rs2 && a.imm == b.imm;
    case Format::U:
    case Format::J: return a.rd == b.rd && a.imm == b.imm;
    case Format::None: return true;
    default: return false;
  }
}

void check_one(uint32_t raw, uint64_t pc) {
  const DecodedInsn d = decode(raw);
  const std::string text = disassemble(d, pc);
  if (text.empty()) fail("empty disassembly", raw, d, d);
  if (d.length != insn_length(raw)) fail("length differs from insn_length", raw, d, d);
  if (d.rd > 31 || d.rs1 > 31 || d.rs2 > 31 || d.rs3 > 31 || d.rm > 7) fail("field out of range", raw, d, d);
  if (d.length != 2 || d.op == Op::Illegal) return;
  const uint32_t wide = encode_wide(d);
  if (wide == 0) fail("expands to a format RVC has no business with", raw, d, d);
  const DecodedInsn again = decode(wide);
  if (again.length != 4 || !same_meaning(d, again)) fail("expansion differs from its 32-bit form", raw, d, again);
}

}  // namespace
}  // namespace loom::cpu

// The input is a run of instructions as they would sit in memory; each is
// also disassembled at a pc taken from the bytes, so that branch targets
// wrap around the address space too.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t pc = 0x80000000;
  for (size_t i = 0; i + 2 <= size;) {
    uint32_t raw = data[i] | uint32_t{data[i + 1]} << 8;
    const unsigned length = loom::cpu::insn_length(raw);
    if (length == 4) {
      if (i + 4 > size) break;
      raw |= uint32_t{data[i + 2]} << 16 | uint32_t{data[i + 3]} << 24;
    }
    loom::cpu::check_one(raw, pc);
    pc = pc * 31 + raw;  // any value, fixed by the input
    i += length;
  }
  return 0;
}
