#pragma once
// The registers Loom shows GDB and their numbers, and the target
// description (qXfer:features:read:target.xml) that tells GDB about them:
// org.gnu.gdb.riscv.cpu (x0-x31, pc), .fpu (f0-f31, fflags, frm, fcsr),
// .csr (the CSRs below) and .virtual (priv). The numbers follow GDB's own
// RISC-V numbering, as QEMU's stub does: x0-x31 0-31, pc 32, f0-f31 33-64,
// CSR n at 65 + n, priv at 65 + 4096.

#include <cstdint>
#include <string>
#include <vector>

namespace loom::debug {

struct RegisterInfo {
  enum class Kind { X, Pc, F, Csr, Priv };
  const char* name;
  unsigned regnum;
  Kind kind;
  unsigned index;  // X and F: the register number; Csr: the CSR address
};

// Every register, ordered by regnum.
const std::vector<RegisterInfo>& registers();
// The register with this number, or null.
const RegisterInfo* find_register(unsigned regnum);
// Registers in a `g` packet: x0-x31 and pc; GDB asks for the others one
// by one with `p`.
constexpr unsigned kGeneralRegisters = 33;
constexpr unsigned kRegisterBytes = 8;  // every register is 64 bits wide
constexpr unsigned kFirstCsrRegnum = 65;
constexpr unsigned kPrivRegnum = kFirstCsrRegnum + 4096;

// The whole target description document.
const std::string& target_xml();

}  // namespace loom::debug
