// The frame of a block: trampoline, head (budget check), guest register
// access, exits to the dispatcher, chaining slots and helper calls.
#include <cstddef>

#include "core/hart_context.h"
#include "jit/backend/x64/emitter.h"
#include "jit/runtime.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

namespace {

// Fixed offsets of everything generated code touches.
constexpr uint32_t kOffX = offsetof(HartContext, s) + offsetof(HartState, x);
constexpr uint32_t kOffPc = offsetof(HartContext, s) + offsetof(HartState, pc);
constexpr uint32_t kOffRetired = offsetof(HartContext, s) + offsetof(HartState, retired);
constexpr uint32_t kOffStopRetired = offsetof(HartContext, stop_retired);
constexpr uint32_t kOffJumpTable = offsetof(HartContext, jump_table);
constexpr uint32_t kOffExitPatch = offsetof(HartContext, exit_patch);
constexpr uint32_t kOffJumpTableHits = offsetof(HartContext, jump_table_hits);
static_assert(kOffX == 0, "x[] first: register slots need no displacement beyond 8*r");
static_assert(offsetof(JumpEntry, vpc) == 0 && offsetof(JumpEntry, code) == 8);
static_assert(sizeof(HartContext) < (1u << 31), "displacements are 32-bit");

void push_callee_saved(Xbyak::CodeGenerator& g) {
  g.push(rbx);
  g.push(rbp);
  g.push(r12);
  g.push(r13);
  g.push(r14);
  g.push(r15);
  g.sub(rsp, 8);  // 6 pushes + return address: realign to 16 for helper calls
}

void pop_callee_saved(Xbyak::CodeGenerator& g) {
  g.add(rsp, 8);
  g.pop(r15);
  g.pop(r14);
  g.pop(r13);
  g.pop(r12);
  g.pop(rbp);
  g.pop(rbx);
}

// The budget register <-> s.retired (the block heads pre-count whole blocks).
void load_budget(Xbyak::CodeGenerator& g) {
  g.mov(r11, g.qword[rbx + kOffStopRetired]);
  g.sub(r11, g.qword[rbx + kOffRetired]);
}
void store_retired(Xbyak::CodeGenerator& g, const Xbyak::Reg64& scratch) {
  g.mov(scratch, g.qword[rbx + kOffStopRetired]);
  g.sub(scratch, r11);
  g.mov(g.qword[rbx + kOffRetired], scratch);
}

}  // namespace

Trampoline emit_trampoline(Xbyak::CodeGenerator& g, const RegisterMap& map) {
  static_assert(kBudgetRegister == Xbyak::Operand::R11);
  Trampoline t;
  t.enter = g.getCurr();
  push_callee_saved(g);
  g.mov(rbx, rdi);
  g.mov(rax, rsi);  // rdi and rsi hold guest registers from here on
  for (const MappedRegister& m : map.mapped()) g.mov(Xbyak::Reg64(m.host), g.qword[rbx + 8 * m.guest]);
  load_budget(g);
  g.jmp(rax);
  g.align(16);
  // After a helper that ends the block, the state already holds every
  // register: skip the write-back.
  t.exit_after_helper = g.getCurr();
  g.mov(eax, kExitToDispatcher);
  pop_callee_saved(g);
  g.ret();
  g.align(16);
  // Helper thunks: rax = the DecodedInsn, rdx = its pc, ecx = the block's
  // instructions not yet retired (see jit/runtime.h); eax = the answer.
  auto thunk = [&g, &map](const void* helper) {
    const void* at = g.getCurr();
    for (const MappedRegister& m : map.mapped()) g.mov(g.qword[rbx + 8 * m.guest], Xbyak::Reg64(m.host));
    store_retired(g, rdi);  // rdi is written back already: free
    g.mov(rsi, rax);
    g.mov(rdi, rbx);
    g.sub(rsp, 8);  // the call to the thunk misaligned the stack
    g.mov(rax, reinterpret_cast<uint64_t>(helper));
    g.call(rax);
    g.add(rsp, 8);
    for (const MappedRegister& m : map.mapped()) g.mov(Xbyak::Reg64(m.host), g.qword[rbx + 8 * m.guest]);
    load_budget(g);
    g.ret();
    return at;
  };
  g.align(16);
  t.call_in_block = thunk(reinterpret_cast<const void*>(&execute_in_block));
  g.align(16);
  t.call_last = thunk(reinterpret_cast<const void*>(&execute_last));
  g.align(16);
  t.exit_at_rax = g.getCurr();
  g.mov(g.qword[rbx + kOffPc], rax);
  g.mov(eax, kExitToDispatcher);  // and on into the exit
  t.exit = g.getCurr();
  for (const MappedRegister& m : map.mapped()) g.mov(g.qword[rbx + 8 * m.guest], Xbyak::Reg64(m.host));
  store_retired(g, rcx);
  pop_callee_saved(g);
  g.ret();
  return t;
}

