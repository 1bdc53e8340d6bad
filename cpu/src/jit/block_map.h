#pragma once
// The dispatcher's map of translations: (virtual pc, block_key) -> Block.
// Open addressing with linear probing and the keys inline, so a lookup
// (some hundred thousand per Linux boot, after jump-table misses) costs one
// cache line rather than a chain of list nodes.

#include <cstdint>
#include <memory>
#include <vector>

#include "jit/block.h"

namespace loom::cpu::jit {

class BlockMap {
 public:
  BlockMap() { slots_.resize(kInitialSlots); }
  ~BlockMap() { clear(); }
  BlockMap(const BlockMap&) = delete;
  BlockMap& operator=(const BlockMap&) = delete;

  Block* find(uint64_t vpc, uint64_t key) const {
    for (size_t i = home(vpc, key);; i = next(i)) {
      const Slot& s = slots_[i];
      if (!s.block) return nullptr;
      if (s.vpc == vpc && s.key == key) return s.block;
    }
  }

  // Takes the block (keyed by its vpc and key, which must be new).
  void insert(std::unique_ptr<Block> block) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(block.release());
    ++size_;
  }

  // Gives the block back to the caller; later probes skip its slot.
  std::unique_ptr<Block> erase(const Block& block) {
    size_t i = home(block.vpc, block.key);
    while (slots_[i].block != &block) {
      if (!slots_[i].block) return nullptr;
      i = next(i);
    }
    std::unique_ptr<Block> out(slots_[i].block);
    slots_[i] = Slot{};
    --size_;
    // Backward shift: move later members of the run into the hole when
    // their home does not lie between the hole and them.
    for (size_t hole = i, j = next(i); slots_[j].block; j = next(j)) {
      const size_t h = home(slots_[j].vpc, slots_[j].key);
      const bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (stays) continue;
      slots_[hole] = slots_[j];
      slots_[j] = Slot{};
      hole = j;
    }
    return out;
  }

  // Every block, handed over; the map is left empty.
  std::vector<std::unique_ptr<Block>> take_all() {
    std::vector<std::unique_ptr<Block>> out;
    out.reserve(size_);
    for (Slot& s : slots_) {
      if (s.block) out.emplace_back(s.block);
      s = Slot{};
    }
    size_ = 0;
    return out;
  }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.block) f(*s.block);
  }

 private:
  static constexpr size_t kInitialSlots = 1 << 16;
  struct Slot {
    uint64_t vpc = 0;
    uint64_t key = 0;
    Block* block = nullptr;
  };

  size_t home(uint64_t vpc, uint64_t key) const {
    const uint64_t h = (vpc ^ key * 0x9e3779b97f4a7c15ull) * 0xff51afd7ed558ccdull;
    return static_cast<size_t>(h >> 32) & (slots_.size() - 1);
  }
  size_t next(size_t i) const { return (i + 1) & (slots_.size() - 1); }
  void place(Block* block) {
    size_t i = home(block->vpc, block->key);
    while (slots_[i].block) i = next(i);
    slots_[i] = Slot{block->vpc, block->key, block};
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.block) place(s.block);
  }
  void clear() {
    for (Slot& s : slots_) delete s.block;
    slots_.assign(slots_.size(), Slot{});
    size_ = 0;
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace loom::cpu::jit
