#include "devices/clint.h"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>

#include "loom/cpu/hart_state.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {

namespace {

// Where an access lands inside one of the 64-bit registers (mtimecmp[h],
// mtime), which take naturally aligned 4- and 8-byte accesses.
struct RegisterPart {
  uint32_t index;        // hart for mtimecmp, 0 for mtime
  unsigned byte_offset;  // 0 or 4
};

std::optional<RegisterPart> locate_64bit_register(uint64_t offset, unsigned size, uint64_t base, uint32_t count) {
  if (offset < base || (offset - base) / 8 >= count) return std::nullopt;
  const auto index = static_cast<uint32_t>((offset - base) / 8);
  const auto byte_offset = static_cast<unsigned>((offset - base) % 8);
  const bool whole = size == 8 && byte_offset == 0;
  const bool half = size == 4 && (byte_offset == 0 || byte_offset == 4);
  if (!whole && !half) return std::nullopt;
  return RegisterPart{index, byte_offset};
}

uint64_t read_part(uint64_t reg, RegisterPart part, unsigned size) {
  return size == 8 ? reg : (reg >> (8 * part.byte_offset)) & 0xffffffffu;
}

uint64_t merge_part(uint64_t reg, RegisterPart part, unsigned size, uint64_t value) {
  if (size == 8) return value;
  const unsigned shift = 8 * part.byte_offset;
  const uint64_t mask = 0xffffffffull << shift;
  return (reg & ~mask) | ((value & 0xffffffffu) << shift);
}

}  // namespace

Clint::Clint(std::string name, uint32_t num_harts, InterruptSink& sink, uint64_t mtime_period_ps)
    : name_(std::move(name)), num_harts_(num_harts), sink_(sink), period_ps_(mtime_period_ps) {
  if (period_ps_ == 0) throw std::invalid_argument(fmt::format("{}: mtime period must be at least 1 ps", name_));
  if (num_harts_ == 0 || num_harts_ > clint_map::max_harts) {
    throw std::invalid_argument(
        fmt::format("{}: {} harts requested, the CLINT serves 1 to {}", name_, num_harts_, clint_map::max_harts));
  }
  // The spec leaves mtimecmp unknown at reset. QEMU never raises MTI before
  // software first writes mtimecmp; starting at the maximum gives the same
  // behaviour and no timer event until then.
  mtimecmp_.assign(num_harts_, never);
  msip_.assign(num_harts_, false);
  timer_line_.assign(num_harts_, false);
}

void Clint::reset(uint64_t now_ps) {
  mtime_offset_ = 0 - now_ps / period_ps_;  // mod 2^64: mtime_at(now_ps) == 0
  mtimecmp_.assign(num_harts_, never);
  for (uint32_t hart = 0; hart < num_harts_; ++hart) write_msip(hart, 4, 0);
  update_timer_lines(now_ps);
}

uint64_t Clint::mtime_at(uint64_t time_ps) const { return time_ps / period_ps_ + mtime_offset_; }

bool Clint::read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) {
  if (offset < clint_map::msip_base + uint64_t{num_harts_} * clint_map::msip_stride) {
    if (size != 4 || offset % 4 != 0) return false;
    value = msip_[(offset - clint_map::msip_base) / clint_map::msip_stride] ? 1 : 0;
    return true;
  }
  if (auto part = locate_64bit_register(offset, size, clint_map::mtimecmp_base, num_harts_)) {
    value = read_part(mtimecmp_[part->index], *part, size);
    return true;
  }
  if (auto part = locate_64bit_register(offset, size, clint_map::mtime, 1)) {
    value = read_part(mtime_at(ctx.time_ps), *part, size);
    return true;
  }
  return false;
}

bool Clint::write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) {
  if (offset < clint_map::msip_base + uint64_t{num_harts_} * clint_map::msip_stride) {
    if (offset % 4 != 0) return false;
    return write_msip(static_cast<uint32_t>((offset - clint_map::msip_base) / clint_map::msip_stride), size, value);
  }
  if (auto part = locate_64bit_register(offset, size, clint_map::mtimecmp_base, num_harts_)) {
    uint64_t& compare = mtimecmp_[part->index];
    compare = merge_part(compare, *part, size, value);
    update_timer_lines(ctx.time_ps);
    return true;
  }
  if (auto part = locate_64bit_register(offset, size, clint_map::mtime, 1)) {
    // Rebase the offset so that mtime reads back the written value at the
    // writer's time and keeps counting from there.
    const uint64_t new_mtime = merge_part(mtime_at(ctx.time_ps), *part, size, value);
    mtime_offset_ = new_mtime - ctx.time_ps / period_ps_;
    update_timer_lines(ctx.time_ps);
    return true;
  }
  return false;
}

bool Clint::write_msip(uint32_t hart, unsigned size, uint64_t value) {
  if (size != 4) return false;
  const bool level = (value & 1) != 0;  // the other 31 bits are hardwired to zero
  if (msip_[hart] != level) {
    msip_[hart] = level;
    sink_.set_interrupt_line(hart, irq::MSI, level);
  }
  return true;
}

uint64_t Clint::next_timer_event_ps(uint32_t hart) const {
  const uint64_t compare = mtimecmp_.at(hart);
  const uint64_t from_ps = last_evaluated_ps_;
  const uint64_t mtime_then = mtime_at(from_ps);
  if (mtime_then >= compare) return from_ps;
  // From mtime_then, mtime counts up and reaches `compare` before it could
  // wrap, after exactly this many ticks.
  const uint64_t ticks_to_go = compare - mtime_then;
  const uint64_t from_tick = from_ps / period_ps_;
  if (ticks_to_go > never - from_tick) return never;
  const uint64_t target_tick = from_tick + ticks_to_go;
  if (target_tick > never / period_ps_) return never;
  return target_tick * period_ps_;
}

void Clint::update_timer_lines(uint64_t now_ps) {
  last_evaluated_ps_ = now_ps;
  const uint64_t mtime_now = mtime_at(now_ps);
  for (uint32_t hart = 0; hart < num_harts_; ++hart) {
    const bool level = mtime_now >= mtimecmp_[hart];
    if (timer_line_[hart] != level) {
      timer_line_[hart] = level;
      sink_.set_interrupt_line(hart, irq::MTI, level);
    }
  }
}

}  // namespace loom::cpu

namespace loom::cpu {

void Clint::save(StateWriter& out) const {
  out.u64(num_harts_);
  out.u64(mtime_offset_);
  out.u64(last_evaluated_ps_);
  for (uint32_t h = 0; h < num_harts_; ++h) {
    out.u64(mtimecmp_[h]);
    out.boolean(msip_[h]);
    out.boolean(timer_line_[h]);
  }
}

void Clint::restore(StateReader& in) {
  if (in.u64() != num_harts_) in.fail("another number of harts");
  mtime_offset_ = in.u64();
  last_evaluated_ps_ = in.u64();
  for (uint32_t h = 0; h < num_harts_; ++h) {
    mtimecmp_[h] = in.u64();
    msip_[h] = in.boolean();
    timer_line_[h] = in.boolean();
    // The harts' lines are part of their own saved state; nothing to drive.
  }
}

}  // namespace loom::cpu
