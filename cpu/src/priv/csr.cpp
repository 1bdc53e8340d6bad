#include "priv/csr.h"

#include "core/hart.h"
#include "mmu/page_walk.h"
#include "mmu/pmp.h"
#include "priv/csr_aia.h"
#include "priv/csr_numbers.h"
#include "priv/trap.h"
#include "priv/triggers.h"

namespace loom::cpu {
namespace {

using namespace mstatus;

constexpr uint64_t kMisaExtensions = (1ull << ('A' - 'A')) | (1ull << ('C' - 'A')) | (1ull << ('D' - 'A')) |
                                     (1ull << ('F' - 'A')) | (1ull << ('I' - 'A')) | (1ull << ('M' - 'A')) |
                                     (1ull << ('S' - 'A')) | (1ull << ('U' - 'A'));
constexpr uint64_t kMxl64 = 2ull << 62;

constexpr uint64_t kMstatusWritable = SIE | MIE | SPIE | MPIE | SPP | MPP | FS | MPRV | SUM | MXR | TVM | TW | TSR;
constexpr uint64_t kSstatusVisible = SIE | SPIE | UBE | SPP | FS | XS | SUM | MXR | (3ull << UXL_SHIFT) | SD;
constexpr uint64_t kSstatusWritable = SIE | SPIE | SPP | FS | SUM | MXR;
constexpr uint64_t kXlen64Fields = (2ull << UXL_SHIFT) | (2ull << SXL_SHIFT);

// Exceptions S-mode may handle: everything but ecall from M (11) and the
// hypervisor causes, as on QEMU.
constexpr uint64_t kDelegableExceptions = 0xb3ff;
constexpr uint64_t kSupervisorInterrupts = (1ull << irq::SSI) | (1ull << irq::STI) | (1ull << irq::SEI);
constexpr uint64_t kAllInterrupts =
    kSupervisorInterrupts | (1ull << irq::MSI) | (1ull << irq::MTI) | (1ull << irq::MEI);
// mip bits software may write in M-mode; MSIP/MTIP/MEIP come from devices.
constexpr uint64_t kMipWritable = kSupervisorInterrupts;
constexpr uint64_t kEnvcfgWritable = 1;  // FIOM; no Zicbom/Svpbmt/Sstc

uint64_t with_sd(uint64_t status) {
  const bool dirty = (status & FS) == FS;
  return dirty ? (status | SD) : (status & ~SD);
}

bool counter_enabled(const Hart& h, unsigned index) {
  const HartState& s = h.s;
  if (s.priv == PrivilegeMode::Machine) return true;
  if (!((s.mcounteren >> index) & 1)) return false;
  if (s.priv == PrivilegeMode::User && !((s.scounteren >> index) & 1)) return false;
  return true;
}

void write_tvec(uint64_t& tvec, uint64_t value) {
  if ((value & 3) < 2) tvec = value;  // modes 2 and 3 are reserved: keep the old value, as QEMU does
}

void write_mstatus(Hart& h, uint64_t value) {
  HartState& s = h.s;
  const uint64_t old = s.mstatus;
  uint64_t next = (old & ~kMstatusWritable) | (value & kMstatusWritable);
  if (((next & MPP) >> MPP_SHIFT) == 2) next = (next & ~MPP) | (old & MPP);  // MPP=2 (H) does not exist
  s.mstatus = with_sd(next | kXlen64Fields);
  const uint64_t translation_bits = MPRV | MPP | SUM | MXR;
  const bool translation_changed = ((old ^ s.mstatus) & translation_bits) != 0;
  if (translation_changed) h.on_translation_change(((old ^ s.mstatus) & MXR) != 0);
  // End the block when the data-translation mode changed (translated code
  // bakes it in) or an enabled interrupt is pending (new global enables may
  // let it in). Otherwise nothing can be taken now, and whatever makes an
  // interrupt pending later ends the block itself: kernels toggle SIE around
  // every lock, and each break costs a trip through the run loop.
  if (translation_changed || (h.mip() & s.mie) != 0) h.request_break();
}

void write_sstatus(Hart& h, uint64_t value) {
  write_mstatus(h, (h.s.mstatus & ~kSstatusWritable) | (value & kSstatusWritable));
}

}  // namespace

uint64_t reset_misa() { return kMxl64 | kMisaExtensions; }

bool csr_read(Hart& h, uint16_t number, uint64_t& value) {
  HartState& s = h.s;
  const unsigned required = (number >> 8) & 3;
  if (static_cast<unsigned>(s.priv) < required) return false;

  if (number >= csr::hpmcounter3 && number <= csr::hpmcounter31) {
    if (!counter_enabled(h, number - csr::cycle)) return false;
    value = 0;
    return true;
  }
  if (number >= csr::mhpmcounter3 && number <= csr::mhpmcounter31) return value = 0, true;
  if (triggers::read(s, number, value)) return true;
  if (number >= csr::mhpmevent3 && number <= csr::mhpmevent31) return value = 0, true;
  if (number >= csr::pmpcfg0 && number <= csr::pmpcfg15) {
    const unsigned index = number - csr::pmpcfg0;
    if (index & 1 || index > 2) return false;
    value = mmu::pmpcfg_read(s, index);
    return true;
  }
  if (number >= csr::pmpaddr0 && number <= csr::pmpaddr63) {
    const unsigned index = number - csr::pmpaddr0;
    if (index >= mmu::kPmpEntries) return false;
    value = s.pmpaddr[index];
    return true;
  }

  switch (number) {
    case csr::fflags:
      if (!fp_enabled(s)) return false;
      value = s.fflags;
      return true;
    case csr::frm:
      if (!fp_enabled(s)) return false;
      value = s.frm;
      return true;
    case csr::fcsr:
      if (!fp_enabled(s)) return false;
      value = static_cast<uint64_t>(s.frm) << 5 | s.fflags;
      return true;
    case csr::cycle:
      if (!counter_enabled(h, 0)) return false;
      value = h.cycle();
      return true;
    case csr::time:
      if (!counter_enabled(h, 1)) return false;
      value = h.mtime();
      return true;
    case csr::instret:
      if (!counter_enabled(h, 2)) return false;
      value = s.retired + s.instret_offset;
      return true;
    case csr::sstatus: value = s.mstatus & kSstatusVisible; return true;
    case csr::sie: value = s.mie & s.mideleg; return true;
    case csr::stvec: value = s.stvec; return true;
    case csr::scounteren: value = s.scounteren; return true;
    case csr::senvcfg: value = s.senvcfg; return true;
    case csr::sscratch: value = s.sscratch; return true;
    case csr::sepc: value = s.sepc; return true;
    case csr::scause: value = s.scause; return true;
    case csr::stval: value = s.stval; return true;
    case csr::sip: value = h.mip() & s.mideleg; return true;
    case csr::satp:
      if (s.priv == PrivilegeMode::Supervisor && (s.mstatus & TVM)) return false;
      value = s.satp;
      return true;
    case csr::mvendorid:
    case csr::marchid:
    case csr::mimpid:
    case csr::mconfigptr: value = 0; return true;
    case csr::mhartid: value = s.hart_id; return true;
    case csr::mstatus: value = s.mstatus; return true;
    case csr::misa: value = s.misa; return true;
    case csr::medeleg: value = s.medeleg; return true;
    case csr::mideleg: value = s.mideleg; return true;
    case csr::mie: value = s.mie; return true;
    case csr::mtvec: value = s.mtvec; return true;
    case csr::mcounteren: value = s.mcounteren; return true;
    case csr::menvcfg: value = s.menvcfg; return true;
    case csr::mcountinhibit: value = 0; return true;
    case csr::mscratch: value = s.mscratch; return true;
    case csr::mepc: value = s.mepc; return true;
    case csr::mcause: value = s.mcause; return true;
    case csr::mtval: value = s.mtval; return true;
    case csr::mip: value = h.mip(); return true;
    case csr::mcycle: value = h.cycle(); return true;
    case csr::minstret: value = s.retired + s.instret_offset; return true;
    default: return aia_csr_read(h, number, value);
  }
}

uint64_t csr_modify_base(const Hart& h, uint16_t number, uint64_t read_value) {
  if (number != csr::mip) return read_value;
  constexpr uint64_t seip = 1ull << irq::SEI;
  return (read_value & ~seip) | (h.s.mip & seip);
}

bool csr_write(Hart& h, uint16_t number, uint64_t value) {
  HartState& s = h.s;
  if ((number >> 10) == 3) return false;  // read-only range
  uint64_t ignored;
  if (!csr_read(h, number, ignored)) return false;

  if ((number >= csr::mhpmcounter3 && number <= csr::mhpmcounter31) ||
      (number >= csr::mhpmevent3 && number <= csr::mhpmevent31)) {
    return true;  // hardwired to zero
  }
  if (bool changed = false; triggers::write(s, number, value, changed)) {
    if (changed) h.note_triggers_changed();
    return true;
  }
  if (number >= triggers::number::tselect && number <= triggers::number::tinfo) return false;  // tinfo
  if (number >= csr::pmpcfg0 && number <= csr::pmpcfg15) {
    mmu::pmpcfg_write(s, number - csr::pmpcfg0, value);
    h.flush_all_translations();
    return true;
  }
  if (number >= csr::pmpaddr0 && number <= csr::pmpaddr63) {
    mmu::pmpaddr_write(s, number - csr::pmpaddr0, value);
    h.flush_all_translations();
    return true;
  }

  switch (number) {
    case csr::fflags: s.fflags = value & 0x1f; mark_fp_dirty(s); return true;
    case csr::frm: s.frm = value & 7; mark_fp_dirty(s); return true;
    case csr::fcsr:
      s.fflags = value & 0x1f;
      s.frm = (value >> 5) & 7;
      mark_fp_dirty(s);
      return true;
    case csr::sstatus: write_sstatus(h, value); return true;
    case csr::sie:
      s.mie = (s.mie & ~s.mideleg) | (value & s.mideleg & kSupervisorInterrupts);
      h.request_break();
      return true;
    case csr::stvec: write_tvec(s.stvec, value); return true;
    case csr::scounteren: s.scounteren = value & 0xffffffff; return true;
    case csr::senvcfg: s.senvcfg = value & kEnvcfgWritable; return true;
    case csr::sscratch: s.sscratch = value; return true;
    case csr::sepc: s.sepc = value & ~1ull; return true;
    case csr::scause: s.scause = value; return true;
    case csr::stval: s.stval = value; return true;
    case csr::sip: {
      const uint64_t writable = s.mideleg & (1ull << irq::SSI);
      s.mip = (s.mip & ~writable) | (value & writable);
      h.request_break();
      return true;
    }
    case csr::satp: {
      const uint64_t next = mmu::satp_write(s.satp, value);
      if (next != s.satp) {
        s.satp = next;
        h.flush_all_translations();
      }
      return true;
    }
    case csr::mstatus: write_mstatus(h, value); return true;
    case csr::misa: return true;  // WARL, not writable: extensions cannot be switched off
    case csr::medeleg: s.medeleg = value & kDelegableExceptions; return true;
    case csr::mideleg:
      s.mideleg = value & kSupervisorInterrupts;
      h.request_break();
      return true;
    case csr::mie:
      s.mie = value & kAllInterrupts;
      h.request_break();
      return true;
    case csr::mtvec: write_tvec(s.mtvec, value); return true;
    case csr::mcounteren: s.mcounteren = value & 0xffffffff; return true;
    case csr::menvcfg: s.menvcfg = value & kEnvcfgWritable; return true;
    case csr::mcountinhibit: return true;  // counters always count: all bits read-only zero
    case csr::mscratch: s.mscratch = value; return true;
    case csr::mepc: s.mepc = value & ~1ull; return true;
    case csr::mcause: s.mcause = value; return true;
    case csr::mtval: s.mtval = value; return true;
    case csr::mip:
      s.mip = (s.mip & ~kMipWritable) | (value & kMipWritable);
      h.request_break();
      return true;
    // A counter written by an instruction takes the new value and that
    // instruction does not count: retirement adds one after this write.
    case csr::mcycle: s.cycle_offset = value - h.cycle() - 1; return true;
    case csr::minstret: s.instret_offset = value - s.retired - 1; return true;
    default: return aia_csr_write(h, number, value);
  }
}

}  // namespace loom::cpu
