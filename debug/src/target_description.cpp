#include "target_description.h"

#include <fmt/format.h>

#include <algorithm>

#include "loom/cpu/hart_state.h"

namespace loom::debug {
namespace {

using Kind = RegisterInfo::Kind;

// ABI names, as GDB's RISC-V support expects them in the cpu and fpu
// features; it calls x8 "fp".
const char* x_name(unsigned i) { return i == 8 ? "fp" : cpu::kIntRegisterNames[i]; }

struct Csr {
  const char* name;
  unsigned number;
};
constexpr Csr kFpCsrs[] = {{"fflags", 0x001}, {"frm", 0x002}, {"fcsr", 0x003}};
// The CSRs a firmware or kernel engineer looks at: supervisor and machine
// trap state, translation, delegation, PMP, counters and identity.
constexpr Csr kCsrs[] = {
    {"sstatus", 0x100},   {"sie", 0x104},       {"stvec", 0x105},     {"scounteren", 0x106}, {"senvcfg", 0x10a},
    {"sscratch", 0x140},  {"sepc", 0x141},      {"scause", 0x142},    {"stval", 0x143},      {"sip", 0x144},
    {"satp", 0x180},      {"mstatus", 0x300},   {"misa", 0x301},      {"medeleg", 0x302},    {"mideleg", 0x303},
    {"mie", 0x304},       {"mtvec", 0x305},     {"mcounteren", 0x306}, {"menvcfg", 0x30a},  {"mcountinhibit", 0x320},
    {"mscratch", 0x340},  {"mepc", 0x341},      {"mcause", 0x342},    {"mtval", 0x343},      {"mip", 0x344},
    {"pmpcfg0", 0x3a0},   {"pmpcfg2", 0x3a2},   {"pmpaddr0", 0x3b0},  {"pmpaddr1", 0x3b1},   {"pmpaddr2", 0x3b2},
    {"pmpaddr3", 0x3b3},  {"pmpaddr4", 0x3b4},  {"pmpaddr5", 0x3b5},  {"pmpaddr6", 0x3b6},   {"pmpaddr7", 0x3b7},
    {"pmpaddr8", 0x3b8},  {"pmpaddr9", 0x3b9},  {"pmpaddr10", 0x3ba}, {"pmpaddr11", 0x3bb},  {"pmpaddr12", 0x3bc},
    {"pmpaddr13", 0x3bd}, {"pmpaddr14", 0x3be}, {"pmpaddr15", 0x3bf}, {"mcycle", 0xb00},     {"minstret", 0xb02},
    {"cycle", 0xc00},     {"time", 0xc01},      {"instret", 0xc02},   {"mvendorid", 0xf11},  {"marchid", 0xf12},
    {"mimpid", 0xf13},    {"mhartid", 0xf14}};

std::vector<RegisterInfo> make_registers() {
  std::vector<RegisterInfo> regs;
  for (unsigned i = 0; i < 32; ++i) regs.push_back({x_name(i), i, Kind::X, i});
  regs.push_back({"pc", 32, Kind::Pc, 0});
  for (unsigned i = 0; i < 32; ++i) regs.push_back({cpu::kFpRegisterNames[i], 33 + i, Kind::F, i});
  for (const Csr& c : kFpCsrs) regs.push_back({c.name, kFirstCsrRegnum + c.number, Kind::Csr, c.number});
  for (const Csr& c : kCsrs) regs.push_back({c.name, kFirstCsrRegnum + c.number, Kind::Csr, c.number});
  regs.push_back({"priv", kPrivRegnum, Kind::Priv, 0});
  std::sort(regs.begin(), regs.end(), [](const RegisterInfo& a, const RegisterInfo& b) { return a.regnum < b.regnum; });
  return regs;
}

std::string reg_xml(const char* name, unsigned regnum, const char* type, const char* group = nullptr) {
  std::string line = fmt::format(R"(    <reg name="{}" bitsize="64" regnum="{}" type="{}")", name, regnum, type);
  if (group) line += fmt::format(R"( group="{}")", group);
  return line + "/>\n";
}

std::string make_xml() {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n"
      "  <architecture>riscv:rv64</architecture>\n"
      // Firmware and kernels are bare-metal programs to GDB. Without this,
      // an ELF that names no OS gets GDB's default (GNU/Linux here), which
      // single-steps by planting breakpoints and letting every hart run.
      "  <osabi>none</osabi>\n"
      "  <feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  for (unsigned i = 0; i < 32; ++i) {
    const char* type = i == 1 ? "code_ptr" : (i == 2 || i == 3 || i == 4 || i == 8) ? "data_ptr" : "int";
    xml += reg_xml(x_name(i), i, type);
  }
  xml += reg_xml("pc", 32, "code_ptr");
  xml += "  </feature>\n  <feature name=\"org.gnu.gdb.riscv.fpu\">\n";
  for (unsigned i = 0; i < 32; ++i) xml += reg_xml(cpu::kFpRegisterNames[i], 33 + i, "ieee_double", "float");
  for (const Csr& c : kFpCsrs) xml += reg_xml(c.name, kFirstCsrRegnum + c.number, "int", "float");
  xml += "  </feature>\n  <feature name=\"org.gnu.gdb.riscv.csr\">\n";
  for (const Csr& c : kCsrs) xml += reg_xml(c.name, kFirstCsrRegnum + c.number, "int", "system");
  xml += "  </feature>\n  <feature name=\"org.gnu.gdb.riscv.virtual\">\n";
  xml += reg_xml("priv", kPrivRegnum, "int", "system");
  xml += "  </feature>\n</target>\n";
  return xml;
}

}  // namespace

const std::vector<RegisterInfo>& registers() {
  static const std::vector<RegisterInfo> regs = make_registers();
  return regs;
}

const RegisterInfo* find_register(unsigned regnum) {
  const auto& regs = registers();
  const auto it = std::lower_bound(regs.begin(), regs.end(), regnum,
                                   [](const RegisterInfo& r, unsigned n) { return r.regnum < n; });
  return it != regs.end() && it->regnum == regnum ? &*it : nullptr;
}

const std::string& target_xml() {
  static const std::string xml = make_xml();
  return xml;
}

}  // namespace loom::debug
