#pragma once
// Emits the host code of one block (dynarmic's backend/x64 split: this
// class holds the per-block state; emit_*.cpp hold the emitters of each
// instruction class). Hot code is straight-line; slow paths (TLB misses,
// MMIO, exits to the dispatcher) are collected and placed after it.

#include <xbyak/xbyak.h>

#include <array>
#include <functional>
#include <vector>

#include "frontend/decoded_insn.h"
#include "frontend/op_flags.h"
#include "jit/backend/x64/register_map.h"
#include "jit/block.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu::jit::x64 {

inline bool is_branch_or_jump(Op op) {
  switch (op) {
    case Op::JAL: case Op::JALR: case Op::BEQ: case Op::BNE: case Op::BLT: case Op::BGE: case Op::BLTU: case Op::BGEU:
      return true;
    default: return false;
  }
}

// Reasons translated code returns to the dispatcher (in eax).
enum ExitReason : uint32_t {
  kExitToDispatcher = 0,  // s.pc is the next pc; look it up (or a helper ended the block)
  kExitChainable = 1,     // as 0, and exit_patch names a jmp that may be chained
  kExitNoBudget = 2,      // the block does not fit in the budget: s.pc = block start
};

// Addresses inside the code cache that every block jumps to.
struct Trampoline {
  const void* enter = nullptr;  // uint32_t enter(HartContext*, const void* code)
  const void* exit = nullptr;   // write back mapped registers, return eax
  const void* exit_after_helper = nullptr;  // return kExitToDispatcher, registers already in the state
  // A jump-table entry for a pc the dispatcher must step (see
  // JitEngine::find_block): s.pc = rax, back to the dispatcher.
  const void* exit_at_rax = nullptr;
  const void* call_in_block = nullptr;      // helper thunks (emit_helper)
  const void* call_last = nullptr;
};

// Emits the entry/exit trampoline into `gen`.
Trampoline emit_trampoline(Xbyak::CodeGenerator& gen, const RegisterMap& map);

class BlockEmitter {
 public:
  // `profile`: count block entries and jump-table hits (--stats).
  BlockEmitter(Xbyak::CodeGenerator& gen, Block& block, const Trampoline& trampoline, const RegisterMap& map,
               unsigned data_context, bool profile);
  // Emits the whole block (Xbyak::Error when `gen` runs out of room).
  void emit();

 private:
  using Reg64 = Xbyak::Reg64;
  using Address = Xbyak::Address;

  // ---- guest registers -----------------------------------------------------
  // The global map, except in a loop block (below).
  bool mapped(unsigned r) const { return host_of_[r] >= 0; }
  Reg64 host(unsigned r) const { return Reg64(host_of_[r]); }
  Address slot(unsigned r) const;  // x[r] in the hart state
  Address slot32(unsigned r) const;  // its low word
  // The value of x[r] in a register: its host register, or `scratch` loaded.
  Reg64 read(unsigned r, const Reg64& scratch);
  void read_into(const Reg64& dst, unsigned r);
  void write(unsigned r, const Reg64& value);
  // Calls f with x[r] as an x86 source operand: its host register, else
  // its slot in memory (x86 folds the load into the operation), or a
  // zeroed rcx for x0. `word`: the low 32 bits.
  template <typename F>
  void with_operand(unsigned r, bool word, F&& f) {
    if (mapped(r)) return word ? f(host(r).cvt32()) : f(host(r));
    if (r == 0) {
      g_.xor_(Xbyak::util::ecx, Xbyak::util::ecx);
      return word ? f(Xbyak::util::ecx) : f(Xbyak::util::rcx);
    }
    return word ? f(slot32(r)) : f(slot(r));
  }

  // ---- loop blocks (emit_loop.cpp) -----------------------------------------
  // A block whose last instruction jumps back to its own start loops
  // inside its code. Its unmapped registers then borrow the host registers
  // of mapped ones it does not use, for the whole loop: the displaced
  // values go to the state on entry and come back on every way out
  // (release), so that outside the loop the global map holds.
  struct Borrow {
    unsigned guest;     // the loop's register now in `host`
    unsigned displaced;  // the mapped register whose host register it is
    Xbyak::Operand::Code host;
  };
  bool loops_to_itself() const;
  void plan_borrowing();
  void borrow();   // displaced registers to the state, borrowed ones in
  void release();  // the reverse: the global map holds again
  // The back edge: counts the next iteration against the budget.
  void loop_back();

  // ---- instruction classes (emit_*.cpp) ------------------------------------
  void emit_instruction(unsigned index);
  bool emit_alu(const DecodedInsn& d);
  bool emit_alu_word(const DecodedInsn& d);
  bool emit_muldiv(const DecodedInsn& d);
  bool emit_bitmanip(const DecodedInsn& d);
  bool emit_memory(unsigned index, const DecodedInsn& d);
  bool emit_fp(const DecodedInsn& d);
  void emit_fp_arith(const DecodedInsn& d, bool single);
  // F/D support (emit_fp.cpp): f[r] in the state, the FS gate, FS dirty,
  // and the conditions under which the host computes the soft-float's bits.
  uint32_t fp_offset(unsigned r) const;
  void require_fp_enabled(Xbyak::Label& otherwise);
  void require_host_rounding(const DecodedInsn& d, Xbyak::Label& otherwise);
  void mark_fp_dirty();
  void emit_branch(unsigned index, const DecodedInsn& d);
  void emit_helper(unsigned index, bool last);
  void emit_divide(const DecodedInsn& d, bool is_signed, bool remainder, bool word);

  // ---- control flow out of the block ---------------------------------------
  // Leaves for the guest address in rax: probes the hart's jump table inline.
  void jump_indirect();
  // Leaves for a known guest address: chained if on the block's page.
  // With `conditional` (emits a near jcc to the label given), only when the
  // condition holds; the jcc itself is then the patchable slot.
  void jump_direct(uint64_t target, const std::function<void(Xbyak::Label&)>& conditional = {});
  void exit_with_pc(uint64_t pc, ExitReason reason);
  void count_entry();  // Block::entries, when profiling
  void effective_address(const DecodedInsn& d);  // rax = x[rs1] + imm
  uint32_t tlb_offset(AccessType access) const;
  // Slow paths are emitted after the hot code.
  void defer(std::function<void()> cold) { cold_.push_back(std::move(cold)); }

  Xbyak::CodeGenerator& g_;
  Block& block_;
  Trampoline trampoline_;
  const RegisterMap& map_;
  unsigned data_context_;
  bool profile_;
  unsigned index_ = 0;  // instruction being emitted
  std::vector<std::function<void()>> cold_;
  std::array<int, 32> host_of_{};
  std::vector<Borrow> borrowed_;
  bool self_loop_ = false;
  Xbyak::Label loop_;  // the loop body's start, after the borrowing
};

}  // namespace loom::cpu::jit::x64
