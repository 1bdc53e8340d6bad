#include "mmu/pmp.h"

namespace loom::cpu::mmu {
namespace {

constexpr uint64_t kPmpAddrMask = (1ull << kPmpAddrBits) - 1;
// pmpcfg bits 6:5 are WARL and read as zero on this hart.
constexpr uint8_t kCfgWritableBits = pmpcfg::L | pmpcfg::A | pmpcfg::X | pmpcfg::W | pmpcfg::R;

uint8_t address_mode(uint8_t cfg) { return (cfg & pmpcfg::A) >> pmpcfg::A_SHIFT; }

bool is_locked(uint8_t cfg) { return (cfg & pmpcfg::L) != 0; }

uint8_t permission_bit(AccessType access) {
  switch (access) {
    case AccessType::Read: return pmpcfg::R;
    case AccessType::Write: return pmpcfg::W;
    case AccessType::Execute: return pmpcfg::X;
  }
  return 0;
}

// Half-open byte range [begin, end) an entry covers; begin >= end covers
// nothing (OFF, or TOR with pmpaddr[i-1] >= pmpaddr[i]). pmpaddr holds only
// 54 bits, so every bound is at most 2^57 and nothing here overflows.
struct Range {
  uint64_t begin = 0;
  uint64_t end = 0;
};

Range entry_range(const HartState& state, unsigned index) {
  // Masked again here because snapshots or tests may fill HartState directly.
  const uint64_t address = state.pmpaddr[index] & kPmpAddrMask;
  switch (address_mode(state.pmpcfg[index])) {
    case pmpcfg::A_TOR: {
      const uint64_t below = index == 0 ? 0 : (state.pmpaddr[index - 1] & kPmpAddrMask);
      return {below << 2, address << 2};
    }
    case pmpcfg::A_NA4:
      return {address << 2, (address << 2) + 4};
    case pmpcfg::A_NAPOT: {
      // pmpaddr = base | (2^k - 1) encodes a 2^(k+3)-byte region. Bit 54 of
      // ~address is always set, so k <= 54 and the size fits in 64 bits.
      const unsigned trailing_ones = static_cast<unsigned>(__builtin_ctzll(~address));
      const uint64_t size = 8ull << trailing_ones;
      const uint64_t begin = (address << 2) & ~(size - 1);
      return {begin, begin + size};
    }
    default:
      return {};
  }
}

enum class Overlap { None, Partial, Full };

// `last` is inclusive so that a range ending at 2^64 - 1 needs no wrap care.
Overlap overlap(const Range& range, uint64_t first, uint64_t last) {
  if (range.begin >= range.end || last < range.begin || first >= range.end) return Overlap::None;
  if (first >= range.begin && last < range.end) return Overlap::Full;
  return Overlap::Partial;
}

uint64_t last_byte(uint64_t address, uint64_t size) {
  const uint64_t span = size == 0 ? 0 : size - 1;
  return address > UINT64_MAX - span ? UINT64_MAX : address + span;
}

// R=0, W=1 is a reserved encoding of the collective WARL field R/W/X; it is
// legalized by dropping W (as Spike does), so reads never return it.
uint8_t legalize_cfg(uint8_t cfg) {
  cfg &= kCfgWritableBits;
  if ((cfg & pmpcfg::W) && !(cfg & pmpcfg::R)) cfg &= static_cast<uint8_t>(~pmpcfg::W);
  return cfg;
}

bool is_cfg_csr(unsigned csr_index) { return csr_index == 0 || csr_index == 2; }

}  // namespace

bool pmp_allows(const HartState& state, uint64_t address, uint64_t size, AccessType access, PrivilegeMode priv) {
  const uint64_t last = last_byte(address, size);
  for (unsigned i = 0; i < kPmpEntries; ++i) {
    const uint8_t cfg = state.pmpcfg[i];
    if (address_mode(cfg) == pmpcfg::A_OFF) continue;
    switch (overlap(entry_range(state, i), address, last)) {
      case Overlap::None:
        continue;
      case Overlap::Partial:
        return false;
      case Overlap::Full:
        if (priv == PrivilegeMode::Machine && !is_locked(cfg)) return true;
        return (cfg & permission_bit(access)) != 0;
    }
  }
  return priv == PrivilegeMode::Machine;
}

bool pmp_uniform(const HartState& state, uint64_t base, uint64_t size, AccessType /*access*/,
                 PrivilegeMode /*priv*/) {
  if (size == 0) return true;
  const uint64_t last = last_byte(base, size);
  // The first entry touching the range decides for every access inside it
  // only if it covers the whole range; otherwise an access may match it, a
  // later entry, the default, or straddle a boundary (partial match).
  for (unsigned i = 0; i < kPmpEntries; ++i) {
    if (address_mode(state.pmpcfg[i]) == pmpcfg::A_OFF) continue;
    switch (overlap(entry_range(state, i), base, last)) {
      case Overlap::None:
        continue;
      case Overlap::Partial:
        return false;
      case Overlap::Full:
        return true;
    }
  }
  return true;
}

void pmpcfg_write(HartState& state, unsigned csr_index, uint64_t value) {
  if (!is_cfg_csr(csr_index)) return;
  const unsigned first_entry = csr_index * 4;  // pmpcfg2 holds entries 8..15
  for (unsigned k = 0; k < 8; ++k) {
    uint8_t& cfg = state.pmpcfg[first_entry + k];
    if (is_locked(cfg)) continue;
    cfg = legalize_cfg(static_cast<uint8_t>(value >> (8 * k)));
  }
}

uint64_t pmpcfg_read(const HartState& state, unsigned csr_index) {
  if (!is_cfg_csr(csr_index)) return 0;
  const unsigned first_entry = csr_index * 4;
  uint64_t value = 0;
  for (unsigned k = 0; k < 8; ++k) value |= uint64_t{state.pmpcfg[first_entry + k]} << (8 * k);
  return value;
}

void pmpaddr_write(HartState& state, unsigned index, uint64_t value) {
  if (index >= kPmpEntries) return;
  if (is_locked(state.pmpcfg[index])) return;
  // A locked TOR entry also freezes its lower bound, pmpaddr[i-1].
  if (index + 1 < kPmpEntries) {
    const uint8_t next = state.pmpcfg[index + 1];
    if (is_locked(next) && address_mode(next) == pmpcfg::A_TOR) return;
  }
  state.pmpaddr[index] = value & kPmpAddrMask;
}

}  // namespace loom::cpu::mmu
