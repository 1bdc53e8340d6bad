#include "devices/plic.h"

#include <fmt/format.h>

#include <stdexcept>

#include "loom/cpu/hart_state.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {

Plic::Plic(std::string name, uint32_t num_harts, uint32_t num_sources, InterruptSink& sink)
    : name_(std::move(name)),
      num_sources_(num_sources),
      num_contexts_(2 * num_harts),
      words_((num_sources + 31) / 32),
      sink_(sink) {
  if (num_sources_ < 2 || num_sources_ > plic_map::max_sources) {
    throw std::invalid_argument(fmt::format("{}: {} sources requested (counting the reserved source 0), the PLIC has 2 to {}",
                                            name_, num_sources_, plic_map::max_sources));
  }
  if (num_harts == 0 || num_harts > plic_map::max_contexts / 2) {
    throw std::invalid_argument(
        fmt::format("{}: {} harts requested, the PLIC serves 1 to {}", name_, num_harts, plic_map::max_contexts / 2));
  }
  priority_.assign(num_sources_, 0);
  line_.assign(num_sources_, false);
  claimed_.assign(num_sources_, false);
  pending_.assign(words_, 0);
  enable_.assign(size_t{words_} * num_contexts_, 0);
  threshold_.assign(num_contexts_, 0);
  context_line_.assign(num_contexts_, false);
}

void Plic::reset() {
  priority_.assign(num_sources_, 0);
  claimed_.assign(num_sources_, false);
  enable_.assign(size_t{words_} * num_contexts_, 0);
  threshold_.assign(num_contexts_, 0);
  update();
}

uint64_t Plic::aperture_size() const {
  return plic_map::context_base + uint64_t{num_contexts_} * plic_map::context_stride;
}

uint32_t Plic::valid_source_mask(uint32_t word) const {
  uint32_t mask = ~0u;
  if (word == 0) mask &= ~1u;  // source 0 does not exist
  const uint32_t first = word * 32;
  if (num_sources_ - first < 32) mask &= (1u << (num_sources_ - first)) - 1;
  return mask;
}

bool Plic::read(const AccessContext&, uint64_t offset, unsigned size, uint64_t& value) {
  if (size != 4) return false;
  if (offset - plic_map::priority_base < uint64_t{num_sources_} * 4) {
    value = priority_[(offset - plic_map::priority_base) / 4];
    return true;
  }
  if (offset - plic_map::pending_base < uint64_t{words_} * 4) {
    value = pending_[(offset - plic_map::pending_base) / 4];
    return true;
  }
  if (offset - plic_map::enable_base < uint64_t{num_contexts_} * plic_map::enable_stride) {
    const auto context = static_cast<uint32_t>((offset - plic_map::enable_base) / plic_map::enable_stride);
    const auto word = static_cast<uint32_t>((offset - plic_map::enable_base) % plic_map::enable_stride / 4);
    if (word >= words_) return false;
    value = enable_[context * words_ + word];
    return true;
  }
  if (offset - plic_map::context_base < uint64_t{num_contexts_} * plic_map::context_stride) {
    const auto context = static_cast<uint32_t>((offset - plic_map::context_base) / plic_map::context_stride);
    return read_context_register(context, (offset - plic_map::context_base) % plic_map::context_stride, value);
  }
  return false;
}

bool Plic::write(const AccessContext&, uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4) return false;
  if (offset - plic_map::priority_base < uint64_t{num_sources_} * 4) {
    const auto source = static_cast<uint32_t>((offset - plic_map::priority_base) / 4);
    if (source == 0) return true;  // reserved: reads as zero, writes ignored
    priority_[source] = static_cast<uint32_t>(value) & plic_map::priority_mask;
    update();
    return true;
  }
  if (offset - plic_map::pending_base < uint64_t{words_} * 4) {
    return true;  // pending bits are read-only; the write is ignored
  }
  if (offset - plic_map::enable_base < uint64_t{num_contexts_} * plic_map::enable_stride) {
    const auto context = static_cast<uint32_t>((offset - plic_map::enable_base) / plic_map::enable_stride);
    const auto word = static_cast<uint32_t>((offset - plic_map::enable_base) % plic_map::enable_stride / 4);
    if (word >= words_) return false;
    enable_[context * words_ + word] = static_cast<uint32_t>(value) & valid_source_mask(word);
    update();
    return true;
  }
  if (offset - plic_map::context_base < uint64_t{num_contexts_} * plic_map::context_stride) {
    const auto context = static_cast<uint32_t>((offset - plic_map::context_base) / plic_map::context_stride);
    return write_context_register(context, (offset - plic_map::context_base) % plic_map::context_stride, value);
  }
  return false;
}

