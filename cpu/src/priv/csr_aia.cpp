#include "priv/csr_aia.h"

#include "core/hart.h"
#include "devices/imsic.h"
#include "loom/cpu/hart_state.h"
#include "priv/csr_numbers.h"

namespace loom::cpu {
namespace {

// *iselect is WARL over 0..0x1ff (no Smcsrind), as QEMU keeps it.
constexpr uint64_t kIselectMask = 0x1ff;
// The major-interrupt priority arrays (iprio0-15 at 0x30-0x3f): all
// read-only zeros, which the AIA allows (every major interrupt keeps its
// default priority; Linux does not use them). RV64: even numbers only.
constexpr unsigned kIprioFirst = 0x30, kIprioLast = 0x3f;

// The AIA's default priority order of the major interrupts a hart here
// can raise (AIA spec, "Defined major interrupts and default priorities").
constexpr unsigned kDefaultOrder[] = {irq::MEI, irq::MSI, irq::MTI, irq::SEI, irq::SSI, irq::STI};

// *topi for the interrupts in `candidates`: (IID << 16) | IPRIO of the
// highest-priority one, or 0. With every iprio zero the AIA allows IPRIO
// to be 1 whenever the value is not zero.
uint64_t top_interrupt(uint64_t candidates) {
  for (unsigned id : kDefaultOrder) {
    if (candidates >> id & 1) return uint64_t{id} << 16 | 1;
  }
  return 0;
}

bool iprio_register(unsigned select) { return select >= kIprioFirst && select <= kIprioLast; }

struct Level {
  InterruptFile* file;
  uint64_t* select;
};

bool level_of(Hart& h, uint16_t number, Level& level) {
  switch (number) {
    case csr::miselect: case csr::mireg: case csr::mtopei:
      level = {h.interrupt_file(true), &h.s.miselect};
      return level.file != nullptr;
    case csr::siselect: case csr::sireg: case csr::stopei:
      level = {h.interrupt_file(false), &h.s.siselect};
      return level.file != nullptr;
    default: return false;
  }
}

}  // namespace

bool aia_csr_read(Hart& h, uint16_t number, uint64_t& value) {
  const HartState& s = h.s;
  if (number == csr::mtopi || number == csr::stopi) {
    if (!h.interrupt_file(true)) return false;
    const uint64_t pending = h.mip() & s.mie;
    value = top_interrupt(number == csr::mtopi ? pending & ~s.mideleg : pending & s.mideleg);
    return true;
  }
  Level level{};
  if (!level_of(h, number, level)) return false;
  switch (number) {
    case csr::miselect: case csr::siselect: value = *level.select; return true;
    case csr::mireg: case csr::sireg: {
      const auto select = static_cast<unsigned>(*level.select);
      if (iprio_register(select)) return select % 2 == 0 ? (value = 0, true) : false;
      return level.file->read(select, value);
    }
    default: value = level.file->topei(); return true;  // *topei
  }
}

bool aia_csr_write(Hart& h, uint16_t number, uint64_t value) {
  Level level{};
  if (!level_of(h, number, level)) return false;
  switch (number) {
    case csr::miselect: case csr::siselect: *level.select = value & kIselectMask; return true;
    case csr::mireg: case csr::sireg: {
      const auto select = static_cast<unsigned>(*level.select);
      if (iprio_register(select)) return select % 2 == 0;  // read-only zeros
      if (!level.file->write(select, value)) return false;
      break;
    }
    default: level.file->claim_top(); break;  // *topei: the value is ignored
  }
  h.request_break();  // the external interrupt line may have changed
  return true;
}

}  // namespace loom::cpu
