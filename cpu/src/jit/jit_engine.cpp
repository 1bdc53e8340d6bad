#include "jit/jit_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

#include "core/hart.h"
#include "frontend/decoder.h"
#include "jit/integer_operands.h"
#include "jit/runtime.h"
#include "jit/translator.h"

namespace loom::cpu::jit {

namespace {

using EnterFn = uint32_t (*)(HartContext*, const void*);
constexpr size_t kMinRoom = 64 * 1024;  // a block's code is far smaller

void point(const ChainSlot& slot, const uint8_t* target) {
  const auto rel = static_cast<int32_t>(target - slot.end);
  std::memcpy(slot.rel32, &rel, 4);
}

}  // namespace

JitEngine::JitEngine(Bus& bus, const EngineOptions& options)
    : bus_(bus), options_(options), cache_(options.code_cache_bytes) {
  assembler_ = std::make_unique<BlockAssembler>(cache_.top(), cache_.room());
  emit_trampoline();
  if (std::getenv("LOOM_PERF_MAP")) perf_map_ = std::fopen(fmt::format("/tmp/perf-{}.map", getpid()).c_str(), "w");
  if (const char* dir = std::getenv("LOOM_JIT_DUMP")) dump_dir_ = dir;
  slots_.reserve(1 << 17);
}

JitEngine::~JitEngine() {
  if (perf_map_) std::fclose(perf_map_);
}

JitEngine::HartTables& JitEngine::tables_for(Hart& h) {
  const uint32_t id = h.s.hart_id;
  if (id >= tables_.size()) tables_.resize(id + 1);
  if (!tables_[id]) {
    tables_[id] = std::make_unique<HartTables>();
    harts_.push_back(&h);
  }
  return *tables_[id];
}

void JitEngine::execute(Hart& h, uint64_t steps) {
  clear_graveyard();  // no translated code is running now
  uint64_t left = steps;
  ChainSlot* pending = nullptr;
  uint64_t pending_generation = 0;
  while (left && !h.break_requested()) {
    Block* block = find_block(h);
    if (block == &untranslatable_) {
      pending = nullptr;
      h.step();
      --left;
      ++stats_.interpreted_steps;
      continue;
    }
    if (pending && block && pending_generation == flush_generation_) chain(*pending, *block);
    pending = nullptr;
    if (!block) {
      // Cold code, or an untranslatable pc (a fault, an instruction across
      // pages): the interpreter, up to the next jump.
      left -= interpret_run(h, left);
      continue;
    }
    if (block->count > left) {
      // Where a quantum ends is a sample of where time goes: the registers
      // of these blocks decide the register map (until the last remap).
      if (next_remap_at_ != UINT64_MAX) {
        for (unsigned r = 0; r < 32; ++r) register_use_[r] += block->register_use[r];
        if (++samples_ >= next_remap_at_) {
          maybe_remap();
          continue;  // the block may be gone
        }
      }
      // A budget shorter than the block: exact steps with the interpreter.
      h.step();
      --left;
      ++stats_.interpreted_steps;
      continue;
    }
    const uint64_t before = h.s.retired;
    const uint32_t reason = enter(h, *block, left);
    rethrow_pending_exception();
    left -= h.s.retired - before;
    if (h.exception_raised) {
      h.trap_from_run_loop();
      --left;
      continue;
    }
    if (reason == x64::kExitChainable) {
      const auto it = slots_.find(h.exit_patch);
      if (it != slots_.end() && !it->second->target) {
        pending = it->second;
        pending_generation = flush_generation_;
      }
    }
  }
}

uint32_t JitEngine::enter(Hart& h, Block& block, uint64_t steps) {
  auto& table = tables_for(h).by_mode[h.mode_index()];
  h.stop_retired = h.s.retired + steps;
  h.jump_table = table.data();
  h.exit_patch = nullptr;
  ++stats_.dispatcher_entries;
  return reinterpret_cast<EnterFn>(const_cast<void*>(trampoline_.enter))(&h.context(), block.code);
}

void JitEngine::emit_trampoline() {
  cache_.reset_all();
  assembler_->start_at(cache_.top(), cache_.room());
  trampoline_ = x64::emit_trampoline(*assembler_, map_);
  cache_.commit(assembler_->getSize());
  cache_.seal_permanent();
}

void JitEngine::maybe_remap() {
  next_remap_at_ = next_remap_at_ < (1u << 20) ? next_remap_at_ * 8 : UINT64_MAX;
  std::vector<unsigned> order;
  for (unsigned r = 1; r < 32; ++r) order.push_back(r);
  std::stable_sort(order.begin(), order.end(),
                   [this](unsigned a, unsigned b) { return register_use_[a] > register_use_[b]; });
  order.resize(x64::kGuestHostRegisters.size());
  unsigned changed = 0;
  for (unsigned r : order) changed += map_.maps(r) ? 0 : 1;
  if (changed < 3) return;  // not worth translating everything again
  map_ = x64::RegisterMap(order);
  ++stats_.register_remaps;
  flush_all();
  emit_trampoline();
}

uint64_t JitEngine::interpret_run(Hart& h, uint64_t steps) {
  uint64_t taken = 0;
  while (taken < steps && taken < kMaxBlockInstructions && !h.break_requested()) {
    const uint64_t pc = h.s.pc, retired = h.s.retired;
    h.step();
    ++taken;
    // Stop after a trap or a taken jump: the next pc may start a block.
    if (h.s.retired == retired || h.s.pc - pc > 4) break;
  }
  stats_.interpreted_steps += taken;
  return taken;
}

bool JitEngine::hot(uint64_t key) {
  if (options_.translate_after <= 1) return true;
  if (heat_.empty()) heat_.resize(1 << 16);
  HeatEntry& e = heat_[(key ^ key >> 17) * 0x9e3779b97f4a7c15ull >> 48];
  if (e.key != key) e = HeatEntry{key, 0};
  return ++e.count >= options_.translate_after;
}

Block* JitEngine::find_block(Hart& h) {
  const uint64_t vpc = h.s.pc;
  auto& table = tables_for(h).by_mode[h.mode_index()];
  if (table.empty()) {
    table.resize(kJumpTableEntries);
    h.jump_tables[h.mode_index()] = table.data();
  }
  JumpEntry& entry = table[jump_index(vpc)];
  if (entry.vpc == vpc) return static_cast<Block*>(entry.block);

  uint64_t physical;
  if (!h.probe_fetch(vpc, physical)) return nullptr;
  ++stats_.dispatcher_lookups;
  const uint64_t key = block_key(physical, h.mode_index());
  Block* block = blocks_.find(vpc, key);
  if (!block) {
    if (!hot(key)) return nullptr;
    block = translate(h, physical, key);
    if (!block) {
      entry = JumpEntry{vpc, trampoline_.exit_at_rax, &untranslatable_};
      h.note_jump_entry(h.mode_index(), jump_index(vpc), vpc);
      return &untranslatable_;
    }
  }
  entry = JumpEntry{vpc, block->code, block};
  h.note_jump_entry(h.mode_index(), jump_index(vpc), vpc);
  return block;
}

Block* JitEngine::translate(Hart& h, uint64_t physical, uint64_t key) {
  const auto start = std::chrono::steady_clock::now();
  auto block = std::make_unique<Block>();
  if (!form_block(bus_, h.s.pc, physical, *block, debug_points_)) return nullptr;
  block->key = key;
  count_register_use(*block);
  for (int attempt = 0;; ++attempt) {
    if (cache_.room() < kMinRoom) flush_all();
    try {
      BlockAssembler& gen = *assembler_;
      gen.start_at(cache_.top(), cache_.room());
      x64::BlockEmitter emitter(gen, *block, trampoline_, map_, h.data_context(), options_.profile);
      emitter.emit();
      block->code = cache_.top();
      block->code_bytes = gen.getSize();
      cache_.commit(gen.getSize());
      break;
    } catch (const Xbyak::Error& e) {
      block->exits.clear();
      if (attempt > 0) {
        throw SimulationError(fmt::format("jit: cannot translate the block at pc {:#x}: {}", h.s.pc, e.what()));
      }
      flush_all();
    }
  }
  if (perf_map_) {
    // perf(1) names JIT code by this file: `perf report` shows guest pcs.
    std::fprintf(perf_map_, "%lx %zx guest_%lx\n", reinterpret_cast<unsigned long>(block->code), block->code_bytes,
                 static_cast<unsigned long>(block->vpc));
  }
  if (!dump_dir_.empty()) {
    // The host code of each translation, for objdump -b binary (a debugging aid).
    const std::string path = fmt::format("{}/{:x}-{}.bin", dump_dir_, block->vpc, stats_.blocks_translated);
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
      std::fwrite(block->code, 1, block->code_bytes, f);
      std::fclose(f);
    }
  }
  // From now on a write to these bytes must drop this block.
  bus_.mark_code_page(physical);
  Block* raw = block.get();
  pages_[physical & kPageMask].push_back(raw);
  for (const auto& slot : raw->exits) slots_[slot->rel32] = slot.get();
  blocks_.insert(std::move(block));
  ++stats_.blocks_translated;
  stats_.guest_instructions_translated += raw->count;
  stats_.code_bytes += raw->code_bytes;
  stats_.translate_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return raw;
}

