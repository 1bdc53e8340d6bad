#pragma once
// Which guest registers live in host registers while translated code runs.
//
// One map for all blocks at a time, so that chained blocks need no
// shuffling at their boundaries: registers are loaded once on entry to
// translated code and written back on exit and around helper calls. rbx
// holds the hart context; r11 the instructions left in the budget
// (stop_retired - retired, so a block head is one `sub` and one `jb`);
// rax, rcx and rdx are scratch; x0 is never mapped.
//
// The map starts with the registers compiled code uses most (sp, s0,
// a0-a7) and is chosen again from the registers that translated blocks
// really use once the hot code is known (JitEngine::maybe_remap): loops in
// s- and t-registers then get host registers too.

#include <xbyak/xbyak.h>

#include <algorithm>
#include <array>
#include <vector>

namespace loom::cpu::jit::x64 {

inline constexpr Xbyak::Operand::Code kBudgetRegister = Xbyak::Operand::R11;

// The host registers guest registers may occupy, in order of assignment.
inline constexpr std::array<Xbyak::Operand::Code, 10> kGuestHostRegisters{
    Xbyak::Operand::R12, Xbyak::Operand::R13, Xbyak::Operand::R14, Xbyak::Operand::R15, Xbyak::Operand::RBP,
    Xbyak::Operand::RSI, Xbyak::Operand::RDI, Xbyak::Operand::R8,  Xbyak::Operand::R9,  Xbyak::Operand::R10,
};

struct MappedRegister {
  unsigned guest;
  Xbyak::Operand::Code host;
};

class RegisterMap {
 public:
  // `guests`: up to ten guest registers (not x0), most important first.
  explicit RegisterMap(const std::vector<unsigned>& guests) {
    host_of_.fill(-1);
    for (size_t i = 0; i < guests.size() && i < kGuestHostRegisters.size(); ++i) {
      if (guests[i] == 0 || guests[i] >= 32) continue;
      mapped_.push_back({guests[i], kGuestHostRegisters[i]});
      host_of_[guests[i]] = kGuestHostRegisters[i];
    }
  }
  static RegisterMap initial() { return RegisterMap({2, 8, 10, 11, 12, 13, 14, 15, 16, 17}); }

  int host_of(unsigned guest) const { return host_of_[guest]; }
  const std::vector<MappedRegister>& mapped() const { return mapped_; }
  bool maps(unsigned guest) const { return host_of_[guest] >= 0; }

 private:
  std::array<int, 32> host_of_{};
  std::vector<MappedRegister> mapped_;
};

}  // namespace loom::cpu::jit::x64
