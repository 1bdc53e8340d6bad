#include "frontend/decoder.h"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#include "frontend/compressed.h"

namespace loom::cpu {
namespace {

struct Entry {
  uint32_t mask;
  uint32_t match;
  Op op;
  Format format;  // of the operation (for RVC: of the 32-bit expansion)
  bool compressed;
  CFormat cformat;
  const char* mnemonic;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
#define INSN(Id, mnemonic, mask, match, Fmt, Flags) {mask, match, Op::Id, Format::Fmt, false, CFormat{}, mnemonic},
#define CINSN(Id, mnemonic, mask, match, CFmt, BaseId) \
  {mask, match, Op::BaseId, Format{}, true, CFormat::CFmt, mnemonic},
#include "frontend/insn_table.def"
  };
  return table;
}

struct OpInfo {
  const char* mnemonic;
  Format format;
};
constexpr OpInfo kOpInfo[] = {
#define INSN(Id, mnemonic, mask, match, Fmt, Flags) {mnemonic, Format::Fmt},
#include "frontend/insn_table.def"
    {"illegal", Format::None},
};

// Candidate entries per bucket, most specific mask first. 32-bit encodings
// are bucketed by opcode[6:2], 16-bit ones by quadrant and funct3.
struct Buckets {
  std::array<std::vector<uint16_t>, 32> wide;
  std::array<std::vector<uint16_t>, 32> compressed;
};

unsigned wide_bucket(uint32_t raw) { return (raw >> 2) & 31; }
unsigned compressed_bucket(uint32_t raw) { return (raw & 3) << 3 | ((raw >> 13) & 7); }

const Buckets& buckets() {
  static const Buckets b = [] {
    Buckets out;
    const auto& table = entries();
    for (uint16_t i = 0; i < table.size(); ++i) {
      Entry e = table[i];
      if (e.compressed) {
        out.compressed[compressed_bucket(e.match)].push_back(i);
      } else {
        out.wide[wide_bucket(e.match)].push_back(i);
      }
    }
    auto by_specificity = [&](uint16_t a, uint16_t b) {
      return std::popcount(table[a].mask) > std::popcount(table[b].mask);
    };
    for (auto& v : out.wide) std::stable_sort(v.begin(), v.end(), by_specificity);
    for (auto& v : out.compressed) std::stable_sort(v.begin(), v.end(), by_specificity);
    return out;
  }();
  return b;
}

int64_t sign_extend(uint64_t value, unsigned width) {
  return static_cast<int64_t>(value << (64 - width)) >> (64 - width);
}

void extract_wide_fields(Format format, uint32_t raw, DecodedInsn& d) {
  d.rd = (raw >> 7) & 31;
  d.rs1 = (raw >> 15) & 31;
  d.rs2 = (raw >> 20) & 31;
  d.rs3 = raw >> 27;
  d.rm = (raw >> 12) & 7;
  const int64_t imm_i = static_cast<int32_t>(raw) >> 20;
  switch (format) {
    case Format::I:
    case Format::Load:
    case Format::FpLoad:
      d.imm = imm_i;
      break;
    case Format::Store:
    case Format::FpStore:
      d.imm = static_cast<int64_t>(static_cast<int32_t>(raw) >> 25) * 32 + static_cast<int64_t>((raw >> 7) & 31);
      break;
    case Format::B:
      d.imm = sign_extend((raw >> 31) << 12 | ((raw >> 25) & 63) << 5 | ((raw >> 8) & 15) << 1 | ((raw >> 7) & 1) << 11,
                          13);
      break;
    case Format::U:
      d.imm = static_cast<int32_t>(raw & 0xfffff000u);
      break;
    case Format::J:
      d.imm = sign_extend((raw >> 31) << 20 | ((raw >> 21) & 0x3ff) << 1 | ((raw >> 20) & 1) << 11 |
                              ((raw >> 12) & 0xff) << 12,
                          21);
      break;
    case Format::Shift6:
      d.imm = (raw >> 20) & 63;
      break;
    case Format::Shift5:
      d.imm = (raw >> 20) & 31;
      break;
    case Format::Csr:
    case Format::CsrImm:
    case Format::Fence:
      d.imm = raw >> 20;
      break;
    case Format::Amo:
    case Format::LoadReserved:
      d.rm = (raw >> 25) & 3;
      break;
    default:
      break;
  }
}

}  // namespace

DecodedInsn decode(uint32_t raw) {
  DecodedInsn d;
  d.raw = raw;
  const auto& table = entries();
  if (insn_length(raw) == 4) {
    d.length = 4;
    for (uint16_t i : buckets().wide[wide_bucket(raw)]) {
      const Entry& e = table[i];
      if ((raw & e.mask) == e.match) {
        d.op = e.op;
        d.entry = i;
        extract_wide_fields(e.format, raw, d);
        return d;
      }
    }
    return d;
  }
  d.length = 2;
  raw &= 0xffff;
  d.raw = raw;
  for (uint16_t i : buckets().compressed[compressed_bucket(raw)]) {
    const Entry& e = table[i];
    if ((raw & e.mask) == e.match) {
      d.op = e.op;
      d.entry = i;
      if (!expand_compressed(e.cformat, raw, d)) d.op = Op::Illegal;
      return d;
    }
  }
  return d;
}

const char* mnemonic(Op op) { return kOpInfo[static_cast<size_t>(op)].mnemonic; }
Format format_of(Op op) { return kOpInfo[static_cast<size_t>(op)].format; }

const char* entry_mnemonic(const DecodedInsn& insn) {
  if (insn.op == Op::Illegal) return "illegal";
  return entries()[insn.entry].mnemonic;
}

}  // namespace loom::cpu
