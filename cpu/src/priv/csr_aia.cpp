#include "priv/csr_aia.h"

#include "core/hart.h"
#include "devices/imsic.h"
#include "engine/audit_tape.h"
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
  bool machine;
  uint64_t* select;
};

bool level_of(Hart& h, uint16_t number, Level& level) {
  switch (number) {
    case csr::miselect: case csr::mireg: case csr::mtopei:
      level = {h.interrupt_file(true), true, &h.s.miselect};
      return level.file != nullptr;
    case csr::siselect: case csr::sireg: case csr::stopei:
      level = {h.interrupt_file(false), false, &h.s.siselect};
      return level.file != nullptr;
    default: return false;
  }
}

// The interrupt files are devices to the audit engine (--engine audit): the
// reference run acts on them and records the answers on the tape, the JIT's
// run of the same block replays them, so a claim happens once and both runs
// read the same values. A tape entry is keyed apart from bus addresses.
enum class FileOp : uint64_t { Register = 0, Top = 1, Claim = 2 };
template <typename Act>
bool through_tape(Hart& h, bool machine_level, FileOp op, unsigned select, bool write, uint64_t& value, Act act) {
  AuditTape* tape = h.tape();
  if (!tape) return act(value);
  const uint64_t key = 1ull << 63 | uint64_t{machine_level} << 32 | static_cast<uint64_t>(op) << 16 | select;
  if (tape->mode == AuditTape::Mode::Replay) {
    const AuditTape::BusAccess* a = tape->replay(write, key, 0, write ? value : 0);
    if (!a) return false;
    if (!write) value = a->value;
    return a->ok;
  }
  const bool ok = act(value);
  tape->accesses.push_back({write, key, 0, value, ok, 0, false});
  return ok;
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
      return through_tape(h, level.machine, FileOp::Register, select, false, value,
                          [&](uint64_t& v) { return level.file->read(select, v); });
    }
    default:  // *topei
      return through_tape(h, level.machine, FileOp::Top, 0, false, value, [&](uint64_t& v) {
        v = level.file->topei();
        return true;
      });
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
      if (!through_tape(h, level.machine, FileOp::Register, select, true, value,
                        [&](uint64_t& v) { return level.file->write(select, v); })) {
        return false;
      }
      break;
    }
    default: {  // *topei: the value is ignored
      uint64_t ignored = 0;
      through_tape(h, level.machine, FileOp::Claim, 0, true, ignored, [&](uint64_t&) {
        level.file->claim_top();
        return true;
      });
      break;
    }
  }
  h.request_break();  // the external interrupt line may have changed
  return true;
}

}  // namespace loom::cpu
