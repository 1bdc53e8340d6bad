#include "devices/aplic.h"

#include <fmt/format.h>

#include <stdexcept>

#include "loom/cpu/hart_state.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {

namespace {
using namespace aplic_map;
constexpr uint32_t kTargetHartShift = 18, kTargetHartMask = 0x3fff, kTargetGuestShift = 12, kTargetGuestMask = 0x3f;
constexpr uint32_t kEiidMask = 0x7ff, kChildIndexMask = 0x3ff;
constexpr uint32_t kMsiAddrHighLocked = 1u << 31, kMsiAddrHighValid = 0x9f77ffffu;  // L, HHXS, LHXS, HHXW, LHXW, BAPPN
}  // namespace

Aplic::Aplic(const Config& config, InterruptSink& sink, Bus& bus)
    : config_(config), sink_(sink), bus_(bus), sources_(config.num_sources), idcs_(config.num_harts) {
  if (config.num_sources < 2 || config.num_sources > 1024 || config.priority_bits < 1 || config.priority_bits > 8) {
    throw std::invalid_argument(fmt::format("{}: {} sources, {} priority bits", config.name, config.num_sources,
                                            config.priority_bits));
  }
  reset();
}

uint64_t Aplic::aperture_size() const {
  const uint64_t end = idc + uint64_t{config_.num_harts} * idc_size;
  return (end + 0x3fff) & ~uint64_t{0x3fff};
}

void Aplic::reset() {
  domaincfg_ = 0;
  for (uint32_t& r : msicfg_) r = 0;
  genmsi_ = 0;
  for (Source& s : sources_) s = Source{0, config_.msi_mode ? 0u : 1u, s.input, false, false};
  for (Idc& i : idcs_) i = Idc{0, 0, 0, i.line};
  update();
}

// A source exists in the root domain; in a child, only while the parent
// delegates it there (AIA 1.0, 4.5.2: elsewhere its sourcecfg, and every
// bit of it in the other registers, is read-only zero).
bool Aplic::present(uint32_t s) const {
  if (s == 0 || s >= sources_.size()) return false;
  return !parent_ || (parent_->sources_[s].config & sourcecfg_delegate);
}

// A source takes part in this domain when it is present, neither delegated
// on nor inactive.
bool Aplic::active(uint32_t s) const {
  const uint32_t cfg = sources_[s < sources_.size() ? s : 0].config;
  return present(s) && !(cfg & sourcecfg_delegate) && (cfg & 7) != inactive;
}

// The parent delegated or took back source `s`: the child starts it afresh,
// inactive, seeing the line as it is now.
void Aplic::source_handed_over(uint32_t s, bool input) {
  sources_[s] = Source{0, config_.msi_mode ? 0u : 1u, input, false, false};
}

// The input as the source mode sees it (inverted for low/falling modes).
bool Aplic::rectified(uint32_t s) const {
  if (!active(s)) return false;
  const uint32_t mode = sources_[s].config & 7;
  return sources_[s].input != (mode == level_low || mode == edge_fall);
}

void Aplic::set_pending(uint32_t s, bool pending) {
  if (!active(s)) return;
  const uint32_t mode = sources_[s].config & 7;
  // Level sources follow their input: in direct mode software cannot set
  // or clear them; in MSI mode it may clear, or set while the level is
  // asserted.
  if ((mode == level_high || mode == level_low) && (!config_.msi_mode || (pending && !rectified(s)))) return;
  sources_[s].pending = pending;
}

void Aplic::set_enabled(uint32_t s, bool enabled) {
  if (active(s)) sources_[s].enabled = enabled;
}

void Aplic::set_source_level(uint32_t s, bool level) {
  if (s == 0 || s >= sources_.size()) throw std::out_of_range(fmt::format("{}: no source {}", config_.name, s));
  Source& src = sources_[s];
  const bool was = src.input;
  src.input = level;  // also while delegated: the line as it is when taken back
  if (src.config & sourcecfg_delegate) {
    if (child_) child_->set_source_level(s, level);
    return;
  }
  switch (src.config & 7) {
    case edge_rise: if (level && !was) src.pending = true; break;
    case edge_fall: if (!level && was) src.pending = true; break;
    // A level source becomes pending when its level is asserted; it stays
    // pending until claimed or forwarded, as QEMU's APLIC (the oracle) does.
    case level_high: if (level) src.pending = true; break;
    case level_low: if (!level) src.pending = true; break;
    default: break;
  }
  update();
}

