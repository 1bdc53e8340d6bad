#pragma once
// The protocol layer of the GDB stub: one packet in, what to answer and
// what to do. Threads are harts (thread id = hart + 1). Resuming, detaching
// and killing are returned to the caller (gdb_server.cpp), which owns the
// run; everything else is answered here through the Target. Works without
// sockets: the unit tests feed it packets.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loom/cpu/machine.h"
#include "monitor.h"
#include "target.h"

namespace loom::debug {

struct Resume {
  enum class Kind { None, Continue, Step };
  Kind kind = Kind::None;
  uint32_t hart = 0;  // Step: the one hart that moves
};

struct SessionAction {
  std::optional<std::string> reply;  // nullopt: this packet has no reply (k, and resuming ones)
  Resume resume;
  bool detach = false;
  bool kill = false;
  bool stop_acks = false;  // QStartNoAckMode: no `+`/`-` after this reply
};

class Session {
 public:
  Session(Target& target, MonitorHooks hooks) : target_(target), hooks_(std::move(hooks)) {}

  SessionAction handle(std::string_view packet);

  // The machine stopped: the stop reply (`T...`) for GDB, which `?` also
  // gives until the next stop. `interrupted`: GDB asked for it (Ctrl-C).
  std::string stopped(const cpu::DebugStop& stop, bool interrupted);
  // A new GDB attached to a machine that stands at `stop` (not yet
  // reported): its `?` gets a plain stop at that hart.
  void attached(const cpu::DebugStop& stop);
  // The run is over: what GDB is told (an `O` console line with the
  // message, if any, then `W` with the exit status).
  std::vector<std::string> run_ended(const cpu::RunResult& result, int exit_status);

 private:
  std::string reply_registers(uint32_t hart);
  std::string write_registers(uint32_t hart, std::string_view hex);
  std::string read_register(std::string_view args);
  std::string write_register(std::string_view args);
  std::string read_memory(std::string_view args);
  std::string write_memory(std::string_view args, bool binary);
  std::string point(std::string_view args, bool insert);
  std::string query(std::string_view packet);
  std::string set_thread(std::string_view args);
  SessionAction resume(char action, std::string_view args);
  SessionAction vcont(std::string_view actions);
  // A thread id from GDB: a hart, or nullopt for "any"/"all"/unknown.
  std::optional<uint32_t> hart_of(std::string_view thread) const;

  Target& target_;
  MonitorHooks hooks_;
  uint32_t general_hart_ = 0;   // Hg: registers and memory
  uint32_t continue_hart_ = 0;  // Hc: what `s` steps
  std::string last_stop_ = "S05";
};

}  // namespace loom::debug
