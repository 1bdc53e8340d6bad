#pragma once
// The architectural state of one RISC-V hart, as one plain struct.
//
// Everything the instruction semantics read or write lives here so that a
// JIT can address any field with a fixed offset from one base register.
// No pointers, no virtual functions, standard layout.

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace loom::cpu {

enum class PrivilegeMode : uint8_t { User = 0, Supervisor = 1, Machine = 3 };

struct HartState {
  uint64_t x[32];  // integer registers; x[0] is kept at zero
  uint64_t f[32];  // FP registers, raw bits (singles NaN-boxed)
  uint64_t pc;

  PrivilegeMode priv;
  uint8_t fflags;  // accrued exceptions, RISC-V bit order
  uint8_t frm;     // dynamic rounding mode
  uint8_t reservation_valid;
  uint32_t hart_id;
  uint64_t reservation_address;  // virtual address of the last LR
  uint64_t reservation_value;    // the value that LR read

  // Machine-level CSRs.
  uint64_t mstatus;
  uint64_t misa;
  uint64_t medeleg;
  uint64_t mideleg;
  uint64_t mie;
  uint64_t mip;  // software-writable bits; hardware lines are merged on read
  uint64_t mtvec;
  uint64_t mscratch;
  uint64_t mepc;
  uint64_t mcause;
  uint64_t mtval;
  uint64_t mcounteren;
  uint64_t mcountinhibit;
  uint64_t menvcfg;
  uint64_t retired;         // instructions retired since reset (monotonic; drives time)
  uint64_t instret_offset;  // minstret = retired + instret_offset (software may write minstret)
  uint64_t cycle_offset;    // mcycle = derived cycle count + cycle_offset

  // Supervisor-level CSRs (sstatus/sie/sip are views of the machine ones).
  uint64_t stvec;
  uint64_t sscratch;
  uint64_t sepc;
  uint64_t scause;
  uint64_t stval;
  uint64_t satp;
  uint64_t scounteren;
  uint64_t senvcfg;
  uint64_t miselect;  // AIA: which indirect register mireg/sireg reach
  uint64_t siselect;

  uint8_t pmpcfg[16];
  uint64_t pmpaddr[16];

  // The trigger module (Sdtrig, priv/triggers.h): the selected trigger and
  // each trigger's tdata1 (type and match control) and tdata2 (address).
  static constexpr unsigned kTriggers = 4;
  uint64_t tselect;
  uint64_t tdata1[kTriggers];
  uint64_t tdata2[kTriggers];
};

static_assert(std::is_standard_layout_v<HartState>);

// ABI names of x0-x31 (x8 as "s0") and f0-f31, as the disassembler prints
// them and debuggers show them.
extern const char* const kIntRegisterNames[32];
extern const char* const kFpRegisterNames[32];

// mstatus fields
namespace mstatus {
constexpr uint64_t SIE = 1ull << 1;
constexpr uint64_t MIE = 1ull << 3;
constexpr uint64_t SPIE = 1ull << 5;
constexpr uint64_t UBE = 1ull << 6;
constexpr uint64_t MPIE = 1ull << 7;
constexpr uint64_t SPP = 1ull << 8;
constexpr unsigned MPP_SHIFT = 11;
constexpr uint64_t MPP = 3ull << MPP_SHIFT;
constexpr unsigned FS_SHIFT = 13;
constexpr uint64_t FS = 3ull << FS_SHIFT;
constexpr uint64_t XS = 3ull << 15;
constexpr uint64_t MPRV = 1ull << 17;
constexpr uint64_t SUM = 1ull << 18;
constexpr uint64_t MXR = 1ull << 19;
constexpr uint64_t TVM = 1ull << 20;
constexpr uint64_t TW = 1ull << 21;
constexpr uint64_t TSR = 1ull << 22;
constexpr unsigned UXL_SHIFT = 32;
constexpr unsigned SXL_SHIFT = 34;
constexpr uint64_t SD = 1ull << 63;
}  // namespace mstatus

// Interrupt bits of mip/mie and exception cause codes.
namespace irq {
constexpr unsigned SSI = 1, MSI = 3, STI = 5, MTI = 7, SEI = 9, MEI = 11;
}
enum class Exception : uint64_t {
  InstructionMisaligned = 0,
  InstructionAccessFault = 1,
  IllegalInstruction = 2,
  Breakpoint = 3,
  LoadMisaligned = 4,
  LoadAccessFault = 5,
  StoreMisaligned = 6,
  StoreAccessFault = 7,
  EcallFromU = 8,
  EcallFromS = 9,
  EcallFromM = 11,
  InstructionPageFault = 12,
  LoadPageFault = 13,
  StorePageFault = 15,
};

enum class AccessType : uint8_t { Read = 0, Write = 1, Execute = 2 };

}  // namespace loom::cpu
