#pragma once
// `loom run --gdb ADDRESS [--gdb-wait]`: the GDB server wired to a run
// (docs/debugging.md). The server itself is loom::debug; this is what the
// command line and the board give it.

#include <functional>
#include <memory>
#include <string>

#include "loom/cpu/machine.h"
#include "loom/debug/gdb_server.h"

namespace loom::bridge {
class Bridge;
}

namespace loom::cli {

struct RunOptions;
class RunControl;

// The debugger options' own usage errors (--gdb-wait without --gdb, an
// address that is not one), printed; 0 or kExitUsage.
int check_debugger_options(const RunOptions& options);
// The unix socket --gdb creates, if any (an output of the run).
std::string debugger_socket_path(const RunOptions& options);

// The exit status `loom run` gives a run that ended with `result`, as GDB
// is told it ("exited with code N").
int run_exit_status(const cpu::RunResult& result);

// Listens on --gdb's address (throws std::runtime_error naming it when it
// cannot). `bridge` gives the board's device servers, if any, when asked
// (monitor reset, monitor stats).
// `control`, if any, serves loom ctl beside GDB.
std::unique_ptr<debug::GdbServer> start_debugger(const RunOptions& options, cpu::Machine& machine,
                                                 const cpu::StopSource& outside_stop,
                                                 std::function<bridge::Bridge*()> bridge, RunControl* control);

}  // namespace loom::cli
