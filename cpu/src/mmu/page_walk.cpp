#include "mmu/page_walk.h"

#include <cstring>

#include "mmu/pmp.h"

namespace loom::cpu::mmu {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "PTEs in host RAM are read as little-endian words");

constexpr unsigned kPageShift = 12;
constexpr unsigned kVpnBits = 9;
constexpr uint64_t kVpnMask = (1u << kVpnBits) - 1;
constexpr unsigned kPteBytes = 8;
// Each retry means the PTE changed between our read and our A/D update. A
// guest cannot make that happen forever, but a page table placed in a device
// that returns a new value on every read could; give up with an access fault
// rather than hang the hart.
constexpr unsigned kMaxWalkAttempts = 64;

struct Scheme {
  unsigned levels;
  unsigned va_bits;
};

// False for Bare. Other modes cannot be in satp (satp_write drops them); if
// one is poked in directly, treating it as Bare is the harmless choice.
bool scheme_for(uint64_t satp_value, Scheme& scheme) {
  switch (satp_value >> satp::MODE_SHIFT) {
    case satp::MODE_SV39: scheme = {3, 39}; return true;
    case satp::MODE_SV48: scheme = {4, 48}; return true;
    default: return false;
  }
}

Exception page_fault(AccessType access) {
  switch (access) {
    case AccessType::Read: return Exception::LoadPageFault;
    case AccessType::Write: return Exception::StorePageFault;
    case AccessType::Execute: return Exception::InstructionPageFault;
  }
  return Exception::LoadPageFault;
}

Exception access_fault(AccessType access) {
  switch (access) {
    case AccessType::Read: return Exception::LoadAccessFault;
    case AccessType::Write: return Exception::StoreAccessFault;
    case AccessType::Execute: return Exception::InstructionAccessFault;
  }
  return Exception::LoadAccessFault;
}

Translation failed(Exception fault) {
  Translation t;
  t.fault = fault;
  return t;
}

Translation identity(uint64_t address) {
  Translation t;
  t.ok = true;
  t.physical = address;
  t.page_size = kPageSize;  // the caller caches per page, so hand it a page
  t.writable = true;
  return t;
}

// Bits 63:va_bits must all equal bit va_bits-1.
bool is_canonical(uint64_t vaddr, unsigned va_bits) {
  const unsigned unused = 64 - va_bits;
  return static_cast<uint64_t>(static_cast<int64_t>(vaddr << unused) >> unused) == vaddr;
}

// U-bit rules (spec 4.3.1): U-mode reaches only U pages; S-mode never
// executes from them and touches their data only with mstatus.SUM.
bool user_bit_permits(uint64_t entry, AccessType access, PrivilegeMode priv, uint64_t mstatus_value) {
  if (entry & pte::U) {
    if (priv == PrivilegeMode::User) return true;
    return access != AccessType::Execute && (mstatus_value & mstatus::SUM) != 0;
  }
  return priv != PrivilegeMode::User;
}

// MXR lets loads read execute-only pages; it never grants anything else.
bool rwx_permits(uint64_t entry, AccessType access, uint64_t mstatus_value) {
  switch (access) {
    case AccessType::Read: return (entry & pte::R) || ((mstatus_value & mstatus::MXR) && (entry & pte::X));
    case AccessType::Write: return (entry & pte::W) != 0;
    case AccessType::Execute: return (entry & pte::X) != 0;
  }
  return false;
}

enum class PteUpdate { Written, Changed, AccessFault };

