// What a debugger reads and writes in a stopped hart: memory through the
// hart's translation or physical, CSRs without privilege checks, the
// privilege mode. Nothing here may change what the guest sees but the
// value written: no A/D bits, no device accesses, no traps.
#include <algorithm>
#include <cstring>

#include "core/hart.h"
#include "mmu/page_walk.h"
#include "priv/csr.h"
#include "priv/csr_numbers.h"

namespace loom::cpu {
namespace {

// The physical address of `address` for the debugger, or false.
bool debug_physical(const HartState& s, Bus& bus, uint64_t address, bool physical, uint64_t& out) {
  if (physical) {
    out = address;
    return true;
  }
  const mmu::Translation t = mmu::inspect(s, bus, address, s.priv);
  out = t.physical;
  return t.ok;
}

}  // namespace

uint64_t Hart::debug_read(uint64_t address, bool physical, uint8_t* data, uint64_t size) {
  uint64_t done = 0;
  while (done < size) {
    const uint64_t at = address + done;
    const uint64_t chunk = std::min(size - done, kPageSize - (at & ~kPageMask));
    uint64_t target;
    if (!debug_physical(s, bus_, at, physical, target)) break;
    const uint8_t* host = bus_.ram_pointer(target, chunk);
    if (!host) break;
    std::memcpy(data + done, host, chunk);
    done += chunk;
  }
  return done;
}

uint64_t Hart::debug_write(uint64_t address, bool physical, const uint8_t* data, uint64_t size) {
  uint64_t done = 0;
  while (done < size) {
    const uint64_t at = address + done;
    const uint64_t chunk = std::min(size - done, kPageSize - (at & ~kPageMask));
    uint64_t target;
    if (!debug_physical(s, bus_, at, physical, target)) break;
    uint8_t* host = bus_.writable_ram_pointer(target, chunk);
    if (!host) break;  // a device, ROM or nothing
    std::memcpy(host, data + done, chunk);
    bus_.note_written(target, chunk);  // decoded and translated code of those bytes goes
    done += chunk;
  }
  return done;
}

bool Hart::debug_read_csr(uint16_t number, uint64_t& value) {
  switch (number) {  // readable whatever mstatus.FS says
    case csr::fflags: value = s.fflags; return true;
    case csr::frm: value = s.frm; return true;
    case csr::fcsr: value = static_cast<uint64_t>(s.frm) << 5 | s.fflags; return true;
    default: break;
  }
  const PrivilegeMode priv = s.priv;
  s.priv = PrivilegeMode::Machine;  // M-mode reaches every CSR, counters included
  const bool ok = csr_read(*this, number, value);
  s.priv = priv;
  return ok;
}

bool Hart::debug_write_csr(uint16_t number, uint64_t value) {
  switch (number) {
    case csr::fflags: s.fflags = value & 0x1f; return true;
    case csr::frm: s.frm = value & 7; return true;
    case csr::fcsr:
      s.fflags = value & 0x1f;
      s.frm = (value >> 5) & 7;
      return true;
    default: break;
  }
  const PrivilegeMode priv = s.priv;
  s.priv = PrivilegeMode::Machine;
  const bool ok = csr_write(*this, number, value);
  s.priv = priv;
  if (!ok) return false;
  // An instruction's counter write leaves room for its own retirement; the
  // debugger's retires nothing.
  if (number == csr::mcycle) ++s.cycle_offset;
  if (number == csr::minstret) ++s.instret_offset;
  // The write was made as M-mode: the data context follows the real mode.
  on_translation_change(false);
  return true;
}

void Hart::debug_set_privilege(PrivilegeMode mode) {
  if (mode == s.priv) return;
  s.priv = mode;
  flush_all_translations();
}

}  // namespace loom::cpu
