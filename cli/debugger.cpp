#include "debugger.h"

#include "loom/bridge/control.h"
#include "loom/bridge/cpu_bridge.h"
#include "loom/log/log.h"
#include "run_command.h"
#include "run_control.h"

namespace loom::cli {

int check_debugger_options(const RunOptions& o) {
  if (o.gdb_wait && o.gdb.empty()) {
    log::error("--gdb-wait: needs --gdb ADDRESS (e.g. --gdb :1234)");
    return kExitUsage;
  }
  if (o.control_wait && o.control.empty()) {
    log::error("--control-wait: needs --control unix:PATH");
    return kExitUsage;
  }
  if (!o.control.empty()) {
    try {
      bridge::control_socket_path(o.control);
    } catch (const bridge::ControlError& e) {
      log::error("{}", e.what());
      return kExitUsage;
    }
  }
  if (o.gdb.empty()) return 0;
  try {
    debug::parse_gdb_address(o.gdb);
  } catch (const debug::GdbAddressError& e) {
    log::error("{}", e.what());
    return kExitUsage;
  }
  return 0;
}

std::string debugger_socket_path(const RunOptions& o) {
  if (o.gdb.empty()) return {};
  const debug::GdbAddress address = debug::parse_gdb_address(o.gdb);
  return address.kind == debug::GdbAddress::Kind::Unix ? address.path : std::string();
}

int run_exit_status(const cpu::RunResult& result) {
  switch (result.reason) {
    case cpu::StopReason::GuestExit:
      return result.exit_code < 0 || result.exit_code > 255 ? kExitError : result.exit_code;
    case cpu::StopReason::InstructionLimit: return kExitInstructionLimit;
    default: return kExitError;
  }
}

std::unique_ptr<debug::GdbServer> start_debugger(const RunOptions& o, cpu::Machine& machine,
                                                 const cpu::StopSource& outside_stop,
                                                 std::function<bridge::Bridge*()> bridge, RunControl* control) {
  debug::GdbServerOptions options;
  options.address = debug::parse_gdb_address(o.gdb);
  options.wait_for_attach = o.gdb_wait;
  options.outside_stop = &outside_stop;
  options.exit_status = run_exit_status;
  options.reset_board = [&machine, bridge] {
    machine.reset();
    try {
      if (bridge::Bridge* link = bridge()) link->reset(machine.stats().simulated_ps);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  options.board_report = [bridge] {
    const bridge::Bridge* link = bridge();
    return link ? link->stats_report() : std::string();
  };
  if (control) {
    control->beside_debugger();
    options.outside_control = [control](bool stopped_by_gdb) { return control->serve(stopped_by_gdb); };
  }
  return std::make_unique<debug::GdbServer>(machine, std::move(options));
}

}  // namespace loom::cli
