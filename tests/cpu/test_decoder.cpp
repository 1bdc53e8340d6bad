// Decoder tests: hand-checked encodings, and a differential test of every
// table entry against GNU objdump (the cross binutils), which decodes the
// same words independently.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "frontend/decoder.h"

namespace loom::cpu {
namespace {

TEST(Decoder, IType) {
  const DecodedInsn d = decode(0x00150513);  // addi a0, a0, 1
  EXPECT_EQ(d.op, Op::ADDI);
  EXPECT_EQ(d.rd, 10);
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(d.imm, 1);
  EXPECT_EQ(d.length, 4);
  EXPECT_EQ(disassemble(d, 0), "addi a0, a0, 1");
}

TEST(Decoder, NegativeImmediates) {
  EXPECT_EQ(decode(0xfff00513).imm, -1);                // addi a0, zero, -1
  const DecodedInsn store = decode(0xfe113c23);         // sd ra, -8(sp)
  EXPECT_EQ(store.op, Op::SD);
  EXPECT_EQ(store.imm, -8);
  EXPECT_EQ(store.rs1, 2);
  EXPECT_EQ(store.rs2, 1);
  const DecodedInsn branch = decode(0xfe051ee3);        // bne a0, zero, -4
  EXPECT_EQ(branch.op, Op::BNE);
  EXPECT_EQ(branch.imm, -4);
  EXPECT_EQ(decode(0xffdff06f).imm, -4);                // jal zero, -4
  EXPECT_EQ(decode(0x800002b7).imm, -0x80000000ll);     // lui t0, 0x80000
}

TEST(Decoder, CompressedExpandsToBaseOperation) {
  const DecodedInsn addi = decode(0x0505);  // c.addi a0, 1
  EXPECT_EQ(addi.op, Op::ADDI);
  EXPECT_EQ(addi.length, 2);
  EXPECT_EQ(addi.rd, 10);
  EXPECT_EQ(addi.rs1, 10);
  EXPECT_EQ(addi.imm, 1);
  const DecodedInsn lwsp = decode(0x4532);  // c.lwsp a0, 12(sp)
  EXPECT_EQ(lwsp.op, Op::LW);
  EXPECT_EQ(lwsp.rs1, 2);
  EXPECT_EQ(lwsp.imm, 12);
  EXPECT_EQ(decode(0x9002).op, Op::EBREAK);  // c.ebreak, not c.jalr/c.add
  EXPECT_EQ(decode(0x8082).op, Op::JALR);    // c.jr ra (ret)
}

TEST(Decoder, ReservedCompressedEncodingsAreIllegal) {
  EXPECT_EQ(decode(0x0000).op, Op::Illegal);  // all-zero parcel
  EXPECT_EQ(decode(0x6001).op, Op::Illegal);  // c.lui zero imm
  EXPECT_EQ(decode(0x2001).op, Op::Illegal);  // c.addiw rd=0
  EXPECT_EQ(decode(0x8002).op, Op::Illegal);  // c.jr x0
  EXPECT_EQ(decode(0x4002).op, Op::Illegal);  // c.lwsp rd=0
}

TEST(Decoder, FieldsOfSpecialFormats) {
  const DecodedInsn csr = decode(0x30529073);  // csrrw zero, mtvec, t0
  EXPECT_EQ(csr.op, Op::CSRRW);
  EXPECT_EQ(csr.imm, 0x305);
  EXPECT_EQ(csr.rs1, 5);
  const DecodedInsn amo = decode(0x06b5252f);  // amoadd.w.aqrl a0, a1, (a0)
  EXPECT_EQ(amo.op, Op::AMOADD_W);
  EXPECT_EQ(amo.rm, 3);
  const DecodedInsn fma = decode(0x5a2787c3);  // fmadd.d fa5, fa5, ft2, fa1, rne? (rm=0)
  EXPECT_EQ(fma.op, Op::FMADD_D);
  EXPECT_EQ(fma.rs3, 11);
  EXPECT_EQ(decode(0x0000000b).op, Op::Illegal);  // custom-0
}

// ---- differential test against objdump -------------------------------------

struct TableEntry {
  uint32_t mask, match;
  bool compressed;
};

std::vector<TableEntry> all_entries() {
  return {
#define INSN(Id, mnemonic, mask, match, Format, Flags) {mask, match, false},
#define CINSN(Id, mnemonic, mask, match, CFormat, BaseId) {mask, match, true},
#include "frontend/insn_table.def"
  };
}

bool have_cross_binutils() { return std::system("riscv64-unknown-elf-as --version >/dev/null 2>&1") == 0; }

// objdump prints hints and aliases of some encodings under other names even
// with -M no-aliases; map them to the table's mnemonic.
std::string normalize_objdump(std::string m) {
  const bool atomic = m.rfind("amo", 0) == 0 || m.rfind("lr.", 0) == 0 || m.rfind("sc.", 0) == 0;
  if (atomic) {
    for (const std::string suffix : {".aqrl", ".aq", ".rl"}) {
      if (m.size() > suffix.size() && m.compare(m.size() - suffix.size(), suffix.size(), suffix) == 0) {
        m.resize(m.size() - suffix.size());
        break;
      }
    }
  }
  if (m == "fence.tso" || m == "pause") return "fence";
  if (m == "c.nop") return "c.addi";
  if (m == "c.srli64") return "c.srli";  // shamt 0: a hint on RV64
  if (m == "c.srai64") return "c.srai";
  if (m == "c.slli64") return "c.slli";
  if (m == "c.unimp") return "illegal";  // the defined-illegal all-zero parcel
  return m;
}

// Encodings the ISA defines but binutils 2.40 refuses: the rm field of
// exact conversions (any valid rm is allowed by the spec, and by QEMU), and
// the reserved fields of FENCE / FENCE.I, which implementations must ignore.
bool objdump_is_stricter(const std::string& ours) {
  return ours == "fcvt.d.s" || ours == "fcvt.d.w" || ours == "fcvt.d.wu" || ours == "fence" || ours == "fence.i";
}

TEST(Decoder, AgreesWithObjdumpOnEveryTableEntry) {
  if (!have_cross_binutils()) GTEST_SKIP() << "riscv64-unknown-elf binutils not installed";
  const auto dir = std::filesystem::temp_directory_path() / ("loom-decoder-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  // Each entry's match with its don't-care bits randomised, many times.
  std::mt19937 rng(12345);
  std::vector<uint32_t> words;
  for (const TableEntry& e : all_entries()) {
    for (int i = 0; i < 64; ++i) {
      uint32_t w = (rng() & ~e.mask) | e.match;
      if (e.compressed) w &= 0xffff;
      words.push_back(w);
    }
  }
  // Every 16-bit parcel: the RVC space is small enough to check whole.
  for (uint32_t half = 0; half < 0x10000; ++half)
    if ((half & 3) != 3) words.push_back(half);
  {
    std::ofstream s(dir / "words.S");
    s << ".attribute arch, \"rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zba1p0_zbb1p0_zbs1p0\"\n"
         ".text\n";
    for (uint32_t w : words) s << ".insn " << w << "\n";
  }
  const std::string cmd = "cd " + dir.string() +
                          " && riscv64-unknown-elf-as -o words.o words.S && "
                          "riscv64-unknown-elf-objdump -d -M no-aliases words.o > words.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0);

  std::ifstream listing(dir / "words.txt");
  std::string line;
  size_t index = 0, compared = 0;
  std::map<std::string, int> mismatches;
  std::map<std::string, std::string> examples;
  while (std::getline(listing, line)) {
    // "   4:	00150513          	addi	a0,a0,1"
    const auto colon = line.find(":\t");
    if (colon == std::string::npos || line.find_first_not_of(" 0123456789abcdef") != colon) continue;
    std::istringstream fields(line.substr(colon + 2));
    std::string hex, mnemonic;
    fields >> hex >> mnemonic;
    ASSERT_LT(index, words.size());
    const uint32_t w = words[index++];
    ASSERT_EQ(std::stoul(hex, nullptr, 16), w) << line;
    const DecodedInsn d = decode(w);
    const bool objdump_knows = !mnemonic.empty() && mnemonic[0] != '.';
    const std::string ours = d.op == Op::Illegal ? std::string("illegal") : entry_mnemonic(d);
    const std::string theirs = objdump_knows ? normalize_objdump(mnemonic) : "illegal";
    ++compared;
    // c.addi16sp with a zero immediate is reserved; binutils prints it anyway.
    const bool reserved_addi16sp = w == 0x6101 && ours == "illegal";
    if (ours != theirs && !(theirs == "illegal" && objdump_is_stricter(ours)) && !reserved_addi16sp) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%08x", w);
      const std::string key = "loom " + ours + " / objdump " + theirs;
      if (!mismatches.count(key)) examples[key] = buf;
      ++mismatches[key];
    }
  }
  EXPECT_EQ(index, words.size());
  std::string report;
  for (const auto& [what, count] : mismatches) report += "  " + what + " (" + std::to_string(count) + "x, e.g. " + examples[what] + ")\n";
  EXPECT_TRUE(mismatches.empty()) << compared << " words compared, mismatches:\n" << report;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace loom::cpu
