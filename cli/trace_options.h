#pragma once
// --trace-insn and its filters: which harts, which pc range, which
// privilege modes, and a window of each hart's retired instructions. Outside
// the window a hart runs on the chosen engine at full speed, so a trace deep
// into a Linux boot costs little more than the boot.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "loom/cpu/machine.h"

namespace loom::cli {

struct TraceOptions {
  bool insn = false;
  std::vector<uint32_t> harts;
  std::string pc;     // "ADDR" or "LOW-HIGH" (inclusive)
  std::string modes;  // letters of M, S, U, e.g. "S,U"
  uint64_t from = 0;
  uint64_t count = 0;  // 0: no end
  std::string bridge;  // --trace-bridge FILE
};

void add_trace_options(CLI::App* run, TraceOptions& options);

// The filter the options describe, for a board of `num_harts` harts.
// Throws UsageError naming the option (a filter without --trace-insn, a
// hart the board does not have, a malformed range).
cpu::TraceFilter trace_filter(const TraceOptions& options, uint32_t num_harts);

}  // namespace loom::cli
