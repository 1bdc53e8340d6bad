#pragma once
// `loom run --control unix:PATH`: the board's run states and the commands
// of `loom ctl` (docs/debugging.md, "Run control").
//
// One state for the whole board: running; paused (by loom ctl, or stopped
// in GDB); stepping; and once the run is over, powered off, rebooting or
// failed. Pausing stops every hart at an instruction boundary; device
// servers only move when the CPU asks them to, so they stand at the same
// simulated time, and resuming goes on exactly as a run never paused.
//
// A command reaches a running board by pausing it (Machine::request_pause);
// a status then resumes it at once, which the guest cannot tell.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "loom/bridge/control.h"
#include "loom/cpu/machine.h"

namespace loom::bridge {
class Bridge;
}

namespace loom::cli {

enum class RunState { Running, Paused, Stepping, StoppedInDebugger, PoweredOff, Rebooting, Failed };
const char* run_state_name(RunState state);

class RunControl {
 public:
  // Listens on `address` (throws bridge::ControlError naming it). `bridge`
  // gives the board's device servers, if any, for the status's links.
  RunControl(const std::string& address, cpu::Machine& machine, const cpu::StopSource& outside_stop,
             std::function<bridge::Bridge*()> bridge);

  // Runs the machine as Machine::run does, serving commands on the way;
  // the run's end (a reboot included: call again after it).
  cpu::RunResult run(uint64_t max_instructions);
  // GdbServerOptions::outside_control: the same commands beside GDB, whose
  // run loop then runs the machine (call beside_debugger() first).
  std::optional<cpu::RunResult> serve(bool stopped_by_gdb);
  void beside_debugger() { beside_debugger_.store(true); }
  // --control-wait: the first run() waits for `loom ctl resume` (or step).
  void start_paused() { state_ = RunState::Paused; }
  // The run ended because `loom ctl quit` asked.
  bool quit() const { return quit_; }
  // The run is over (powered off, failed): commands still waiting hear so.
  void ended(const cpu::RunResult& result);

 private:
  // Serves commands while the machine stands still; waits for more while
  // paused. A result ends the run.
  std::optional<cpu::RunResult> serve_stopped(bool stopped_by_gdb);
  std::optional<cpu::RunResult> handle(const bridge::ControlCommand& command, bool stopped_by_gdb,
                                       bridge::ControlReply& reply);
  void fill_status(bridge::ControlReply& reply, bool stopped_by_gdb) const;

  cpu::Machine& machine_;
  const cpu::StopSource& outside_stop_;
  std::function<bridge::Bridge*()> bridge_;
  std::unique_ptr<bridge::ControlServer> server_;
  RunState state_ = RunState::Running;
  std::atomic<bool> running_{false};  // Machine::run under way: a command must pause it
  std::atomic<bool> beside_debugger_{false};  // GDB's loop runs the machine
  bool quit_ = false;
};

}  // namespace loom::cli
