// loom: the command line of the Loom co-simulation platform.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "run_command.h"
#include "ctl_command.h"
#include "dtb_command.h"
#include "serve_command.h"
#include "loom/log/log.h"

int main(int argc, char** argv) {
  CLI::App app{"Loom: RISC-V hardware/software co-simulation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "loom 0.1.0");
  loom::cli::RunOptions run_options;
  loom::cli::add_run_command(app, run_options);
  loom::cli::ServeOptions serve_options;
  loom::cli::add_serve_command(app, serve_options);
  loom::cli::DtbOptions dtb_options;
  loom::cli::add_dtb_command(app, dtb_options);
  loom::cli::CtlOptions ctl_options;
  loom::cli::add_ctl_command(app, ctl_options);
  // After the subcommands, which would otherwise inherit it: it is `run`'s.
  const std::string run_status = fmt::format(
      "Exit status of `loom run`: the guest's exit code, {} on bad input, a simulation error or output that could "
      "not all be written, {} on a usage error, {} when --max-instructions is reached, 128+N when ended by signal N "
      "({} for Ctrl-C), 141 when the console's reader went away, {} when GDB killed the run, 0 after `loom ctl "
      "quit` (docs/run.md).",
      loom::cli::kExitError, loom::cli::kExitUsage, loom::cli::kExitInstructionLimit, loom::cli::kExitInterrupted,
      loom::cli::kExitKilledFromDebugger);
  app.footer(run_status);
  app.get_subcommand("run")->footer(run_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, naming what was wrong.
    loom::log::error("{} (see loom --help)", e.what());
    return loom::cli::kExitUsage;
  }
  // The one boundary for what the commands do not handle themselves: any
  // exception that escapes is one line and exit status 1, never an abort.
  try {
    if (app.got_subcommand("run")) return loom::cli::run(run_options);
    if (app.got_subcommand("serve")) return loom::cli::serve(serve_options);
    if (app.got_subcommand("dtb")) return loom::cli::write_dtb(dtb_options);
    if (app.got_subcommand("ctl")) return loom::cli::ctl(ctl_options);
  } catch (const std::exception& e) {
    loom::log::error("{}", e.what());
    return loom::cli::kExitError;
  } catch (...) {
    loom::log::error("unexpected error (an exception that is not a std::exception)");
    return loom::cli::kExitError;
  }
  return loom::cli::kExitUsage;
}
