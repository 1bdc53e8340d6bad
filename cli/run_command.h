#pragma once
// `loom run`: options and execution.

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace loom::cli {

struct RunOptions {
  std::string platform = "bare";
  std::string elf;
  std::string engine = "interp";
  uint64_t max_instructions = 0;
  uint32_t harts = 1;
  bool stats = false;
  bool trace_insn = false;
};

// Exit statuses of `loom run` besides the guest's own exit code.
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInstructionLimit = 124;  // as timeout(1)

void add_run_command(CLI::App& app, RunOptions& options);
int run(const RunOptions& options);

}  // namespace loom::cli
