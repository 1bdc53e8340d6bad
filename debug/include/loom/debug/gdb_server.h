#pragma once
// GDB's remote protocol for a Loom machine (`loom run --gdb ADDRESS`): GDB
// attaches over TCP or a unix socket, sees each hart as a thread, reads and
// writes registers (FP and CSRs included) and memory, sets breakpoints and
// watchpoints, steps one hart, continues, interrupts with Ctrl-C, detaches
// and kills. See docs/debugging.md.
//
// The server takes over the run loop: GdbServer::run replaces
// Machine::run. While no debugger stops it, the machine runs exactly as it
// would without one (a thread waits on the socket and asks for a pause
// when GDB has something to say); while stopped, nothing in the machine or
// the device servers moves.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "loom/cpu/machine.h"

namespace loom::debug {

// An address that is not ":PORT", "HOST:PORT" or "unix:PATH" (a usage
// error); the message names the address and what is wrong with it.
struct GdbAddressError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Where GDB connects. ":PORT" listens on 127.0.0.1 only; port 0 picks a
// free port (GdbServer::listening_on() says which).
struct GdbAddress {
  enum class Kind { Tcp, Unix };
  Kind kind = Kind::Tcp;
  std::string host;  // Tcp
  uint16_t port = 0;  // Tcp
  std::string path;  // Unix
  std::string text;  // as the user wrote it
};
GdbAddress parse_gdb_address(const std::string& text);

struct GdbServerOptions {
  GdbAddress address;
  // Wait for GDB before the first instruction (every hart at its reset pc).
  bool wait_for_attach = false;
  // Polled while the machine is stopped in the debugger: when it says
  // stop (a signal to loom run, a dead device server), run() returns its
  // stop_result() without waiting for GDB any more.
  const cpu::StopSource* outside_stop = nullptr;
  // `monitor reset`: reboots the board (Machine::reset and the device
  // servers); returns an error or "". Unset: the command says it cannot.
  std::function<std::string()> reset_board;
  // More lines for `monitor stats` (the bridge's report).
  std::function<std::string()> board_report;
  // The exit status loom run gives a result, for GDB's "exited with code".
  std::function<int(const cpu::RunResult&)> exit_status;
  // Run control beside GDB (loom ctl): called with the machine paused for
  // something GDB did not ask for (`stopped_by_gdb` false: it serves until
  // the run may go on), and every 100 ms while GDB holds the machine
  // stopped or is awaited (true: it serves what waits, without blocking).
  // A result ends the run.
  std::function<std::optional<cpu::RunResult>(bool stopped_by_gdb)> outside_control;
};

class GdbServer {
 public:
  // Binds and listens. Throws std::runtime_error naming the address when
  // that fails (in use, no permission, a file that is not a socket at a
  // unix path: never replaced).
  GdbServer(cpu::Machine& machine, GdbServerOptions options);
  ~GdbServer();
  GdbServer(const GdbServer&) = delete;
  GdbServer& operator=(const GdbServer&) = delete;

  // "127.0.0.1:1234" or "unix:/path", the port chosen if 0 was asked for.
  std::string listening_on() const;

  // Runs the machine as Machine::run(max_instructions) does, stopping for
  // GDB as it asks. Returns what ended the run (never StopReason::Debug):
  // the guest's exit, the instruction limit, an error, a reset request
  // (call run() again after the reset: GDB stays attached and its resume
  // goes on), or GDB's kill (then killed() is true).
  cpu::RunResult run(uint64_t max_instructions);
  bool killed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace loom::debug
