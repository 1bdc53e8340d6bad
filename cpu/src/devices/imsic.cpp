#include "devices/imsic.h"

#include "loom/cpu/hart_state.h"

#include <fmt/format.h>

#include <algorithm>

#include <stdexcept>
#include "loom/cpu/snapshot.h"

namespace loom::cpu {

InterruptFile::InterruptFile(unsigned identities, InterruptSink& sink, uint32_t hart_id, unsigned mip_bit)
    : identities_(identities),
      sink_(sink),
      hart_id_(hart_id),
      mip_bit_(mip_bit),
      pending_((identities + 1) / 64),
      enabled_((identities + 1) / 64) {
  if (identities < 63 || identities > 2047 || (identities + 1) % 64 != 0) {
    throw std::invalid_argument(fmt::format("imsic: {} identities (63, 127, ... 2047)", identities));
  }
}

void InterruptFile::set_pending(uint64_t id) {
  if (id == 0 || id > identities_) return;
  pending_[id / 64] |= uint64_t{1} << (id % 64);
  update();
}

uint32_t InterruptFile::topei() const {
  // A threshold T lets only identities below T through; 0 (or one past
  // every identity) lets all.
  const unsigned limit = threshold_ != 0 && threshold_ <= identities_ ? threshold_ : identities_ + 1;
  for (unsigned w = 0; w < pending_.size() && w * 64 < limit; ++w) {
    uint64_t ready = pending_[w] & enabled_[w];
    if (w == 0) ready &= ~uint64_t{1};
    if (ready == 0) continue;
    const unsigned id = w * 64 + static_cast<unsigned>(__builtin_ctzll(ready));
    return id < limit ? (id << 16 | id) : 0;
  }
  return 0;
}

void InterruptFile::claim_top() {
  const uint32_t top = topei() >> 16;
  if (top != 0) pending_[top / 64] &= ~(uint64_t{1} << (top % 64));
  update();
}

namespace {
// AIA 1.0, "CSRs for external interrupts via an IMSIC": 0x71 and 0x73-0x7f
// are reserved; *ireg reads zero there and ignores writes.
bool reserved_register(unsigned select) { return select == 0x71 || (select >= 0x73 && select <= 0x7f); }
}  // namespace

// `array` is null for an eipk/eiek past the last identity: a valid register
// (RV64, even k) whose bits are all read-only zeros.
bool InterruptFile::array_word(unsigned select, std::vector<uint64_t>*& array, unsigned& word) {
  const bool eip = select >= imsic_select::eip0 && select <= imsic_select::eip63;
  const bool eie = select >= imsic_select::eie0 && select <= imsic_select::eie63;
  if (!eip && !eie) return false;
  const unsigned index = select - (eip ? imsic_select::eip0 : imsic_select::eie0);
  if (index % 2 != 0) return false;  // RV64: only the even registers exist
  word = index / 2;
  array = word < pending_.size() ? (eip ? &pending_ : &enabled_) : nullptr;
  return true;
}

bool InterruptFile::read(unsigned select, uint64_t& value) const {
  if (select == imsic_select::eidelivery) return value = delivery_ ? 1 : 0, true;
  if (select == imsic_select::eithreshold) return value = threshold_, true;
  if (reserved_register(select)) return value = 0, true;
  std::vector<uint64_t>* array = nullptr;
  unsigned word = 0;
  if (!const_cast<InterruptFile*>(this)->array_word(select, array, word)) return false;
  value = array ? (*array)[word] : 0;
  return true;
}

bool InterruptFile::write(unsigned select, uint64_t value) {
  if (reserved_register(select)) return true;
  if (select == imsic_select::eidelivery) {
    delivery_ = value & 1;  // 1: this file delivers; other modes are not implemented (WARL)
  } else if (select == imsic_select::eithreshold) {
    threshold_ = static_cast<uint32_t>(value & 0x7ff);
  } else {
    std::vector<uint64_t>* array = nullptr;
    unsigned word = 0;
    if (!array_word(select, array, word)) return false;
    if (!array) return true;  // past the last identity: read-only zeros
    (*array)[word] = word == 0 ? value & ~uint64_t{1} : value;  // identity 0 does not exist
  }
  update();
  return true;
}

void InterruptFile::reset() {
  delivery_ = false;
  threshold_ = 0;
  std::fill(pending_.begin(), pending_.end(), 0);
  std::fill(enabled_.begin(), enabled_.end(), 0);
  update();
}

void InterruptFile::update() {
  const bool line = delivery_ && topei() != 0;
  if (line == line_) return;
  line_ = line;
  sink_.set_interrupt_line(hart_id_, mip_bit_, line);
}

Imsic::Imsic(std::string name, uint32_t num_harts, bool machine_level, unsigned identities, InterruptSink& sink)
    : name_(std::move(name)) {
  files_.reserve(num_harts);
  for (uint32_t h = 0; h < num_harts; ++h) {
    files_.emplace_back(identities, sink, h, machine_level ? irq::MEI : irq::SEI);
  }
}

bool Imsic::read(const AccessContext&, uint64_t offset, unsigned size, uint64_t& value) {
  if (size != 4 || offset % 4 != 0 || offset >= aperture_size()) return false;
  value = 0;
  return true;
}

bool Imsic::write(const AccessContext&, uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4 || offset % 4 != 0 || offset >= aperture_size()) return false;
  if (offset % kPageSize == 0) files_[offset / kPageSize].set_pending(value & 0xffffffff);  // seteipnum_le
  return true;  // seteipnum_be and the rest of the page: ignored
}

void Imsic::reset() {
  for (InterruptFile& f : files_) f.reset();
}

}  // namespace loom::cpu

namespace loom::cpu {

void InterruptFile::save(StateWriter& out) const {
  out.u64(identities_);
  out.boolean(delivery_);
  out.u32(threshold_);
  for (const uint64_t word : pending_) out.u64(word);
  for (const uint64_t word : enabled_) out.u64(word);
  out.boolean(line_);
}

void InterruptFile::restore(StateReader& in) {
  if (in.u64() != identities_) in.fail("interrupt files of another size");
  delivery_ = in.boolean();
  threshold_ = in.u32();
  for (uint64_t& word : pending_) word = in.u64();
  for (uint64_t& word : enabled_) word = in.u64();
  line_ = in.boolean();  // the hart's own saved lines already carry it
}

void Imsic::save(StateWriter& out) const {
  out.u64(files_.size());
  for (const InterruptFile& f : files_) f.save(out);
}

void Imsic::restore(StateReader& in) {
  if (in.u64() != files_.size()) in.fail("another number of interrupt files");
  for (InterruptFile& f : files_) f.restore(in);
}

}  // namespace loom::cpu