// Writes `desired` only if the PTE still holds `expected` (spec 4.3.2 step 7).
// In plain RAM that is a host compare-and-swap, atomic against other harts'
// walkers and stores; elsewhere (devices, watched RAM) the Bus has no atomic
// operation and a read-check-write through it is the best available.
PteUpdate update_pte(Bus& bus, const AccessContext& ctx, uint64_t address, uint64_t expected, uint64_t desired) {
  if (bus.page_is_plain_ram(address, kPteBytes, /*for_write=*/true)) {
    uint8_t* host = bus.ram_pointer(address, kPteBytes);
    if (reinterpret_cast<uintptr_t>(host) % alignof(uint64_t) == 0) {
      auto* word = reinterpret_cast<uint64_t*>(host);
      const bool swapped =
          __atomic_compare_exchange_n(word, &expected, desired, /*weak=*/false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
      return swapped ? PteUpdate::Written : PteUpdate::Changed;
    }
  }
  uint64_t current = 0;
  if (!bus.read(ctx, address, kPteBytes, current)) return PteUpdate::AccessFault;
  if (current != expected) return PteUpdate::Changed;
  return bus.write(ctx, address, kPteBytes, desired) ? PteUpdate::Written : PteUpdate::AccessFault;
}

struct WalkRequest {
  const HartState& state;
  Bus& bus;
  const AccessContext& ctx;
  uint64_t vaddr;
  AccessType access;
  PrivilegeMode priv;
  Scheme scheme;
  bool inspect_only = false;  // a debugger's look: RAM-only reads, no A/D, no permission checks
};

enum class WalkOutcome { Done, Retry };

// Steps 5-8 of the spec's walk for a leaf found at `level`.
WalkOutcome finish_leaf(const WalkRequest& req, uint64_t entry, uint64_t entry_address, unsigned level,
                        Translation& out) {
  const uint64_t mstatus_value = req.state.mstatus;
  const bool permitted =
      user_bit_permits(entry, req.access, req.priv, mstatus_value) && rwx_permits(entry, req.access, mstatus_value);
  if (!permitted && !req.inspect_only) {
    out = failed(page_fault(req.access));
    return WalkOutcome::Done;
  }
  const uint64_t ppn = (entry & pte::PPN_MASK) >> pte::PPN_SHIFT;
  const uint64_t page_size = 1ull << (kPageShift + level * kVpnBits);
  if (ppn & ((page_size >> kPageShift) - 1)) {  // misaligned superpage
    out = failed(page_fault(req.access));
    return WalkOutcome::Done;
  }

  const uint64_t updated = entry | pte::A | (req.access == AccessType::Write ? pte::D : 0);
  if (updated != entry && !req.inspect_only) {
    if (!pmp_allows(req.state, entry_address, kPteBytes, AccessType::Write, PrivilegeMode::Supervisor)) {
      out = failed(access_fault(req.access));
      return WalkOutcome::Done;
    }
    switch (update_pte(req.bus, req.ctx, entry_address, entry, updated)) {
      case PteUpdate::Written: entry = updated; break;
      case PteUpdate::Changed: return WalkOutcome::Retry;
      case PteUpdate::AccessFault: out = failed(access_fault(req.access)); return WalkOutcome::Done;
    }
  }

  out = Translation{};
  out.ok = true;
  out.physical = (ppn << kPageShift) | (req.vaddr & (page_size - 1));
  out.page_size = page_size;
  out.writable = (entry & pte::W) && (entry & pte::D) &&
                 user_bit_permits(entry, AccessType::Write, req.priv, mstatus_value);
  return WalkOutcome::Done;
}

// One pass of the spec's walk (4.3.2 steps 1-4), from the root.
WalkOutcome walk_once(const WalkRequest& req, Translation& out) {
  uint64_t table = (req.state.satp & satp::PPN_MASK) << kPageShift;
  for (unsigned level = req.scheme.levels; level-- > 0;) {
    const uint64_t vpn = (req.vaddr >> (kPageShift + level * kVpnBits)) & kVpnMask;
    const uint64_t entry_address = table + vpn * kPteBytes;
    uint64_t entry = 0;
    if (req.inspect_only) {
      // Reading a page table in a device could change the device's state.
      const uint8_t* host = req.bus.ram_pointer(entry_address, kPteBytes);
      if (!host) {
        out = failed(access_fault(req.access));
        return WalkOutcome::Done;
      }
      std::memcpy(&entry, host, kPteBytes);
    } else if (!pmp_allows(req.state, entry_address, kPteBytes, AccessType::Read, PrivilegeMode::Supervisor) ||
               !req.bus.read(req.ctx, entry_address, kPteBytes, entry)) {
      out = failed(access_fault(req.access));
      return WalkOutcome::Done;
    }
    if (!(entry & pte::V) || (entry & pte::RESERVED) || ((entry & pte::W) && !(entry & pte::R))) break;
    if (entry & (pte::R | pte::X)) return finish_leaf(req, entry, entry_address, level, out);
    // A pointer. Its D, A and U bits are reserved for future use (spec 4.4.1)
    // and, like QEMU 7.2, we fault on them rather than ignore them.
    if (entry & (pte::D | pte::A | pte::U)) break;
    table = ((entry & pte::PPN_MASK) >> pte::PPN_SHIFT) << kPageShift;
  }
  // Invalid or reserved PTE, or a pointer at the last level.
  out = failed(page_fault(req.access));
  return WalkOutcome::Done;
}

}  // namespace

Translation translate(const HartState& state, Bus& bus, const AccessContext& ctx, uint64_t vaddr, AccessType access,
                      PrivilegeMode priv) {
  Scheme scheme{};
  if (priv == PrivilegeMode::Machine || !scheme_for(state.satp, scheme)) return identity(vaddr);
  if (!is_canonical(vaddr, scheme.va_bits)) return failed(page_fault(access));

  const WalkRequest req{state, bus, ctx, vaddr, access, priv, scheme};
  Translation result;
  for (unsigned attempt = 0; attempt < kMaxWalkAttempts; ++attempt) {
    if (walk_once(req, result) == WalkOutcome::Done) return result;
  }
  return failed(access_fault(access));
}

Translation inspect(const HartState& state, Bus& bus, uint64_t vaddr, PrivilegeMode priv) {
  Scheme scheme{};
  if (priv == PrivilegeMode::Machine || !scheme_for(state.satp, scheme)) return identity(vaddr);
  if (!is_canonical(vaddr, scheme.va_bits)) return failed(Exception::LoadPageFault);
  const AccessContext ctx{};
  WalkRequest req{state, bus, ctx, vaddr, AccessType::Read, priv, scheme};
  req.inspect_only = true;
  Translation result;
  walk_once(req, result);  // nothing is written, so there is nothing to retry
  return result;
}

uint64_t satp_write(uint64_t old_value, uint64_t written) {
  switch (written >> satp::MODE_SHIFT) {
    case satp::MODE_BARE:
    case satp::MODE_SV39:
    case satp::MODE_SV48:
      // MODE, the 16-bit ASID and the 44-bit PPN fill all 64 bits: nothing
      // else to mask. Bare with nonzero ASID/PPN is UNSPECIFIED; kept as
      // written, as QEMU does.
      return written;
    default:
      return old_value;
  }
}

}  // namespace loom::cpu::mmu