bool Aplic::read(const AccessContext&, uint64_t offset, unsigned size, uint64_t& value) {
  if (size != 4 || offset % 4 != 0 || offset >= aperture_size()) return false;
  value = read_register(offset);
  return true;
}

bool Aplic::write(const AccessContext&, uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4 || offset % 4 != 0 || offset >= aperture_size()) return false;
  write_register(offset, static_cast<uint32_t>(value));
  update();
  return true;
}

uint32_t Aplic::read_register(uint64_t offset) {
  const uint32_t n = config_.num_sources;
  const uint64_t words = (n + 31) / 32;
  const auto bits = [&](uint64_t base, auto member) {
    const uint32_t word = static_cast<uint32_t>((offset - base) / 4);
    uint32_t v = 0;
    for (uint32_t i = 0; i < 32; ++i) {
      const uint32_t s = word * 32 + i;
      if (s > 0 && s < n && member(s)) v |= 1u << i;
    }
    return v;
  };
  if (offset == domaincfg) return domaincfg_readonly | domaincfg_ | (config_.msi_mode ? domaincfg_dm : 0);
  if (offset >= sourcecfg && offset < sourcecfg + 4ull * (n - 1)) {
    const auto s = static_cast<uint32_t>((offset - sourcecfg) / 4 + 1);
    return present(s) ? sources_[s].config : 0;
  }
  if (offset >= mmsicfgaddr && offset <= smsicfgaddrh) {
    const bool root = config_.machine_level && config_.msi_mode;
    const bool s_regs = offset >= smsicfgaddr;
    return root && (!s_regs || child_) ? msicfg_[(offset - mmsicfgaddr) / 4] : 0;
  }
  if (offset >= setip && offset < setip + 4 * words) return bits(setip, [&](uint32_t s) { return sources_[s].pending; });
  if (offset >= in_clrip && offset < in_clrip + 4 * words) return bits(in_clrip, [&](uint32_t s) { return rectified(s); });
  if (offset >= setie && offset < setie + 4 * words) return bits(setie, [&](uint32_t s) { return sources_[s].enabled; });
  if (offset == genmsi) return config_.msi_mode ? genmsi_ : 0;
  if (offset >= target && offset < target + 4ull * (n - 1)) {
    const auto s = static_cast<uint32_t>((offset - target) / 4 + 1);
    return active(s) ? sources_[s].target : 0;  // an inactive source's target is read-only zero
  }
  if (!config_.msi_mode && offset >= idc && offset < idc + idc_size * config_.num_harts) {
    const auto hart = static_cast<uint32_t>((offset - idc) / idc_size);
    switch ((offset - idc) % idc_size) {
      case 0x00: return idcs_[hart].delivery;
      case 0x04: return idcs_[hart].force;
      case 0x08: return idcs_[hart].threshold;
      case 0x18: return topi(hart);
      case 0x1c: return claim(hart);
      default: return 0;
    }
  }
  return 0;  // the num registers, clrie, and reserved space read zero
}