void JitEngine::count_register_use(Block& block) {
  auto count = [&block](unsigned r) {
    if (block.register_use[r] < 255) ++block.register_use[r];
  };
  for (uint32_t i = 0; i < block.count; ++i)
    for (unsigned r : integer_operands(block.insns[i])) count(r);
}

void JitEngine::chain(ChainSlot& slot, Block& target) {
  point(slot, target.code);
  slot.target = &target;
  target.incoming.push_back(&slot);
  ++stats_.chains_made;
}

void JitEngine::drop(Block& block) {
  for (ChainSlot* in : block.incoming) {
    point(*in, in->stub);
    in->target = nullptr;
  }
  for (const auto& out : block.exits) {
    if (out->target && out->target != &block) {
      auto& list = out->target->incoming;
      list.erase(std::remove(list.begin(), list.end(), out.get()), list.end());
    }
    slots_.erase(out->rel32);
  }
  auto& on_page = pages_[block.phys_start & kPageMask];
  on_page.erase(std::remove(on_page.begin(), on_page.end(), &block), on_page.end());
  if (on_page.empty()) pages_.erase(block.phys_start & kPageMask);
  graveyard_.push_back(blocks_.erase(block));
  ++stats_.invalidated_blocks;
}

bool JitEngine::code_written(uint64_t address, uint64_t size) {
  bool dropped = false;
  for (uint64_t page = address & kPageMask; page < address + size; page += kPageSize) {
    const auto it = pages_.find(page);
    if (it == pages_.end()) continue;
    const std::vector<Block*> on_page = it->second;  // drop() edits the list
    for (Block* b : on_page) {
      if (b->phys_start < address + size && address < b->phys_end) {
        drop(*b);
        dropped = true;
      }
    }
  }
  if (dropped) invalidate_jump_tables();
  return dropped;
}