BlockEmitter::BlockEmitter(Xbyak::CodeGenerator& gen, Block& block, const Trampoline& trampoline,
                           const RegisterMap& map, unsigned data_context, bool profile)
    : g_(gen), block_(block), trampoline_(trampoline), map_(map), data_context_(data_context), profile_(profile) {
  for (unsigned r = 0; r < 32; ++r) host_of_[r] = map_.host_of(r);
}

Xbyak::Address BlockEmitter::slot(unsigned r) const { return g_.qword[rbx + kOffX + 8 * r]; }
Xbyak::Address BlockEmitter::slot32(unsigned r) const { return g_.dword[rbx + kOffX + 8 * r]; }

Xbyak::Reg64 BlockEmitter::read(unsigned r, const Reg64& scratch) {
  if (r == 0) {
    g_.xor_(scratch.cvt32(), scratch.cvt32());
    return scratch;
  }
  if (mapped(r)) return host(r);
  g_.mov(scratch, slot(r));
  return scratch;
}

void BlockEmitter::read_into(const Reg64& dst, unsigned r) {
  const Reg64 v = read(r, dst);
  if (v.getIdx() != dst.getIdx()) g_.mov(dst, v);
}

void BlockEmitter::write(unsigned r, const Reg64& value) {
  if (r == 0) return;
  if (mapped(r)) {
    if (host(r).getIdx() != value.getIdx()) g_.mov(host(r), value);
  } else {
    g_.mov(slot(r), value);
  }
}

void BlockEmitter::emit() {
  // Head: the block retires `count` instructions unless the budget is
  // shorter; then the dispatcher runs the rest one by one (exact stops).
  Xbyak::Label no_budget;
  g_.sub(r11, block_.count);
  g_.jb(no_budget, Xbyak::CodeGenerator::T_NEAR);
  count_entry();
  defer([this, no_budget]() mutable {
    g_.L(no_budget);
    g_.add(r11, block_.count);
    exit_with_pc(block_.vpc, kExitNoBudget);
  });

  if (loops_to_itself()) {
    self_loop_ = true;
    plan_borrowing();
    borrow();
    g_.L(loop_);
  }
  for (index_ = 0; index_ < block_.count; ++index_) emit_instruction(index_);
  const DecodedInsn& last = block_.insns[block_.count - 1];
  // A block that stopped at its length limit or the page end falls through.
  if (!ends_block(last.op)) jump_direct(block_.pcs[block_.count - 1] + last.length);

  // Cold code after the hot path; callbacks may add more callbacks.
  for (size_t i = 0; i < cold_.size(); ++i) {
    auto cold = std::move(cold_[i]);
    cold();
  }
}

void BlockEmitter::count_entry() {
  if (!profile_) return;
  g_.mov(rax, reinterpret_cast<uint64_t>(&block_.entries));  // rax is free at a block head
  g_.inc(g_.qword[rax]);
}

void BlockEmitter::exit_with_pc(uint64_t pc, ExitReason reason) {
  g_.mov(rax, pc);
  g_.mov(g_.qword[rbx + kOffPc], rax);
  g_.mov(eax, reason);
  g_.jmp(trampoline_.exit, Xbyak::CodeGenerator::T_NEAR);
}

