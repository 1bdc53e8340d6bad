// The dispatcher's open-addressing block map against std::map: random
// inserts, erases (whose backward shift must keep every other block
// findable) and growth, with keys that share home slots.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "jit/block_map.h"

namespace loom::cpu::jit {
namespace {

std::unique_ptr<Block> make_block(uint64_t vpc, uint64_t key) {
  auto b = std::make_unique<Block>();
  b->vpc = vpc;
  b->key = key;
  return b;
}

TEST(JitBlockMap, AgreesWithAReferenceMapThroughInsertsErasesAndGrowth) {
  BlockMap map;
  std::map<std::pair<uint64_t, uint64_t>, Block*> reference;
  std::mt19937_64 rng(7);
  for (int step = 0; step < 200000; ++step) {
    // Few distinct pcs and modes: long probe runs, many erases inside runs.
    const uint64_t vpc = 0x80000000 + 2 * (rng() % 50000);
    const uint64_t key = block_key(vpc & ~0xfffull, static_cast<unsigned>(rng() % 3));
    const auto it = reference.find({vpc, key});
    if (it == reference.end()) {
      auto block = make_block(vpc, key);
      reference[{vpc, key}] = block.get();
      map.insert(std::move(block));
    } else if (rng() % 2) {
      std::unique_ptr<Block> out = map.erase(*it->second);
      ASSERT_EQ(out.get(), it->second);
      reference.erase(it);
    }
    if (step % 997 == 0) {
      for (const auto& [k, block] : reference) ASSERT_EQ(map.find(k.first, k.second), block);
    }
  }
  size_t seen = 0;
  map.for_each([&](const Block& b) {
    ++seen;
    EXPECT_EQ(reference.at({b.vpc, b.key}), &b);
  });
  EXPECT_EQ(seen, reference.size());
  EXPECT_EQ(map.find(0x1234, 0), nullptr);
  EXPECT_EQ(map.take_all().size(), reference.size());
  EXPECT_EQ(map.find(reference.begin()->first.first, reference.begin()->first.second), nullptr);
}

}  // namespace
}  // namespace loom::cpu::jit
