// The debugger's run loop: the machine runs (Machine::run, full speed)
// while a watcher thread waits on the socket; GDB's Ctrl-C, a new GDB or a
// hang-up make it ask the machine to pause, and the loop then serves GDB's
// packets until GDB resumes, detaches or kills.
#include "loom/debug/gdb_server.h"

#include <optional>

#include <poll.h>

#include "connection.h"
#include "loom/log/log.h"
#include "session.h"
#include "target.h"

namespace loom::debug {
namespace {

constexpr int kPollMs = 100;  // how often a wait for GDB looks at outside_stop

int default_exit_status(const cpu::RunResult& result) {
  switch (result.reason) {
    case cpu::StopReason::GuestExit: return result.exit_code;
    case cpu::StopReason::InstructionLimit: return 124;
    default: return 1;
  }
}

}  // namespace

struct GdbServer::Impl {
  Impl(cpu::Machine& m, GdbServerOptions o)
      : machine(m), options(std::move(o)), listener(options.address), target(m),
        watcher([&m] { m.request_pause(); }) {}

  enum class Served { Resumed, Detached, Killed, OutsideStop, ControlEnded };

  cpu::Machine& machine;
  GdbServerOptions options;
  Listener listener;
  Target target;
  ActivityWatcher watcher;
  std::unique_ptr<Connection> connection;
  std::optional<Session> session;
  // What GDB asked for last; None: no GDB is waiting for a stop.
  Resume resume;
  bool started = false;
  bool killed = false;
  // A step GDB asked for ended in the guest's reboot: once the board is
  // reset (run() again), GDB hears that the step is done.
  bool step_ended_by_reset = false;
  std::optional<cpu::RunResult> control_end;  // how run control ended the run

  // Run control's turn (GdbServerOptions::outside_control); true if it
  // ended the run (control_end says how).
  bool control_ends(bool stopped_by_gdb) {
    if (!options.outside_control) return false;
    control_end = options.outside_control(stopped_by_gdb);
    return control_end.has_value();
  }

  bool outside_stop() const { return options.outside_stop && options.outside_stop->stop_requested(); }

  MonitorHooks hooks() const { return {options.reset_board, options.board_report}; }

  bool accept(const cpu::DebugStop& where) {
    const int fd = listener.accept_one();
    if (fd < 0) return false;
    connection = std::make_unique<Connection>(fd);
    session.emplace(target, hooks());
    session->attached(where);
    resume = {};
    log::info("GDB attached on {}", listener.description());
    return true;
  }

  // GDB left (detach, hang-up): nothing of it stays in the machine.
  void disconnect(const char* how) {
    target.remove_all_points();
    target.set_physical(false);
    connection.reset();
    session.reset();
    resume = {};
    log::info("GDB {}; the run goes on", how);
  }

  // Serves packets while the machine stands still.
  Served serve() {
    for (;;) {
      rsp::Event event;
      switch (connection->next(event, kPollMs)) {
        case Connection::Wait::Timeout:
          if (outside_stop()) return Served::OutsideStop;
          if (control_ends(true)) return Served::ControlEnded;
          continue;
        case Connection::Wait::Closed: disconnect("hung up"); return Served::Detached;
        case Connection::Wait::Event: break;
      }
      if (event.kind != rsp::Event::Kind::Packet) continue;  // Ctrl-C while stopped: nothing to stop
      const SessionAction action = session->handle(event.payload);
      if (action.reply && !connection->send(*action.reply)) {
        disconnect("hung up");
        return Served::Detached;
      }
      if (action.stop_acks) connection->stop_acknowledging();
      if (action.kill) return Served::Killed;
      if (action.detach) {
        disconnect("detached");
        return Served::Detached;
      }
      if (action.resume.kind != Resume::Kind::None) {
        resume = action.resume;
        return Served::Resumed;
      }
    }
  }

  // Waits for the first GDB (--gdb-wait). False: told to stop meanwhile.
  bool wait_for_first_gdb() {
    log::info("waiting for GDB on {} (--gdb-wait)", listener.description());
    const cpu::DebugStop reset_stop{cpu::DebugStop::Cause::Pause, 0, machine.hart_state(0).pc, {}, 0};
    for (;;) {
      pollfd in{listener.fd(), POLLIN, 0};
      if (poll(&in, 1, kPollMs) > 0 && accept(reset_stop)) return true;
      if (outside_stop() || control_ends(true)) return false;
    }
  }