void BlockEmitter::jump_direct(uint64_t target, const std::function<void(Xbyak::Label&)>& conditional) {
  const bool same_page = (target >> 12) == (block_.vpc >> 12);
  if (!same_page) {
    Xbyak::Label skip;
    if (conditional) {
      // Cross-page and conditional: only the taken path probes.
      Xbyak::Label taken;
      conditional(taken);
      g_.jmp(skip, Xbyak::CodeGenerator::T_NEAR);
      g_.L(taken);
    }
    g_.mov(rax, target);
    jump_indirect();
    g_.L(skip);
    return;
  }
  // A patchable jmp/jcc rel32, first to its stub; the dispatcher chains it.
  auto slot_record = std::make_unique<ChainSlot>();
  ChainSlot* chain = slot_record.get();
  chain->owner = &block_;
  block_.exits.push_back(std::move(slot_record));
  Xbyak::Label stub;
  if (conditional) {
    conditional(stub);  // jcc rel32: 0F 8x + 4 bytes
  } else {
    g_.jmp(stub, Xbyak::CodeGenerator::T_NEAR);  // E9 + 4 bytes
  }
  chain->end = const_cast<uint8_t*>(g_.getCurr());
  chain->rel32 = chain->end - 4;
  defer([this, chain, stub, target]() mutable {
    g_.L(stub);
    chain->stub = const_cast<uint8_t*>(g_.getCurr());
    g_.mov(rax, reinterpret_cast<uint64_t>(chain->rel32));
    g_.mov(g_.qword[rbx + kOffExitPatch], rax);
    exit_with_pc(target, kExitChainable);
  });
}

void BlockEmitter::jump_indirect() {
  // rax = guest target. Probe the jump table of the current mode: a hit
  // goes straight to the target block's head; s.pc is written only on a miss.
  Xbyak::Label miss;
  static_assert(sizeof(JumpEntry) == 32);
  g_.mov(rdx, g_.qword[rbx + kOffJumpTable]);
  g_.mov(ecx, eax);
  g_.and_(ecx, (kJumpTableEntries - 1) << 1);
  g_.shl(ecx, 4);  // jump_index(vpc) * sizeof(JumpEntry)
  g_.add(rdx, rcx);
  g_.cmp(rax, g_.qword[rdx]);
  g_.jne(miss, Xbyak::CodeGenerator::T_NEAR);
  if (profile_) g_.inc(g_.qword[rbx + kOffJumpTableHits]);
  g_.jmp(g_.qword[rdx + 8]);
  defer([this, miss]() mutable {
    g_.L(miss);
    g_.mov(g_.qword[rbx + kOffPc], rax);
    g_.mov(eax, kExitToDispatcher);
    g_.jmp(trampoline_.exit, Xbyak::CodeGenerator::T_NEAR);
  });
}

void BlockEmitter::emit_helper(unsigned index, bool last) {
  // The interpreter's semantics, through a shared thunk that writes the
  // mapped registers back and reloads them: a call site is ~30 bytes.
  const uint64_t unretired = block_.count - index;
  release();  // helpers see the state; the thunk keeps the global map
  g_.mov(rax, reinterpret_cast<uint64_t>(&block_.insns[index]));
  g_.mov(rdx, block_.pcs[index]);
  g_.mov(ecx, static_cast<uint32_t>(unretired));
  g_.call(last ? trampoline_.call_last : trampoline_.call_in_block);
  if (last) {
    // A trap or a break leaves (the state already holds every register);
    // otherwise go on at the next pc through the jump table.
    Xbyak::Label go_on;
    g_.test(eax, eax);
    g_.jz(go_on, Xbyak::CodeGenerator::T_NEAR);
    g_.jmp(trampoline_.exit_after_helper, Xbyak::CodeGenerator::T_NEAR);
    g_.L(go_on);
    g_.mov(rax, g_.qword[rbx + kOffPc]);
    jump_indirect();
    return;
  }
  Xbyak::Label leave;
  g_.test(eax, eax);
  g_.jnz(leave, Xbyak::CodeGenerator::T_NEAR);
  borrow();
  defer([this, leave]() mutable {
    g_.L(leave);
    g_.mov(eax, kExitToDispatcher);
    g_.jmp(trampoline_.exit, Xbyak::CodeGenerator::T_NEAR);
  });
}

void BlockEmitter::emit_instruction(unsigned index) {
  const DecodedInsn& d = block_.insns[index];
  const bool last = index + 1 == block_.count;
  if (ends_block(d.op) && is_branch_or_jump(d.op)) return emit_branch(index, d);
  if (ends_block(d.op)) return emit_helper(index, true);
  if (emit_alu(d) || emit_alu_word(d) || emit_muldiv(d) || emit_bitmanip(d) || emit_memory(index, d) || emit_fp(d)) {
    return;
  }
  emit_helper(index, last && ends_block(d.op));
}

}  // namespace loom::cpu::jit::x64
