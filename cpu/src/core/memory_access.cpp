// The hart's slow memory paths: TLB misses, page walks, PMP, MMIO, accesses
// that cross a page, and filling the TLB so that the next access is fast.
//
// Misaligned plain loads and stores are performed, not trapped (as QEMU
// does); one that crosses a page translates both pages before touching
// memory, so a fault on the second page leaves nothing half-written.
// Devices see naturally aligned accesses: the bus turns a misaligned device
// access into aligned words with byte enables.
#include <cstring>

#include "core/hart.h"

#include "core/debug_points.h"
#include "priv/triggers.h"
#include "engine/audit_tape.h"
#include "mmu/page_walk.h"
#include "mmu/pmp.h"

namespace loom::cpu {
namespace {

Exception access_fault(AccessType access) {
  switch (access) {
    case AccessType::Read: return Exception::LoadAccessFault;
    case AccessType::Write: return Exception::StoreAccessFault;
    case AccessType::Execute: return Exception::InstructionAccessFault;
  }
  return Exception::LoadAccessFault;
}

}  // namespace

void Hart::log_ram_write(uint8_t* host, unsigned size) { tape_->log_write(host, size); }

bool Hart::bus_read(const AccessContext& ctx, uint64_t physical, unsigned size, uint64_t& value) {
  if (tape_ && tape_->mode == AuditTape::Mode::Replay) {
    const AuditTape::BusAccess* a = tape_->replay(false, physical, size, 0);
    if (!a) return false;
    value = a->value;
    if (ctx.delay_ps) *ctx.delay_ps = a->delay_ps;
    if (a->broke) request_break();
    return a->ok;
  }
  const bool broke_before = break_requested_;
  const bool ok = bus_.read(ctx, physical, size, value);
  if (tape_) {
    tape_->accesses.push_back({false, physical, size, value, ok, ctx.delay_ps ? *ctx.delay_ps : 0,
                               !broke_before && break_requested_});
  }
  return ok;
}

bool Hart::bus_write(const AccessContext& ctx, uint64_t physical, unsigned size, uint64_t value) {
  uint8_t* ram = bus_.writable_ram_pointer(physical, size);
  if (tape_ && tape_->mode == AuditTape::Mode::Replay) {
    const AuditTape::BusAccess* a = tape_->replay(true, physical, size, value);
    if (!a) return false;
    if (ram && a->ok) std::memcpy(ram, &value, size);  // RAM (e.g. tohost) without its watch
    if (ctx.delay_ps) *ctx.delay_ps = a->delay_ps;
    if (a->broke) request_break();
    return a->ok;
  }
  if (tape_ && ram) tape_->log_write(ram, size, true);
  const bool broke_before = break_requested_;
  const bool ok = bus_.write(ctx, physical, size, value);
  if (tape_) {
    tape_->accesses.push_back({true, physical, size, value, ok, ctx.delay_ps ? *ctx.delay_ps : 0,
                               !broke_before && break_requested_});
  }
  return ok;
}

bool Hart::translate(uint64_t vaddr, unsigned size, AccessType access, uint64_t& physical) {
  PrivilegeMode priv = s.priv;
  if (access != AccessType::Execute && s.priv == PrivilegeMode::Machine && (s.mstatus & mstatus::MPRV)) {
    priv = static_cast<PrivilegeMode>((s.mstatus & mstatus::MPP) >> mstatus::MPP_SHIFT);
  }
  const AccessContext ctx{time_ps(), s.hart_id};
  const mmu::Translation t = mmu::translate(s, bus_, ctx, vaddr, access, priv);
  if (!t.ok) {
    raise(t.fault, vaddr);
    return false;
  }
  physical = t.physical;
  if (!mmu::pmp_allows(s, physical, size, access, priv)) {
    raise(access_fault(access), vaddr);
    return false;
  }
  // Decoded code is derived from this page from now on: writes to it must
  // be seen (Bus::note_written drops what was derived).
  if (access == AccessType::Execute) bus_.mark_code_page(physical);

  if (access == AccessType::Execute && t.page_size > kPageSize) note_code_superpage(vaddr, t.page_size);
  // Cache the 4 KiB page if every access inside it is plain RAM with the
  // same PMP answer, and (for stores) D is already set.
  const uint64_t page = physical & kPageMask;
  const bool watched = access != AccessType::Execute && debug_points_ && debug_points_->has_data_checks() &&
                       debug_points_->page_watched(vaddr);
  const bool cacheable = !watched && (access != AccessType::Write || t.writable) &&
                         bus_.page_is_plain_ram(page, kPageSize, access == AccessType::Write) &&
                         mmu::pmp_uniform(s, page, kPageSize, access, priv);
  if (cacheable) {
    const unsigned context = access == AccessType::Execute ? fetch_context_ : data_context_;
    TlbEntry& e = tlb.lookup(context, access, vaddr);
    e.tag = vaddr & kPageMask;
    e.addend = reinterpret_cast<uint64_t>(bus_.ram_pointer(page, kPageSize)) - (vaddr & kPageMask);
    if (t.page_size > kPageSize) tlb_has_superpages_ = true;
  }
  return true;
}

bool Hart::load_slow(uint64_t vaddr, unsigned size, uint64_t& value) {
  if (__builtin_expect(data_triggers_, 0) && triggers::fires(s, triggers::Access::Load, vaddr, size)) {
    raise(Exception::Breakpoint, vaddr);
    return false;
  }
  const uint64_t offset = vaddr & ~kPageMask;
  if (offset + size > kPageSize) {  // crosses a page: two translations first
    const unsigned first = static_cast<unsigned>(kPageSize - offset);
    uint64_t p0, p1;
    if (!translate(vaddr, first, AccessType::Read, p0)) return false;
    if (!translate(vaddr + first, size - first, AccessType::Read, p1)) return false;
    const uint8_t* m0 = bus_.ram_pointer(p0, first);
    const uint8_t* m1 = bus_.ram_pointer(p1, size - first);
    if (!m0 || !m1) {
      raise(Exception::LoadAccessFault, vaddr);
      return false;
    }
    value = 0;
    std::memcpy(&value, m0, first);
    std::memcpy(reinterpret_cast<uint8_t*>(&value) + first, m1, size - first);
    check_watch(vaddr, size, false);
    return true;
  }
  uint64_t physical;
  if (!translate(vaddr, size, AccessType::Read, physical)) return false;
  if (const uint8_t* p = bus_.ram_pointer(physical, size)) {
    value = 0;
    std::memcpy(&value, p, size);
    check_watch(vaddr, size, false);
    return true;
  }
  uint64_t delay = 0;
  if (!bus_read(AccessContext{time_ps(), s.hart_id, &delay}, physical, size, value)) {
    raise(Exception::LoadAccessFault, vaddr);
    return false;
  }
  time_base_ps_ += delay;  // the device's annotated delay stalls the hart
  check_watch(vaddr, size, false);
  return true;
}

bool Hart::store_slow(uint64_t vaddr, unsigned size, uint64_t value) {
  if (__builtin_expect(data_triggers_, 0) && triggers::fires(s, triggers::Access::Store, vaddr, size)) {
    raise(Exception::Breakpoint, vaddr);
    return false;
  }
  const uint64_t offset = vaddr & ~kPageMask;
  if (offset + size > kPageSize) {
    const unsigned first = static_cast<unsigned>(kPageSize - offset);
    uint64_t p0, p1;
    if (!translate(vaddr, first, AccessType::Write, p0)) return false;
    if (!translate(vaddr + first, size - first, AccessType::Write, p1)) return false;
    uint8_t* m0 = bus_.writable_ram_pointer(p0, first);
    uint8_t* m1 = bus_.writable_ram_pointer(p1, size - first);
    if (!m0 || !m1) {
      raise(Exception::StoreAccessFault, vaddr);
      return false;
    }
    if (tape_) {
      log_ram_write(m0, first);
      log_ram_write(m1, size - first);
    }
    std::memcpy(m0, &value, first);
    std::memcpy(m1, reinterpret_cast<uint8_t*>(&value) + first, size - first);
    // Stores into code end the block only if translated code was dropped.
    const bool dropped_first = bus_.note_written(p0, first);
    if (bus_.note_written(p1, size - first) || dropped_first) request_break();
    check_watch(vaddr, size, true);
    return true;
  }
  uint64_t physical;
  if (!translate(vaddr, size, AccessType::Write, physical)) return false;
  uint8_t* ram = bus_.writable_ram_pointer(physical, size);
  if (ram && !bus_.page_has_write_watch(physical & kPageMask, kPageSize)) {
    if (tape_) log_ram_write(ram, size);
    std::memcpy(ram, &value, size);
    if (bus_.note_written(physical, size)) request_break();
    check_watch(vaddr, size, true);
    return true;
  }
  uint64_t delay = 0;
  if (!bus_write(AccessContext{time_ps(), s.hart_id, &delay}, physical, size, value)) {
    raise(Exception::StoreAccessFault, vaddr);
    return false;
  }
  time_base_ps_ += delay;
  // A device or watched RAM was written: it may have changed interrupt
  // lines or asked the machine to stop, so end the block here.
  request_break();
  check_watch(vaddr, size, true);
  return true;
}

void Hart::check_watch(uint64_t vaddr, uint64_t size, bool write) {
  if (__builtin_expect(debug_points_ == nullptr, 1) || !debug_points_->has_watchpoints()) return;
  const Watchpoint* w = debug_points_->watch_hit(vaddr, size, write);
  if (!w) return;
  // Reported once the instruction is done, at the pc after it. (The audit
  // engine runs an access twice: the break is requested both times.)
  if (!debug_hit_) debug_stop_ = DebugStop{DebugStop::Cause::Watchpoint, s.hart_id, 0, *w, vaddr};
  debug_hit_ = true;
  request_break();
}

bool Hart::translate_for_amo(uint64_t vaddr, unsigned size, uint64_t& physical) {
  if (__builtin_expect(data_triggers_, 0) && (triggers::fires(s, triggers::Access::Store, vaddr, size) ||
                                              triggers::fires(s, triggers::Access::Load, vaddr, size))) {
    raise(Exception::Breakpoint, vaddr);
    return false;
  }
  if (!translate(vaddr, size, AccessType::Write, physical)) return false;
  // An AMO also reads: PMP must grant R as well (page permissions already
  // require R for any writable page).
  PrivilegeMode priv = s.priv;
  if (s.priv == PrivilegeMode::Machine && (s.mstatus & mstatus::MPRV)) {
    priv = static_cast<PrivilegeMode>((s.mstatus & mstatus::MPP) >> mstatus::MPP_SHIFT);
  }
  if (!mmu::pmp_allows(s, physical, size, AccessType::Read, priv)) {
    raise(Exception::StoreAccessFault, vaddr);
    return false;
  }
  // An AMO reads and writes: a read or a write watchpoint sees it.
  check_watch(vaddr, size, true);
  check_watch(vaddr, size, false);
  return true;
}

bool Hart::physical_read(uint64_t vaddr, uint64_t physical, unsigned size, uint64_t& value) {
  if (!bus_read(AccessContext{time_ps(), s.hart_id}, physical, size, value)) {
    raise(Exception::StoreAccessFault, vaddr);
    return false;
  }
  return true;
}

bool Hart::physical_write(uint64_t vaddr, uint64_t physical, unsigned size, uint64_t value) {
  if (!bus_write(AccessContext{time_ps(), s.hart_id}, physical, size, value)) {
    raise(Exception::StoreAccessFault, vaddr);
    return false;
  }
  if (!bus_.page_is_plain_ram(physical & kPageMask, kPageSize, true)) request_break();
  return true;
}

}  // namespace loom::cpu
