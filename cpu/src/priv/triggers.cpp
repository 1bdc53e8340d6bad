#include "priv/triggers.h"

namespace loom::cpu::triggers {
namespace {

// tdata1 fields shared by mcontrol (type 2) and mcontrol6 (type 6).
constexpr unsigned kTypeShift = 60;
constexpr uint64_t kLoad = 1u << 0, kStore = 1u << 1, kExecute = 1u << 2;
constexpr uint64_t kU = 1u << 3, kS = 1u << 4, kM = 1u << 6;
constexpr unsigned kMatchShift = 7;
constexpr uint64_t kMatch = 0xfull << kMatchShift;
// mcontrol's maskmax: the largest NAPOT range is 2^63 bytes (read-only).
constexpr uint64_t kMaskmax = 63ull << 53;

constexpr uint64_t kTypeMcontrol = 2, kTypeMcontrol6 = 6, kTypeDisabled = 15;
enum MatchKind : uint64_t { kEqual = 0, kNapot = 1, kAtLeast = 2, kBelow = 3 };

uint64_t type_of(uint64_t tdata1) { return tdata1 >> kTypeShift; }

// WARL: a type this module has, the enables and mode bits, a match kind it
// implements; everything else (dmode, select, timing, sizes, action,
// chain, hit) reads as 0.
uint64_t legalize(uint64_t value) {
  const uint64_t type = type_of(value);
  if (type != kTypeMcontrol && type != kTypeMcontrol6) return kTypeDisabled << kTypeShift;
  uint64_t match = (value & kMatch) >> kMatchShift;
  if (match > kBelow) match = kEqual;
  uint64_t legal = type << kTypeShift | match << kMatchShift | (value & (kLoad | kStore | kExecute | kU | kS | kM));
  if (type == kTypeMcontrol) legal |= kMaskmax;
  return legal;
}

bool mode_enabled(uint64_t tdata1, PrivilegeMode mode) {
  switch (mode) {
    case PrivilegeMode::Machine: return (tdata1 & kM) != 0;
    case PrivilegeMode::Supervisor: return (tdata1 & kS) != 0;
    case PrivilegeMode::User: return (tdata1 & kU) != 0;
  }
  return false;
}

uint64_t access_bit(Access access) {
  switch (access) {
    case Access::Execute: return kExecute;
    case Access::Load: return kLoad;
    case Access::Store: return kStore;
  }
  return 0;
}

bool enabled_for(const HartState& s, unsigned i, Access access) {
  const uint64_t type = type_of(s.tdata1[i]);
  return (type == kTypeMcontrol || type == kTypeMcontrol6) && (s.tdata1[i] & access_bit(access)) != 0;
}

}  // namespace

void reset(HartState& s) {
  s.tselect = 0;
  for (unsigned i = 0; i < HartState::kTriggers; ++i) {
    s.tdata1[i] = kTypeMcontrol << kTypeShift | kMaskmax;
    s.tdata2[i] = 0;
  }
}

bool read(const HartState& s, uint16_t csr, uint64_t& value) {
  switch (csr) {
    case number::tselect: value = s.tselect; return true;
    case number::tdata1: value = s.tdata1[s.tselect]; return true;
    case number::tdata2: value = s.tdata2[s.tselect]; return true;
    case number::tdata3: value = 0; return true;  // no textra matching
    // Types 2, 6 and 15 (disabled); version 1: the ratified 1.0 spec.
    case number::tinfo: value = 1ull << 24 | 1u << kTypeDisabled | 1u << kTypeMcontrol6 | 1u << kTypeMcontrol; return true;
    default: return false;
  }
}

bool write(HartState& s, uint16_t csr, uint64_t value, bool& changed) {
  changed = false;
  switch (csr) {
    case number::tselect:
      // An index past the last trigger is ignored: a debugger finds how
      // many there are by writing and reading back.
      if (value < HartState::kTriggers) s.tselect = value;
      return true;
    case number::tdata1:
      changed = legalize(value) != s.tdata1[s.tselect];
      s.tdata1[s.tselect] = legalize(value);
      return true;
    case number::tdata2:
      changed = value != s.tdata2[s.tselect];
      s.tdata2[s.tselect] = value;
      return true;
    case number::tdata3: return true;
    case number::tinfo: return false;  // read-only
    default: return false;
  }
}

bool range(const HartState& s, unsigned i, Access access, uint64_t& low, uint64_t& high) {
  if (!enabled_for(s, i, access) || !(s.tdata1[i] & (kM | kS | kU))) return false;
  const uint64_t value = s.tdata2[i];
  switch ((s.tdata1[i] & kMatch) >> kMatchShift) {
    case kEqual: low = high = value; return true;
    case kNapot: {
      // The trailing ones of tdata2 give the size: M ones, a 2^(M+1)-byte range.
      const uint64_t ones = value & ~(value + 1);
      const uint64_t mask = ones << 1 | 1;
      low = value & ~mask;
      high = low | mask;
      return true;
    }
    case kAtLeast: low = value, high = ~0ull; return true;
    case kBelow:
      if (value == 0) return false;
      low = 0, high = value - 1;
      return true;
  }
  return false;
}

bool fires(const HartState& s, Access access, uint64_t address, uint64_t size) {
  for (unsigned i = 0; i < HartState::kTriggers; ++i) {
    uint64_t low, high;
    if (!mode_enabled(s.tdata1[i], s.priv) || !range(s, i, access, low, high)) continue;
    // Any byte of the access: a watchpoint on a variable sees a wider
    // access that covers it.
    const uint64_t last = address + (size ? size - 1 : 0);
    if (address <= high && low <= last) return true;
  }
  return false;
}

}  // namespace loom::cpu::triggers