void Aplic::write_register(uint64_t offset, uint32_t value) {
  const uint32_t n = config_.num_sources;
  const uint64_t words = (n + 31) / 32;
  const auto each = [&](uint64_t base, auto action) {
    const uint32_t word = static_cast<uint32_t>((offset - base) / 4);
    for (uint32_t i = 0; i < 32; ++i) {
      if (value >> i & 1) action(word * 32 + i);
    }
  };
  const uint32_t priority_mask = (1u << config_.priority_bits) - 1;
  if (offset == domaincfg) {
    domaincfg_ = value & domaincfg_ie;  // DM and BE are fixed
  } else if (offset >= sourcecfg && offset < sourcecfg + 4ull * (n - 1)) {
    const uint32_t s = static_cast<uint32_t>((offset - sourcecfg) / 4 + 1);
    if (!present(s)) return;  // not this domain's: read-only zero
    if ((value & sourcecfg_delegate) && !child_) value = 0;  // nothing to delegate to
    value &= (value & sourcecfg_delegate) ? (sourcecfg_delegate | kChildIndexMask) : 7u;
    if ((value & 7) == 2 || (value & 7) == 3) value = 0;  // reserved modes: inactive
    Source& src = sources_[s];
    const bool handed_over = (src.config ^ value) & sourcecfg_delegate;
    src.config = value;
    if (handed_over) child_->source_handed_over(s, src.input);
    if ((value & sourcecfg_delegate) || value == inactive) {
      src.pending = src.enabled = false;
    } else if ((value & 7) == level_high || (value & 7) == level_low) {
      src.pending = rectified(s);
    }
  } else if (offset >= mmsicfgaddr && offset <= smsicfgaddrh) {
    const bool root = config_.machine_level && config_.msi_mode;
    const unsigned index = static_cast<unsigned>((offset - mmsicfgaddr) / 4);
    if (!root || (msicfg_[1] & kMsiAddrHighLocked) || (index >= 2 && !child_)) return;
    msicfg_[index] = index % 2 ? value & kMsiAddrHighValid & (index == 3 ? ~kMsiAddrHighLocked : ~0u) : value;
  } else if (offset >= setip && offset < setip + 4 * words) {
    each(setip, [&](uint32_t s) { set_pending(s, true); });
  } else if (offset == setipnum || offset == setipnum_le) {
    set_pending(value, true);
  } else if (offset == setipnum_be) {
    set_pending(__builtin_bswap32(value), true);
  } else if (offset >= in_clrip && offset < in_clrip + 4 * words) {
    each(in_clrip, [&](uint32_t s) { set_pending(s, false); });
  } else if (offset == clripnum) {
    set_pending(value, false);
  } else if (offset >= setie && offset < setie + 4 * words) {
    each(setie, [&](uint32_t s) { set_enabled(s, true); });
  } else if (offset == setienum) {
    set_enabled(value, true);
  } else if (offset >= clrie && offset < clrie + 4 * words) {
    each(clrie, [&](uint32_t s) { set_enabled(s, false); });
  } else if (offset == clrienum) {
    set_enabled(value, false);
  } else if (offset == genmsi) {
    if (!config_.msi_mode) return;
    genmsi_ = value & ~(kTargetGuestMask << kTargetGuestShift) & ~(1u << 12);
    send_msi((value >> kTargetHartShift) & kTargetHartMask, value & kEiidMask);  // sent at once: Busy never shows
  } else if (offset >= target && offset < target + 4ull * (n - 1)) {
    if (!active(static_cast<uint32_t>((offset - target) / 4 + 1))) return;  // read-only zero
    Source& src = sources_[(offset - target) / 4 + 1];
    if (config_.msi_mode) {
      src.target = value & ((kTargetHartMask << kTargetHartShift) |
                            (config_.machine_level ? 0 : kTargetGuestMask << kTargetGuestShift) | kEiidMask);
    } else {
      const uint32_t priority = value & priority_mask;
      src.target = (value & (kTargetHartMask << kTargetHartShift)) | (priority ? priority : 1);  // 0 becomes 1
    }
  } else if (!config_.msi_mode && offset >= idc && offset < idc + idc_size * config_.num_harts) {
    Idc& i = idcs_[(offset - idc) / idc_size];
    switch ((offset - idc) % idc_size) {
      case 0x00: i.delivery = value & 1; break;
      case 0x04: i.force = value & 1; break;
      case 0x08: i.threshold = value & priority_mask; break;
      default: break;
    }
  }
}

// Direct mode: the most urgent pending, enabled source for a hart (lowest
// priority number, then lowest source number) under its threshold.
uint32_t Aplic::topi(uint32_t hart) const {
  const Idc& i = idcs_[hart];
  uint32_t best = 0, best_priority = UINT32_MAX;
  for (uint32_t s = 1; s < sources_.size(); ++s) {
    const Source& src = sources_[s];
    if (!active(s) || !src.pending || !src.enabled) continue;
    if (((src.target >> kTargetHartShift) & kTargetHartMask) != hart) continue;
    const uint32_t priority = src.target & 0xff;
    if (i.threshold != 0 && priority >= i.threshold) continue;
    if (priority < best_priority) best = s, best_priority = priority;
  }
  return best ? (best << 16 | best_priority) : 0;
}

