#pragma once
// The JIT engine: the dispatcher (lookup, translate, chain), the life cycle
// of translations (invalidation when their code is written, flush when the
// cache is full), and its statistics. See docs/cpu.md, "The translator".

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/hart_context.h"
#include "engine/engine.h"
#include "jit/backend/x64/emitter.h"
#include "jit/block.h"
#include "jit/block_map.h"
#include "jit/code_cache.h"
#include "loom/cpu/bus.h"

namespace loom::cpu::jit {

struct JitStats {
  uint64_t blocks_translated = 0;
  uint64_t guest_instructions_translated = 0;
  uint64_t code_bytes = 0;
  double translate_seconds = 0;
  uint64_t dispatcher_entries = 0;   // block entries from the dispatcher
  uint64_t dispatcher_lookups = 0;   // of those, found by the hash table lookup
  uint64_t chains_made = 0;
  uint64_t invalidated_blocks = 0;
  uint64_t cache_flushes = 0;
  uint64_t register_remaps = 0;
  uint64_t interpreted_steps = 0;    // cold code, budget remainders, untranslatable pcs
};

// One assembler for every block, moved to the top of the cache each time
// (constructing an Xbyak generator per block costs more than emitting).
class BlockAssembler : public Xbyak::CodeGenerator {
 public:
  BlockAssembler(uint8_t* at, size_t room) : Xbyak::CodeGenerator(room, at) {}
  void start_at(uint8_t* at, size_t room) {
    top_ = at;
    maxSize_ = room;
    reset();
  }
};

class JitEngine final : public Engine {
 public:
  JitEngine(Bus& bus, const EngineOptions& options);
  ~JitEngine() override;

  void execute(Hart& h, uint64_t steps) override;
  bool code_written(uint64_t address, uint64_t size) override;
  bool page_has_code(uint64_t page) const override;
  void debug_points_changed(const DebugPoints* points) override {
    debug_points_ = points;
    flush_all();
  }
  std::string report() const override;

  // For the audit engine: the block at h.s.pc (translated if needed), or
  // null where the interpreter must step; and running exactly that block
  // (no chaining into the next), trap entry included.
  const Block* prepare(Hart& h);
  void run_block(Hart& h, const Block& block);
  uint64_t invalidated_blocks() const { return stats_.invalidated_blocks; }

 private:
  struct HartTables {
    std::array<std::vector<JumpEntry>, kJumpModes> by_mode;
  };
  HartTables& tables_for(Hart& h);
  // find_block's answer for a pc that has code but no translation: a
  // 32-bit instruction across a page end, or code outside RAM. Jump-table
  // entries remember it (so such a pc in a loop costs no lookups) and send
  // translated code back to the dispatcher, which steps it.
  Block untranslatable_;
  Block* find_block(Hart& h);
  Block* translate(Hart& h, uint64_t physical, uint64_t key);
  uint32_t enter(Hart& h, Block& block, uint64_t steps);
  // Interprets from s.pc to the end of the straight run (a taken jump, a
  // trap, a break, `steps`): returns the steps taken.
  uint64_t interpret_run(Hart& h, uint64_t steps);
  // Whether the block at (physical, mode) has been reached often enough.
  bool hot(uint64_t key);
  void chain(ChainSlot& slot, Block& target);
  void drop(Block& block);
  void flush_all();
  // Emits the trampoline for map_ at the start of an empty cache.
  void emit_trampoline();
  // After 256, 2048, ... samples (blocks where a quantum ended): maps the
  // guest registers those blocks use most; when that differs much from the
  // current map, starts the cache over with it.
  void maybe_remap();
  static void count_register_use(Block& block);
  void invalidate_jump_tables();
  // Frees dropped blocks (their code is not running) and keeps their counts.
  void clear_graveyard();

  Bus& bus_;
  EngineOptions options_;
  CodeCache cache_;
  x64::Trampoline trampoline_;
  x64::RegisterMap map_ = x64::RegisterMap::initial();
  std::array<uint64_t, 32> register_use_{};  // operand counts in sampled blocks
  uint64_t samples_ = 0;                     // blocks sampled at quantum ends
  uint64_t next_remap_at_ = 256;             // samples
  std::unique_ptr<BlockAssembler> assembler_;
  // By (virtual pc, block_key): code bakes in virtual pcs (auipc, links,
  // branch targets), so an alias of the same physical code is another block.
  BlockMap blocks_;
  std::unordered_map<uint64_t, std::vector<Block*>> pages_;       // physical page -> blocks
  std::unordered_map<const uint8_t*, ChainSlot*> slots_;          // exit jmp -> slot
  std::vector<std::unique_ptr<Block>> graveyard_;  // dropped while their code may still run
  uint64_t entries_of_dropped_ = 0;                // Block::entries of freed blocks
  std::vector<std::unique_ptr<HartTables>> tables_;
  std::vector<Hart*> harts_;
  uint64_t flush_generation_ = 0;
  const DebugPoints* debug_points_ = nullptr;
  std::FILE* perf_map_ = nullptr;  // LOOM_PERF_MAP set: /tmp/perf-PID.map for perf(1)
  std::string dump_dir_;           // LOOM_JIT_DUMP: each translation's host code, a file each
  struct HeatEntry {
    uint64_t key = ~0ull;
    uint32_t count = 0;
  };
  std::vector<HeatEntry> heat_;  // direct-mapped by key
  JitStats stats_;
};

}  // namespace loom::cpu::jit