  // The run is over: GDB hears how, and the connection ends with it.
  void tell_run_ended(const cpu::RunResult& result) {
    if (!connection) return;
    const int status = options.exit_status ? options.exit_status(result) : default_exit_status(result);
    for (const std::string& packet : session->run_ended(result, status)) {
      if (!connection->send(packet)) break;
    }
    connection.reset();
    session.reset();
  }
};

GdbServer::GdbServer(cpu::Machine& machine, GdbServerOptions options)
    : impl_(std::make_unique<Impl>(machine, std::move(options))) {
  if (!impl_->options.wait_for_attach) log::info("GDB can attach on {}", impl_->listener.description());
}

GdbServer::~GdbServer() = default;

std::string GdbServer::listening_on() const { return impl_->listener.description(); }

bool GdbServer::killed() const { return impl_->killed; }

cpu::RunResult GdbServer::run(uint64_t max_instructions) {
  Impl& s = *impl_;
  using Served = Impl::Served;
  auto after_serving = [&s](Served served) -> std::optional<cpu::RunResult> {
    switch (served) {
      case Served::Resumed:
      case Served::Detached: return std::nullopt;
      case Served::Killed:
        s.killed = true;
        s.connection.reset();
        s.session.reset();
        return cpu::RunResult{cpu::StopReason::Error, 1, "killed from GDB"};
      case Served::OutsideStop: return s.options.outside_stop->stop_result();
      case Served::ControlEnded:
        s.tell_run_ended(*s.control_end);
        return *s.control_end;
    }
    return std::nullopt;
  };

  if (!s.started) {
    s.started = true;
    if (s.options.wait_for_attach) {
      if (!s.wait_for_first_gdb()) return s.control_end ? *s.control_end : s.options.outside_stop->stop_result();
      if (auto end = after_serving(s.serve())) return *end;
    }
  }
  // Reports `stop` to GDB and serves it until it resumes; a result when
  // that ended the run.
  auto report = [&s, &after_serving](const cpu::DebugStop& stop, bool interrupted) -> std::optional<cpu::RunResult> {
    if (!s.connection->send(s.session->stopped(stop, interrupted))) {
      s.disconnect("hung up");
      return std::nullopt;
    }
    s.resume = {};
    return after_serving(s.serve());
  };
  if (s.step_ended_by_reset) {
    s.step_ended_by_reset = false;
    if (s.connection) {
      const uint32_t hart = s.resume.hart;
      if (auto end = report({cpu::DebugStop::Cause::Step, hart, s.machine.hart_state(hart).pc, {}, 0}, false)) return *end;
    }
  }
  // The run ends: GDB hears how.
  auto finish = [&s](const cpu::RunResult& result) {
    s.tell_run_ended(result);
    return result;
  };
  for (;;) {
    cpu::RunResult result;
    bool activity = false;
    if (s.resume.kind == Resume::Kind::Step) {
      result = s.machine.step(s.resume.hart);
    } else {
      s.watcher.watch(s.connection ? s.connection->fd() : s.listener.fd());
      // A Ctrl-C read together with the packet that resumed is in no
      // socket any more for the watcher to see.
      const bool interrupt_already = s.connection && s.connection->interrupt_queued();
      if (interrupt_already) s.machine.request_pause();
      result = s.machine.run(max_instructions);
      activity = s.watcher.stop() || interrupt_already;
    }
    if (result.reason == cpu::StopReason::Reset) {  // a continue goes on after the reboot
      s.step_ended_by_reset = s.resume.kind == Resume::Kind::Step;
      return result;
    }
    if (result.reason != cpu::StopReason::Debug) return finish(result);
    const cpu::DebugStop stop = s.machine.debug_stop();
    // A pause no activity asked for in this run was asked for in an earlier
    // one that stopped for something else first: nothing to do.
    if (stop.cause == cpu::DebugStop::Cause::Pause && !activity) {
      if (s.control_ends(false)) return finish(*s.control_end);  // run control's pause
      continue;
    }

    bool interrupted = false;
    if (activity) {
      if (!s.connection) {
        // A GDB connects: the machine stands at `stop`, which GDB's `?` learns.
        if (!s.accept(stop)) continue;
        if (auto end = after_serving(s.serve())) return *end;
        continue;
      }
      if (!s.connection->take_available()) {
        s.disconnect("hung up");
        continue;
      }
      interrupted = s.connection->take_interrupt();
    }
    if (!s.connection) continue;
    if (stop.cause == cpu::DebugStop::Cause::Pause && !interrupted) {  // bytes that were no Ctrl-C
      if (s.control_ends(false)) return finish(*s.control_end);  // the pause may have been run control's too
      continue;
    }
    if (auto end = report(stop, interrupted)) return *end;
  }
}

}  // namespace loom::debug
