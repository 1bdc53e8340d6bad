#include "run_control.h"

#include <fmt/format.h>

#include "loom/bridge/cpu_bridge.h"
#include "loom/cpu/snapshot.h"
#include "loom/log/log.h"

namespace loom::cli {
namespace {

constexpr std::chrono::milliseconds kPoll{100};  // how often a paused run looks at signals and dead servers

}  // namespace

const char* run_state_name(RunState state) {
  switch (state) {
    case RunState::Running: return "running";
    case RunState::Paused: return "paused";
    case RunState::Stepping: return "stepping";
    case RunState::StoppedInDebugger: return "stopped in GDB";
    case RunState::PoweredOff: return "powered off";
    case RunState::Rebooting: return "rebooting";
    case RunState::Failed: return "failed";
  }
  return "unknown";
}

RunControl::RunControl(const std::string& address, cpu::Machine& machine, const cpu::StopSource& outside_stop,
                       std::function<bridge::Bridge*()> bridge)
    : machine_(machine), outside_stop_(outside_stop), bridge_(std::move(bridge)) {
  // Only a running board is asked to pause: a request left pending would
  // cut the next step short. Beside GDB, whose loop runs the machine, every
  // command asks (GDB's loop passes over a pause nobody wanted).
  server_ = std::make_unique<bridge::ControlServer>(address, [this] {
    if (running_.load() || beside_debugger_.load()) machine_.request_pause();
  });
  log::info("run control on {} (loom ctl --control {})", address, address);
}

cpu::RunResult RunControl::run(uint64_t max_instructions) {
  for (;;) {
    if (state_ == RunState::Paused) {
      if (auto end = serve_stopped(false)) return *end;
    }
    state_ = RunState::Running;
    running_.store(true);
    // A command that came just before the flag was up asked no pause.
    if (server_->pending()) {
      running_.store(false);
      if (auto end = serve_stopped(false)) return *end;
      continue;
    }
    const cpu::RunResult result = machine_.run(max_instructions);
    running_.store(false);
    if (result.reason != cpu::StopReason::Debug) return result;
    // Only run control pauses a run without GDB.
    if (auto end = serve_stopped(false)) return *end;
  }
}

std::optional<cpu::RunResult> RunControl::serve(bool stopped_by_gdb) { return serve_stopped(stopped_by_gdb); }

std::optional<cpu::RunResult> RunControl::serve_stopped(bool stopped_by_gdb) {
  bridge::ControlCommand command;
  for (;;) {
    // Beside GDB, or for a command that reached a running board: what is
    // waiting, then back. While paused: wait for the next.
    const bool wait = state_ == RunState::Paused && !stopped_by_gdb;
    if (!server_->next(command, wait ? kPoll : std::chrono::milliseconds(0))) {
      if (!wait) return std::nullopt;
      if (outside_stop_.stop_requested()) return outside_stop_.stop_result();
      continue;
    }
    bridge::ControlReply reply;
    std::optional<cpu::RunResult> end = handle(command, stopped_by_gdb, reply);
    fill_status(reply, stopped_by_gdb);
    server_->answer(reply);
    if (end) return end;
  }
}

std::optional<cpu::RunResult> RunControl::handle(const bridge::ControlCommand& command, bool stopped_by_gdb,
                                                 bridge::ControlReply& reply) {
  using Verb = bridge::ControlCommand::Verb;
  auto gdb_holds = [&](const char* what) {
    reply.error = fmt::format("{}: GDB holds the board stopped; continue or step from GDB", what);
  };
  switch (command.verb) {
    case Verb::Status: return std::nullopt;
    case Verb::Pause:
      if (stopped_by_gdb) {
        reply.message = "already stopped (in GDB)";
      } else {
        reply.message = state_ == RunState::Paused ? "already paused" : "paused";
        state_ = RunState::Paused;
      }
      return std::nullopt;
    case Verb::Resume:
      if (stopped_by_gdb) {
        gdb_holds("resume");
        return std::nullopt;
      }
      reply.message = state_ == RunState::Paused ? "resumed" : "already running";
      state_ = RunState::Running;
      return std::nullopt;
    case Verb::Step: {
      if (stopped_by_gdb) {
        gdb_holds("step");
        return std::nullopt;
      }
      state_ = RunState::Stepping;
      const uint64_t before = machine_.stats().instructions;
      cpu::RunResult result;
      uint64_t done = 0;
      // A pause asked for while the board ran (GDB's, a race with a
      // command) does not end a step: it goes on to its count.
      do {
        result = machine_.run_instructions(command.count - done);
        done = machine_.stats().instructions - before;
      } while (result.reason == cpu::StopReason::Debug && machine_.debug_stop().cause == cpu::DebugStop::Cause::Pause &&
               done < command.count);
      state_ = RunState::Paused;
      if (result.reason == cpu::StopReason::Debug) {
        reply.message = fmt::format("stepped {} instruction{}", done, done == 1 ? "" : "s");
        return std::nullopt;
      }
      // The run ended (or reboots: paused after it) within the steps.
      reply.message = fmt::format("stepped {} of {} instructions: {}", done, command.count,
                                  result.message.empty() ? "the run ended" : result.message);
      return result;
    }
    case Verb::Save:
      try {
        cpu::StateWriter out;
        machine_.save(out);
        out.write_file(command.name);
        reply.message = fmt::format("snapshot saved to {} ({} bytes)", command.name, out.data().size());
      } catch (const cpu::SnapshotError& e) {
        reply.error = fmt::format("snapshot save: {}", e.what());
      }
      return std::nullopt;
    case Verb::Load:
      try {
        cpu::StateReader in = cpu::StateReader::from_file(command.name);
        machine_.restore(in);
        reply.message = fmt::format("snapshot {} loaded", command.name);
      } catch (const cpu::SnapshotError& e) {
        reply.error = fmt::format("snapshot load: {}", e.what());
      }
      return std::nullopt;
    case Verb::Quit:
      quit_ = true;
      reply.message = "the run ends";
      return cpu::RunResult{cpu::StopReason::GuestExit, 0, std::string()};
  }
  reply.error = "unknown command";
  return std::nullopt;
}

void RunControl::fill_status(bridge::ControlReply& reply, bool stopped_by_gdb) const {
  reply.state = stopped_by_gdb ? run_state_name(RunState::StoppedInDebugger) : run_state_name(state_);
  if (quit_) reply.state = "quitting";
  const cpu::RunStats stats = machine_.stats();
  reply.simulated_ps = stats.simulated_ps;
  reply.instructions = stats.instructions;
  for (uint32_t hart = 0; hart < machine_.num_harts(); ++hart) reply.pcs.push_back(machine_.hart_state(hart).pc);
  if (const bridge::Bridge* link = bridge_()) reply.links = link->stats_report();
}

void RunControl::ended(const cpu::RunResult& result) {
  switch (result.reason) {
    case cpu::StopReason::GuestExit:
    case cpu::StopReason::InstructionLimit: state_ = RunState::PoweredOff; break;
    case cpu::StopReason::Reset: state_ = RunState::Rebooting; break;
    default: state_ = RunState::Failed; break;
  }
  // Commands that came too late hear how the run ended.
  bridge::ControlCommand command;
  while (server_->next(command, std::chrono::milliseconds(0))) {
    bridge::ControlReply reply;
    fill_status(reply, false);
    reply.error = fmt::format("the run is over ({}{}{})", run_state_name(state_), result.message.empty() ? "" : ": ",
                              result.message);
    server_->answer(reply);
  }
}

}  // namespace loom::cli
