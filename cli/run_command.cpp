#include "run_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "loom/cpu/bare_platform.h"
#include "loom/cpu/loader.h"

namespace loom::cli {

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "Run a program on a platform");
  run->add_option("--platform", o.platform, "Platform to build (built-in: bare)")->capture_default_str();
  run->add_option("--elf", o.elf, "Bare-metal RISC-V ELF to load; harts start at its entry point")
      ->check(CLI::ExistingFile);
  run->add_option("--engine", o.engine, "Execution engine")
      ->check(CLI::IsMember({"interp"}))
      ->capture_default_str();
  run->add_option("--max-instructions", o.max_instructions,
                  fmt::format("Stop after N retired instructions (all harts) with exit status {}; 0 = no limit",
                              kExitInstructionLimit))
      ->capture_default_str();
  run->add_option("--harts", o.harts, "Number of harts")->check(CLI::Range(1u, 64u))->capture_default_str();
  run->add_flag("--stats", o.stats, "Print instructions retired, simulated time and host MIPS at exit (stderr)");
  run->add_flag("--trace-insn", o.trace_insn,
                "Print every instruction (pc, encoding, disassembly, register writes) to stderr");
}

int run(const RunOptions& o) {
  if (o.platform != "bare") {
    std::cerr << fmt::format("loom: unknown platform '{}' (available: bare)\n", o.platform);
    return kExitUsage;
  }
  if (o.elf.empty()) {
    std::cerr << "loom: the bare platform needs a program: --elf FILE\n";
    return kExitUsage;
  }
  std::unique_ptr<cpu::Machine> machine;
  try {
    cpu::BarePlatformOptions bare;
    bare.elf_path = o.elf;
    bare.num_harts = o.harts;
    bare.console = &std::cout;
    machine = cpu::build_bare_platform(bare);
  } catch (const std::exception& e) {
    std::cerr << "loom: " << e.what() << '\n';
    return kExitError;
  }
  if (o.trace_insn) machine->set_trace(&std::cerr);

  const cpu::RunResult result = machine->run(o.max_instructions);
  std::cout.flush();
  if (o.stats) {
    const cpu::RunStats s = machine->stats();
    const double mips = s.host_seconds > 0 ? static_cast<double>(s.instructions) / s.host_seconds / 1e6 : 0.0;
    std::cerr << fmt::format("loom: instructions retired: {}\n", s.instructions)
              << fmt::format("loom: simulated time:       {}.{:06} ms\n", s.simulated_ps / 1'000'000'000,
                             (s.simulated_ps % 1'000'000'000) / 1000)
              << fmt::format("loom: host time:            {:.3f} s\n", s.host_seconds)
              << fmt::format("loom: host speed:           {:.1f} MIPS\n", mips);
  }
  switch (result.reason) {
    case cpu::StopReason::GuestExit: return result.exit_code;
    case cpu::StopReason::InstructionLimit:
      std::cerr << "loom: " << result.message << '\n';
      return kExitInstructionLimit;
    case cpu::StopReason::Error:
      std::cerr << "loom: " << result.message << '\n';
      return kExitError;
  }
  return kExitError;
}

}  // namespace loom::cli