bool Plic::read_context_register(uint32_t context, uint64_t offset_in_block, uint64_t& value) {
  switch (offset_in_block) {
    case plic_map::threshold_offset:
      value = threshold_[context];
      return true;
    case plic_map::claim_complete_offset:
      value = claim(context);
      return true;
    default:
      return false;
  }
}

bool Plic::write_context_register(uint32_t context, uint64_t offset_in_block, uint64_t value) {
  switch (offset_in_block) {
    case plic_map::threshold_offset:
      threshold_[context] = static_cast<uint32_t>(value) & plic_map::priority_mask;
      update();
      return true;
    case plic_map::claim_complete_offset:
      complete(context, value);
      return true;
    default:
      return false;
  }
}

void Plic::set_source_level(uint32_t source, bool level) {
  if (source == 0 || source >= num_sources_) {
    throw std::out_of_range(fmt::format("{}: no interrupt source {} (sources are 1 to {})", name_, source,
                                        num_sources_ - 1));
  }
  if (line_[source] == level) return;
  line_[source] = level;
  update();
}

uint32_t Plic::best_claimable(uint32_t context) const {
  uint32_t best_source = 0;
  uint32_t best_priority = threshold_[context];  // must be strictly exceeded
  for (uint32_t word = 0; word < words_; ++word) {
    uint32_t candidates = pending_[word] & enable_[context * words_ + word];
    while (candidates != 0) {
      const auto bit = static_cast<uint32_t>(__builtin_ctz(candidates));
      candidates &= candidates - 1;
      const uint32_t source = word * 32 + bit;
      // Strictly greater: on equal priority the lower id, seen first, wins.
      if (priority_[source] > best_priority) {
        best_priority = priority_[source];
        best_source = source;
      }
    }
  }
  return best_source;
}

uint32_t Plic::claim(uint32_t context) {
  const uint32_t source = best_claimable(context);
  if (source != 0) {
    claimed_[source] = true;
    update();
  }
  return source;
}

void Plic::complete(uint32_t context, uint64_t source) {
  // The spec ignores a completion for a source not enabled for the context;
  // a bad id must not touch the gateways either.
  if (source == 0 || source >= num_sources_) return;
  const auto id = static_cast<uint32_t>(source);
  if (!is_enabled(context, id) || !claimed_[id]) return;
  claimed_[id] = false;
  update();
}

void Plic::update() {
  for (uint32_t word = 0; word < words_; ++word) {
    uint32_t bits = 0;
    for (uint32_t bit = 0; bit < 32; ++bit) {
      const uint32_t source = word * 32 + bit;
      if (source < num_sources_ && line_[source] && !claimed_[source]) bits |= 1u << bit;
    }
    pending_[word] = bits & valid_source_mask(word);
  }
  for (uint32_t context = 0; context < num_contexts_; ++context) {
    const bool level = best_claimable(context) != 0;
    if (context_line_[context] == level) continue;
    context_line_[context] = level;
    sink_.set_interrupt_line(context / 2, context % 2 == 0 ? irq::MEI : irq::SEI, level);
  }
}

}  // namespace loom::cpu

namespace loom::cpu {

void Plic::save(StateWriter& out) const {
  out.u64(num_sources_);
  out.u64(num_contexts_);
  for (uint32_t s = 0; s < num_sources_; ++s) {
    out.u32(priority_[s]);
    out.boolean(line_[s]);
    out.boolean(claimed_[s]);
  }
  for (const uint32_t word : pending_) out.u32(word);
  for (const uint32_t word : enable_) out.u32(word);
  for (uint32_t c = 0; c < num_contexts_; ++c) {
    out.u32(threshold_[c]);
    out.boolean(context_line_[c]);
  }
}

void Plic::restore(StateReader& in) {
  if (in.u64() != num_sources_ || in.u64() != num_contexts_) in.fail("another number of sources or contexts");
  for (uint32_t s = 0; s < num_sources_; ++s) {
    priority_[s] = in.u32();
    line_[s] = in.boolean();
    claimed_[s] = in.boolean();
  }
  for (uint32_t& word : pending_) word = in.u32();
  for (uint32_t& word : enable_) word = in.u32();
  for (uint32_t c = 0; c < num_contexts_; ++c) {
    threshold_[c] = in.u32();
    context_line_[c] = in.boolean();
  }
}

}  // namespace loom::cpu