uint32_t Aplic::claim(uint32_t hart) {
  const uint32_t top = topi(hart);
  if (top == 0) {
    idcs_[hart].force = 0;  // a claim with nothing pending answers a forced interrupt
  } else {
    const uint32_t s = top >> 16;
    sources_[s].pending = false;
    const uint32_t mode = sources_[s].config & 7;
    if ((mode == level_high || mode == level_low) && rectified(s)) sources_[s].pending = true;  // still asserted
  }
  update();
  return top;
}

void Aplic::send_msi(uint32_t hart, uint32_t eiid) {
  const Aplic* root = this;
  while (root && !root->config_.machine_level) root = root->parent_;
  if (!root) return;
  const uint32_t low = config_.machine_level ? root->msicfg_[0] : root->msicfg_[2];
  const uint32_t high = config_.machine_level ? root->msicfg_[1] : root->msicfg_[3];
  const uint32_t lhxs = (high >> 20) & 7, lhxw = (high >> 12) & 0xf, hhxs = (high >> 24) & 0x1f, hhxw = (high >> 16) & 7;
  const uint64_t group = hart >> lhxw, in_group = hart & ((1u << lhxw) - 1);
  uint64_t ppn = low | uint64_t{high & 0xfff} << 32;
  ppn |= (group & ((1u << hhxw) - 1)) << (hhxs + 12);
  ppn |= in_group << lhxs;
  bus_.write(AccessContext{}, ppn << 12, 4, eiid);  // a refused MSI is lost, as on a bus
}

void Aplic::update() {
  if (config_.msi_mode) {
    if (!(domaincfg_ & domaincfg_ie)) return;
    for (uint32_t s = 1; s < sources_.size(); ++s) {
      Source& src = sources_[s];
      if (!active(s) || !src.pending || !src.enabled) continue;
      src.pending = false;  // forwarded: an MSI clears the pending bit
      send_msi((src.target >> kTargetHartShift) & kTargetHartMask, src.target & kEiidMask);
    }
    return;
  }
  for (uint32_t h = 0; h < idcs_.size(); ++h) {
    Idc& i = idcs_[h];
    const bool line = (domaincfg_ & domaincfg_ie) && i.delivery && (i.force || topi(h) != 0);
    if (line == i.line) continue;
    i.line = line;
    sink_.set_interrupt_line(h, config_.machine_level ? irq::MEI : irq::SEI, line);
  }
}

}  // namespace loom::cpu

namespace loom::cpu {

void Aplic::save(StateWriter& out) const {
  out.u64(sources_.size());
  out.u64(idcs_.size());
  out.u32(domaincfg_);
  for (const uint32_t word : msicfg_) out.u32(word);
  out.u32(genmsi_);
  for (const Source& s : sources_) {
    out.u32(s.config);
    out.u32(s.target);
    out.boolean(s.input);
    out.boolean(s.pending);
    out.boolean(s.enabled);
  }
  for (const Idc& i : idcs_) {
    out.u32(i.delivery);
    out.u32(i.force);
    out.u32(i.threshold);
    out.boolean(i.line);
  }
}

void Aplic::restore(StateReader& in) {
  if (in.u64() != sources_.size() || in.u64() != idcs_.size()) in.fail("another number of sources or harts");
  domaincfg_ = in.u32();
  for (uint32_t& word : msicfg_) word = in.u32();
  genmsi_ = in.u32();
  for (Source& s : sources_) {
    s.config = in.u32();
    s.target = in.u32();
    s.input = in.boolean();
    s.pending = in.boolean();
    s.enabled = in.boolean();
  }
  for (Idc& i : idcs_) {
    i.delivery = in.u32();
    i.force = in.u32();
    i.threshold = in.u32();
    i.line = in.boolean();
  }
}

}  // namespace loom::cpu