bool JitEngine::page_has_code(uint64_t page) const { return pages_.count(page & kPageMask) != 0; }

void JitEngine::flush_all() {
  for (auto& block : blocks_.take_all()) graveyard_.push_back(std::move(block));
  pages_.clear();
  slots_.clear();
  cache_.reset();
  ++flush_generation_;
  ++stats_.cache_flushes;
  invalidate_jump_tables();
}

void JitEngine::clear_graveyard() {
  for (const auto& block : graveyard_) entries_of_dropped_ += block->entries;
  graveyard_.clear();
}

void JitEngine::invalidate_jump_tables() {
  for (Hart* h : harts_) h->empty_jump_tables();
}

std::string JitEngine::report() const {
  const JitStats& s = stats_;
  std::string out = fmt::format(
      "loom: jit: blocks translated: {} ({} guest instructions, {:.1f} per block), host code {:.1f} KiB, "
      "translation {:.3f} s\n",
      s.blocks_translated, s.guest_instructions_translated,
      s.blocks_translated ? static_cast<double>(s.guest_instructions_translated) / s.blocks_translated : 0.0,
      s.code_bytes / 1024.0, s.translate_seconds);
  if (options_.profile) {
    // Each block counts its own entries: one counter for all would chain
    // every block's head to the previous one's through memory.
    uint64_t entries = entries_of_dropped_, table_hits = 0;
    blocks_.for_each([&entries](const Block& block) { entries += block.entries; });
    for (const auto& block : graveyard_) entries += block->entries;
    for (const Hart* h : harts_) table_hits += h->jump_table_hits;
    const uint64_t chained = entries - std::min(entries, table_hits + s.dispatcher_entries);
    out += fmt::format(
        "loom: jit: block transitions: {} chained, {} jump-table hits (inline), {} through the dispatcher "
        "({} hash lookups); {} chains made; {} steps interpreted\n",
        chained, table_hits, s.dispatcher_entries, s.dispatcher_lookups, s.chains_made, s.interpreted_steps);
  }
  out += fmt::format("loom: jit: invalidated blocks: {}, code cache flushes: {} (cache {:.0f} MiB), register "
                     "remaps: {}\n",
                     s.invalidated_blocks, s.cache_flushes, cache_.capacity() / 1048576.0, s.register_remaps);
  return out;
}

const Block* JitEngine::prepare(Hart& h) {
  clear_graveyard();
  const Block* block = find_block(h);
  return block == &untranslatable_ ? nullptr : block;
}

void JitEngine::run_block(Hart& h, const Block& block) {
  auto& table = tables_for(h).by_mode[h.mode_index()];
  h.stop_retired = h.s.retired + block.count;  // the next block head stops
  h.jump_table = table.data();
  reinterpret_cast<EnterFn>(const_cast<void*>(trampoline_.enter))(&h.context(), block.code);
  rethrow_pending_exception();
  if (h.exception_raised) h.trap_from_run_loop();
}

}  // namespace loom::cpu::jit

namespace loom::cpu {

std::unique_ptr<Engine> make_jit_engine(Bus& bus, const EngineOptions& options) {
  return std::make_unique<jit::JitEngine>(bus, options);
}


}  // namespace loom::cpu
